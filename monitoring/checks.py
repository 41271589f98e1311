"""What /healthz checks: the database answers, the broker answers, and the reminder sweep ran recently.

Each check returns a Check and never raises: a probe must answer 503 naming what failed, never 500. The details of a
failure (host names, ports) go to the log, one line per failed probe, not to the anonymous answer.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from kombu import Connection

from reminders.selectors import sweep_last_run

logger = logging.getLogger(__name__)

# The web process's start: until it has been up for the stale limit, a sweep that never ran or ran long ago is not a
# failure. On a fresh start compose waits for web to be healthy before it starts the worker and beat, and after a
# long stop the last sweep is as old as the stop; either way the first sweep needs a minute to come.
STARTED_AT = timezone.now()
# Celery's default queue (the project names no other): its length is what the probe reads.
DEFAULT_QUEUE = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health: the database does not answer: %s", error)
        return Check("database", False, "does not answer")
    return Check("database", True, "answers")


def broker_check(*, url: str | None = None, timeout: float | None = None) -> Check:
    """A round trip to the broker (Redis, or the embedded SQLite file): declaring the default queue reads its length,
    which connects for real (opening a kombu connection alone is lazy on the SQLAlchemy transport). No worker
    takes part: a dead worker shows as a stale sweep."""
    url = url or settings.CELERY_BROKER_URL
    timeout = timeout or settings.HEALTHZ_BROKER_TIMEOUT_SECONDS
    # Redis reads these as socket timeouts; SQLAlchemy would hand any option to create_engine, so it gets none.
    options = {"socket_timeout": timeout, "max_retries": 0} if url.startswith(("redis", "rediss")) else {}
    try:
        with Connection(url, connect_timeout=timeout, transport_options=options) as broker:
            broker.ensure_connection(max_retries=0)  # one try: the probe's own timeout is short
            _, waiting, _ = broker.default_channel.queue_declare(queue=DEFAULT_QUEUE)
    except Exception as error:  # kombu's, redis' or SQLAlchemy's errors: any of them means unreachable
        logger.warning("Health: the broker does not answer: %s: %s", type(error).__name__, error)
        return Check("broker", False, "does not answer")
    return Check("broker", True, f"answers, {waiting} task messages waiting")


def sweep_check(*, now: dt.datetime, started_at: dt.datetime | None = None) -> Check:
    stale_after = dt.timedelta(seconds=settings.SWEEP_STALE_AFTER_SECONDS)
    try:
        last = sweep_last_run()
    except DatabaseError:
        return Check("sweep", False, "unknown: the database does not answer")
    settling = now - (started_at or STARTED_AT) < stale_after
    if last is None:
        if settling:
            return Check("sweep", True, "waiting for the first sweep")
        return Check("sweep", False, "never ran")
    age = max((now - last.finished_at).total_seconds(), 0)
    if age > stale_after.total_seconds() and not settling:
        return Check("sweep", False, f"last ran {age:.0f} s ago (limit {stale_after.total_seconds():.0f} s)")
    return Check("sweep", True, f"last ran {age:.0f} s ago")


def health_checks(*, now: dt.datetime) -> list[Check]:
    return [database_check(), broker_check(), sweep_check(now=now)]
