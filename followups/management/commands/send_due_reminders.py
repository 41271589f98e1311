from django.core.management.base import BaseCommand

from followups.tasks import reminders_send_due
from reminders.services import sweep_run_record


class Command(BaseCommand):
    help = (
        "Sends the reminder emails that are due, once each (what Celery beat runs every minute). Safe to run while "
        "beat runs too: each reminder is claimed before it is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="At most this many reminders in one run.")

    def handle(self, *args, limit: int, **options):
        counts = reminders_send_due(limit=limit)
        sweep_run_record(counts=counts)  # a sweep run from cron counts for /healthz as beat's does
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing due"
        self.stdout.write(f"Reminders: {summary}.")
