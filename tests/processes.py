"""Helpers for the tests (and `make bench`) that run real processes: a free port, a clean environment, stopping a
process group, a Redis that answers, the URL by which another process reaches the test database, and calls run at
once in threads of their own (each with its own database connection)."""

import contextlib
import os
import signal
import socket
import subprocess
import threading
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra) -> dict:
    """This process's environment without its Django and Celery settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def stop(process: subprocess.Popen, *, first: int = signal.SIGTERM, wait: float = 20) -> None:
    """Stops a process started with start_new_session=True, and everything it forked: `first`, then SIGKILL."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, first)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def skip_or_fail(message: str) -> None:
    """A test that cannot run here skips locally, saying why, and fails in CI, where everything it needs is there."""
    if IN_CI:
        pytest.fail(f"CI: {message}")
    pytest.skip(message)


# The Redis database of the tests that start Celery workers when REDIS_URL is not set (CI sets it).
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_url_of_this_test_process(url: str) -> str:
    """Under pytest-xdist (make test) each test process gets a Redis database of its own, the URL's number plus the
    process's: a Celery worker that one test starts would otherwise take the tasks another test process publishes
    on the same queue, and run them against the wrong test database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    database = (int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))) % 16
    return urlunsplit(parts._replace(path=f"/{database}"))


def redis_url_answering() -> str:
    """REDIS_URL (CI sets it), else LOCAL_REDIS_URL, as a database of this test process's own (above); skips (fails in
    CI) if none answers."""
    import redis

    url = redis_url_of_this_test_process(os.environ.get("REDIS_URL") or LOCAL_REDIS_URL)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        skip_or_fail(f"Redis does not answer at {url}: {error}")
    return url


def shared_database_url() -> str:
    """DATABASE_URL of the test database, for another process. PostgreSQL only: pytest-django keeps an SQLite
    test database in memory, where no other process can see it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail(
            "needs PostgreSQL: the SQLite test database lives in this process's memory (CI runs it on PostgreSQL)"
        )
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def run_together(*calls):
    """Runs each call in its own thread and connection, released at once; returns (results, errors)."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:  # collected and asserted on by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors
