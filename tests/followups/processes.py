"""Helpers for tests that run real processes against the test database: the URL a second process uses to reach
it, and stopping a process group it started."""

import os
import signal
import socket
import subprocess
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import IN_CI


def shared_database_url() -> str:
    """DATABASE_URL of the test database, for another process. PostgreSQL only: pytest-django keeps an SQLite
    test database in memory, where no other process can see it."""
    if connection.vendor != "postgresql":
        message = "needs PostgreSQL: the SQLite test database lives in this process's memory (CI runs it on PostgreSQL)"
        if IN_CI:
            pytest.fail(f"CI: {message}")
        pytest.skip(message)
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def stop(process: subprocess.Popen) -> None:
    """Stops a process started with start_new_session=True, and everything it forked."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
