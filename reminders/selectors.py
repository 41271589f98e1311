"""The operator's view of the delivery machine (/healthz, /metrics): one query each."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Reminder, SweepRun

# The oldest row the sweep would pick now. The WHERE is the condition of the partial index reminder_sweep_idx (and of
# reminders.sweep.REMINDERS_DUE_SQL) plus a range on its column, with the state written in: SQLite uses a partial
# index only when the query's own text implies the index's condition, which a bound parameter does not.
REMINDER_OLDEST_DUE_SQL = (
    f"SELECT id, next_attempt_at FROM {Reminder._meta.db_table} "
    f"WHERE state = '{Reminder.State.SCHEDULED}' AND next_attempt_at <= %s ORDER BY next_attempt_at, id LIMIT 1"
)


def reminder_sweep_lag(*, now: dt.datetime) -> dt.timedelta:
    """How long the oldest due reminder has waited for a sweep (zero when none is due): the time since its
    next_attempt_at, so a failed send waiting for its retry counts from the retry, not from its first due time."""
    oldest = next(iter(Reminder.objects.raw(REMINDER_OLDEST_DUE_SQL, [now])), None)
    return max(now - oldest.next_attempt_at, dt.timedelta(0)) if oldest else dt.timedelta(0)


@dataclass(frozen=True)
class StateCount:
    total: int
    failed: int  # rows whose last try failed (a scheduled one is waiting for its retry)


def reminder_counts_by_state() -> dict[str, StateCount]:
    """Every state that has rows, grouped in the database, so a state added later appears by itself."""
    rows = Reminder.objects.values("state").annotate(total=Count("pk"), failed=Count("pk", filter=~Q(last_error="")))
    return {row["state"]: StateCount(total=row["total"], failed=row["failed"]) for row in rows}


def sweep_last_run() -> SweepRun | None:
    return SweepRun.objects.filter(pk=SweepRun.ONLY).first()
