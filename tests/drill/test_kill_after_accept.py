"""The one gap no sender can close: the SMTP server has accepted a reminder (250 to DATA) and the sending process
dies before it records that. Nothing tells the next sweep the message went, so when the claim's lease runs out it
sends that reminder again: one extra copy, with the same Message-ID, and never more.

A batch goes through one SMTP session and each reminder is recorded right after its own 250, before the next
message, so no SMTP command falls inside that gap: the server holds the sender with the message kept and its 250
not yet answered, which is the same for the database (the message is the server's, the reminder unrecorded)."""

import datetime as dt
import subprocess
import sys

import pytest
from django.utils import timezone

from reminders.models import Reminder
from tests.conftest import make_user
from tests.processes import clean_env, shared_database_url
from tests.world import interview_ended

from .harness import ControlledSmtp, Process, drill_log_dir

LEASE_SECONDS = 30  # long enough that the check just after the kill runs well inside it, on a loaded machine too;
# the tests end it by hand (end_the_dead_senders_leases) rather than wait it out
SWEEP = [sys.executable, "manage.py", "send_due_reminders"]


def sender_env(settings, smtp: ControlledSmtp) -> dict:
    return clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=shared_database_url(),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        SITE_URL=settings.SITE_URL,
        REMINDER_CLAIM_LEASE_SECONDS=LEASE_SECONDS,
    )


def end_the_dead_senders_leases() -> int:
    """What the next sweep sees once LEASE_SECONDS have passed, without waiting them: every lease still running (a
    scheduled row held until a moment within the lease from now) ends now. Returns how many there were."""
    now = timezone.now()
    held = Reminder.objects.filter(
        state=Reminder.State.SCHEDULED,
        next_attempt_at__gt=now,
        next_attempt_at__lte=now + dt.timedelta(seconds=LEASE_SECONDS),
    )
    return held.update(next_attempt_at=now)


def sweeper(settings, env):
    def sweep_once() -> str:
        done = subprocess.run(SWEEP, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    return sweep_once


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_sender_killed_between_the_servers_250_and_the_record_sends_that_one_reminder_once_more(settings):
    settings.SITE_URL = "http://drill.test"
    owner = make_user("owner@example.com", name="Olivia Owner")
    interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=25), debrief={})
    reminder = Reminder.objects.get(state=Reminder.State.SCHEDULED)  # the thank-you window has passed

    smtp = ControlledSmtp()
    env = sender_env(settings, smtp)
    sweep_once = sweeper(settings, env)

    sender = Process("sender", SWEEP, env=env, log_dir=drill_log_dir("kill-after-accept"))
    smtp.start()
    try:
        smtp.hold("DATA")  # the server has kept the message; its 250 is on the way
        sender.start()
        assert smtp.holding.wait(timeout=60), sender.log()
        assert sum(smtp.message_ids().values()) == 1
        sender.kill()
        smtp.release()

        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == (Reminder.State.SCHEDULED, 1)  # never recorded as sent
        assert sweep_once() == "Reminders: nothing due."  # the dead sender's claim still holds it

        assert end_the_dead_senders_leases() == 1
        assert sweep_once() == "Reminders: 1 sent."  # the lease ran out: the same reminder again
        assert sweep_once() == "Reminders: nothing due."
    finally:
        sender.stop()
        smtp.stop()

    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (Reminder.State.SENT, 2)
    # Exactly one extra copy, recognisable as the same message.
    assert smtp.message_ids() == {reminder.message_id: 2}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_batch_killed_mid_session_sends_only_the_unrecorded_reminder_twice(settings):
    """Three reminders in one batch, one session; the sender dies with the second kept by the server and not yet
    recorded. The first was recorded after its 250 and never goes again, the third was never claimed and goes with
    the next sweep, the second goes again once its lease runs out: one extra copy, of the second only."""
    settings.SITE_URL = "http://drill.test"
    owner = make_user("owner@example.com", name="Olivia Owner")
    for hours in (27, 26, 25):
        interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=hours), debrief={})
    first, second, third = Reminder.objects.filter(state=Reminder.State.SCHEDULED).order_by("next_attempt_at", "pk")

    smtp = ControlledSmtp()
    env = sender_env(settings, smtp)
    sweep_once = sweeper(settings, env)
    sender = Process("sender", SWEEP, env=env, log_dir=drill_log_dir("kill-after-accept-batch"))
    smtp.start()
    try:
        smtp.hold("DATA", from_message=2)
        sender.start()
        assert smtp.holding.wait(timeout=60), sender.log()
        sender.kill()
        smtp.release()
        for reminder in (first, second, third):
            reminder.refresh_from_db()
        assert (first.state, second.state, third.state) == ("sent", "scheduled", "scheduled")
        assert (second.attempts, third.attempts) == (1, 0)  # the second claimed, the third never reached

        assert sweep_once() == "Reminders: 1 sent."  # the third; the second is still the dead sender's
        assert end_the_dead_senders_leases() == 1
        assert sweep_once() == "Reminders: 1 sent."  # the lease ran out: the second again
        assert sweep_once() == "Reminders: nothing due."
    finally:
        sender.stop()
        smtp.stop()

    states = Reminder.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("state", flat=True)
    assert set(states) == {Reminder.State.SENT}
    assert smtp.message_ids() == {
        first.message_id: 1,
        second.message_id: 2,
        third.message_id: 1,
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_sender_killed_while_hanging_up_after_its_batch_sends_nothing_twice(settings):
    """The batch is recorded message by message, so a sender that dies at QUIT has nothing left unrecorded."""
    settings.SITE_URL = "http://drill.test"
    owner = make_user("owner@example.com", name="Olivia Owner")
    for hours in (26, 25):
        interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=hours), debrief={})
    smtp = ControlledSmtp()
    env = sender_env(settings, smtp)
    sender = Process("sender", SWEEP, env=env, log_dir=drill_log_dir("kill-after-accept-quit"))
    smtp.start()
    try:
        smtp.hold("QUIT")
        sender.start()
        assert smtp.holding.wait(timeout=60), sender.log()
        sender.kill()
        smtp.release()
        assert not Reminder.objects.filter(state=Reminder.State.SCHEDULED).exists()
        assert Reminder.objects.filter(state=Reminder.State.SENT).count() == 2
        assert end_the_dead_senders_leases() == 0  # nothing was left held
        assert sweeper(settings, env)() == "Reminders: nothing due."
    finally:
        sender.stop()
        smtp.stop()
    assert sorted(smtp.message_ids().values()) == [1, 1]
