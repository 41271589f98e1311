"""Issue 19: the beat task claims batches and dispatches each to send_reminder_batch (ids only), so delivery runs
on every worker process; claims and leases stay in the database, so a lost task only delays its batch."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from followups import tasks
from reminders import sweep
from reminders.models import Reminder
from tests.conftest import make_user

from .test_sweep_isolation import CLOSING, closing_reminder_of

NOW = CLOSING + dt.timedelta(minutes=1)


@pytest.fixture
def due(db, monkeypatch):
    monkeypatch.setattr(sweep, "BATCH_SIZE", 2)
    return [closing_reminder_of(make_user(f"candidate{i}@example.com"), minutes_before=10 - i) for i in range(5)]


@pytest.fixture
def dispatched(monkeypatch):
    """The batch tasks the beat task sends to the broker, kept here instead of run."""
    sent = []
    monkeypatch.setattr(tasks.send_reminder_batch, "delay", lambda **kwargs: sent.append(kwargs))
    return sent


def test_the_beat_task_dispatches_each_claimed_batch_and_the_batch_tasks_send_them(due, dispatched):
    with time_machine.travel(NOW, tick=False):
        assert tasks.send_due_reminders() == 3

    assert [batch["ids"] for batch in dispatched] == [[r.pk for r in due[:2]], [r.pk for r in due[2:4]], [due[4].pk]]
    # Claimed, not yet sent: out of the due set until their lease runs out.
    assert sweep.reminders_due(now=NOW) == []
    assert mail.outbox == []

    with time_machine.travel(NOW, tick=False):
        results = [tasks.send_reminder_batch(**batch) for batch in dispatched]
    assert results == [{"sent": 2}, {"sent": 2}, {"sent": 1}]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.user.email for r in due)
    assert set(Reminder.objects.filter(pk__in=[r.pk for r in due]).values_list("state", flat=True)) == {"sent"}


def test_a_lost_batch_task_only_delays_its_batch_until_the_lease_brings_it_back(due, dispatched):
    with time_machine.travel(NOW, tick=False):
        tasks.send_due_reminders()
    lost, *delivered = dispatched
    with time_machine.travel(NOW, tick=False):
        for batch in delivered:
            tasks.send_reminder_batch(**batch)
        assert tasks.send_due_reminders() == 0  # the lost batch is still held by its claim

    after_lease = NOW + sweep.claim_lease() + dt.timedelta(seconds=1)
    dispatched.clear()
    with time_machine.travel(after_lease, tick=False):
        assert tasks.send_due_reminders() == 1
        assert dispatched[0]["ids"] == lost["ids"]
        # The lost task turning up late finds its claim gone and sends nothing; the new one sends the batch.
        assert tasks.send_reminder_batch(**lost) == {"taken": 2}
        assert tasks.send_reminder_batch(**dispatched[0]) == {"sent": 2}
    assert len(mail.outbox) == len(due)
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == len(due)


def test_in_the_test_settings_the_beat_task_runs_its_batches_eagerly(due):
    with time_machine.travel(NOW, tick=False):
        assert tasks.send_due_reminders.delay().get() == 3
    assert len(mail.outbox) == len(due)


def test_a_batch_slower_than_the_lease_skips_a_row_another_sweep_took_meanwhile(due, dispatched, settings, monkeypatch):
    """The fault drill found it: a batch task loads its rows, and while it sends the first ones the lease of a later
    one runs out and another sweep takes and sends it. Each row's lease is taken again just before it goes."""
    from .conftest import HookBackend

    with time_machine.travel(NOW, tick=False):
        tasks.send_due_reminders()
    first, second = dispatched[0]["ids"]

    def another_sweep_takes_the_second():
        Reminder.objects.filter(pk=second).update(next_attempt_at=NOW + dt.timedelta(hours=1))

    settings.EMAIL_BACKEND = "tests.reminders.conftest.HookBackend"
    monkeypatch.setattr(HookBackend, "during_send", another_sweep_takes_the_second)
    with time_machine.travel(NOW, tick=False):
        assert tasks.send_reminder_batch(**dispatched[0]) == {"sent": 1, "taken": 1}
    assert [message.to[0] for message in mail.outbox] == [due[0].user.email]
    assert Reminder.objects.get(pk=first).state == "sent"
    assert Reminder.objects.get(pk=second).state == "scheduled"
