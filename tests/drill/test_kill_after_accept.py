"""The one gap no sender can close: the SMTP server has accepted a reminder (250 to DATA) and the sending process
dies before it records that. Nothing tells the next sweep the message went, so when the claim's lease runs out it
sends that reminder again: one extra copy, with the same Message-ID, and never more."""

import datetime as dt
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from followups.emails import reminder_message_id
from followups.models import Reminder
from tests.conftest import make_user
from tests.processes import clean_env, shared_database_url
from tests.world import interview_ended

from .harness import ControlledSmtp, Process, drill_log_dir

LEASE_SECONDS = 8  # long enough that the check just after the kill runs well inside it


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_sender_killed_between_the_servers_250_and_the_record_sends_that_one_reminder_once_more(settings):
    settings.SITE_URL = "http://drill.test"
    owner = make_user("owner@example.com", name="Olivia Owner")
    interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=25), debrief={})
    reminder = Reminder.objects.get(state=Reminder.State.SCHEDULED)  # the thank-you window has passed

    smtp = ControlledSmtp()
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=shared_database_url(),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        SITE_URL=settings.SITE_URL,
        REMINDER_CLAIM_LEASE_SECONDS=LEASE_SECONDS,
    )
    sweep = [sys.executable, "manage.py", "send_due_reminders"]

    def sweep_once() -> str:
        done = subprocess.run(sweep, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    sender = Process("sender", sweep, env=env, log_dir=drill_log_dir("kill-after-accept"))
    smtp.start()
    try:
        smtp.hold("QUIT")  # the server has said 250 to DATA; the sender is hanging up
        sender.start()
        assert smtp.holding.wait(timeout=60), sender.log()
        assert sum(smtp.message_ids().values()) == 1
        sender.kill()
        smtp.release()
        killed_at = time.monotonic()

        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == (Reminder.State.SCHEDULED, 1)  # never recorded as sent
        assert sweep_once() == "Reminders: nothing due."  # the dead sender's claim still holds it

        time.sleep(max(0, LEASE_SECONDS + 0.5 - (time.monotonic() - killed_at)))
        assert sweep_once() == "Reminders: 1 sent."  # the lease ran out: the same reminder again
        assert sweep_once() == "Reminders: nothing due."
    finally:
        sender.stop()
        smtp.stop()

    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (Reminder.State.SENT, 2)
    # Exactly one extra copy, recognisable as the same message.
    assert smtp.message_ids() == {reminder_message_id(reminder): 2}
