import datetime as dt

from celery import shared_task

from reminders import sweep
from reminders.services import sweep_run_record

from . import delivery


def reminders_send_due(*, now: dt.datetime | None = None, limit: int = sweep.SWEEP_LIMIT) -> dict[str, int]:
    """The sweep in one process, with follow-up's reminders (what the send_due_reminders command runs)."""
    return sweep.reminders_send_due(delivery=delivery, now=now, limit=limit)


@shared_task(name="followups.tasks.send_due_reminders", ignore_result=True)
def send_due_reminders() -> int:
    """Run by beat every minute: claims what is due, batch by batch, and hands each batch to send_reminder_batch,
    so that delivery runs in parallel on every worker process. Beat only nudges: due times, claims, leases and
    retries all live in the database, so a missed or doubled tick, or a lost task, changes nothing but the delay.
    Returns how many batches it dispatched."""
    batches = sweep.reminders_claim_due()
    for ids, lease_until in batches:
        send_reminder_batch.delay(ids=ids, lease_until=lease_until)
    # The heartbeat /healthz and /metrics read: this run claimed what was due and handed it on.
    sweep_run_record(counts={"claimed": sum(len(ids) for ids, _ in batches), "batches": len(batches)})
    return len(batches)


@shared_task(name="followups.tasks.send_reminder_batch", ignore_result=True)
def send_reminder_batch(*, ids: list[int], lease_until: str) -> dict[str, int]:
    """Sends one claimed batch (ids only, read again here) through one SMTP session."""
    return sweep.reminders_send_claimed(ids=ids, lease_until=lease_until, delivery=delivery)
