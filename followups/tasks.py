from celery import shared_task

from .services import sweep_run_record
from .sweep import reminders_send_due


@shared_task(name="followups.tasks.send_due_reminders", ignore_result=True)
def send_due_reminders() -> dict[str, int]:
    """Run by beat every minute. Beat only nudges: due times, claims and retries all live in the database, so a
    missed or doubled tick changes nothing but the delay."""
    counts = reminders_send_due()
    sweep_run_record(counts=counts)  # the heartbeat /healthz and /metrics read
    return counts
