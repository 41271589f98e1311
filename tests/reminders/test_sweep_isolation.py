"""Issue 12: one bad row never stops anyone's reminders. Each reminder's handling fails alone (recorded, backed off,
logged with its id), the run goes on with the others, a row that keeps failing is parked with its reason, and one
account's rows delay another's by at most one batch."""

import datetime as dt
import logging
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.template import TemplateSyntaxError

from followups import delivery
from followups.tasks import reminders_send_due
from interviews.models import Interview
from reminders import sweep
from reminders.models import Reminder
from reminders.sweep import BATCH_SIZE, reminders_due
from tests.conftest import make_user
from tests.factories import InterviewFactory
from tests.world import interview_ended

UTC = dt.UTC
ENDS = dt.datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # 10:00 in London: the notes' window closes 20:00 (19:00 UTC)
CLOSING = dt.datetime(2026, 6, 10, 17, 0, tzinfo=UTC)  # "closes in 2 hours" is due then
K = Reminder.Kind
POISON_DOMAIN = "poison.example.com"


class RefusesOneRecipientBackend(EmailBackend):
    """A mail server that takes every message except those to one domain, which it refuses for good (550)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if any(address.endswith(f"@{POISON_DOMAIN}") for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"5.1.1 No such user")})
        return super().send_messages(email_messages)


def closing_reminder_of(owner, *, minutes_before: int = 0) -> Reminder:
    """An interview of `owner` that ended at ENDS with one person met and its note unsent: its "window closes"
    reminder falls due at CLOSING (and is tried `minutes_before` earlier, so it sorts first)."""
    with time_machine.travel(ENDS + dt.timedelta(minutes=20), tick=False):
        interview = interview_ended(owner, ends_at=ENDS, people=["Ada Lovelace"], debrief={})
    reminder = Reminder.objects.get(interview=interview, kind=K.THANKS_CLOSING)
    if minutes_before:
        earlier = CLOSING - dt.timedelta(minutes=minutes_before)
        Reminder.objects.filter(pk=reminder.pk).update(next_attempt_at=earlier)
    return reminder


@pytest.fixture
def poison(db, monkeypatch):
    """One account's poison rows of every kind that can be built, each due before every genuine reminder."""
    mallory = make_user("mallory@example.com", name="Mallory")
    rows = {}

    # Interview.ends_at overflows (starts_at 9999-12-31, as an import could store).
    rows["overflow"] = closing_reminder_of(mallory, minutes_before=10)
    Interview.objects.filter(pk=rows["overflow"].interview_id).update(
        starts_at=dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    )
    # An odd interview: a time zone that does not exist.
    rows["odd_zone"] = closing_reminder_of(mallory, minutes_before=9)
    Interview.objects.filter(pk=rows["odd_zone"].interview_id).update(time_zone="Mars/Olympus_Mons")
    # A row whose rules raise.
    rows["rules"] = closing_reminder_of(mallory, minutes_before=8)
    real_due_times = delivery.reminder_due_times

    def due_times(*, interview, now):
        if interview.pk == rows["rules"].interview_id:
            raise ValueError("the rules cannot read this interview")
        return real_due_times(interview=interview, now=now)

    monkeypatch.setattr(delivery, "reminder_due_times", due_times)
    # A template that raises while this reminder's email is rendered.
    rows["template"] = closing_reminder_of(mallory, minutes_before=7)
    real_message = delivery.reminder_message

    def message(*, reminder, interview, now):
        if reminder.pk == rows["template"].pk:
            raise TemplateSyntaxError("Invalid block tag on line 3: 'endfor'")
        return real_message(reminder=reminder, interview=interview, now=now)

    monkeypatch.setattr(delivery, "reminder_message", message)
    # The mail server refuses this one recipient for good.
    refused = make_user(f"nobody@{POISON_DOMAIN}", name="Nobody")
    rows["refused"] = closing_reminder_of(refused, minutes_before=6)
    return rows


@pytest.fixture
def genuine(db):
    return [closing_reminder_of(make_user(f"candidate{i}@example.com")) for i in range(6)]


@pytest.fixture
def refusing_backend(settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_sweep_isolation.RefusesOneRecipientBackend"
    settings.REMINDER_RETRY_UNIT_SECONDS = 1  # the back-off, in seconds here, so five runs fit in five minutes


def test_every_genuine_reminder_is_sent_in_the_first_run_whatever_the_poison_rows_raise(
    poison, genuine, refusing_backend, caplog
):
    with caplog.at_level(logging.WARNING, logger="reminders.sweep"):
        counts = reminders_send_due(now=CLOSING + dt.timedelta(minutes=1))

    assert counts == {"sent": len(genuine), "failed": len(poison)}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.user.email for r in genuine)
    assert set(Reminder.objects.filter(pk__in=[r.pk for r in genuine]).values_list("state", flat=True)) == {"sent"}
    for name, row in poison.items():
        row.refresh_from_db()
        assert (row.state, row.failures) == (Reminder.State.SCHEDULED, 1), name
        assert row.next_attempt_at == CLOSING + dt.timedelta(minutes=1, seconds=1), name  # backed off, not leased
        assert row.claimed_at is None
        assert f"Reminder {row.pk} failed (1 of 5)" in caplog.text, name
    assert poison["overflow"].last_error.startswith("OverflowError: ")
    assert poison["odd_zone"].last_error.startswith("ZoneInfoNotFoundError: ")
    assert poison["rules"].last_error == "ValueError: the rules cannot read this interview"
    assert poison["template"].last_error.startswith("TemplateSyntaxError: Invalid block tag")
    assert poison["refused"].last_error.startswith("SMTPRecipientsRefused: ")


def test_a_poison_row_is_parked_after_five_failures_with_its_reason_and_leaves_the_due_set(
    poison, genuine, refusing_backend
):
    runs = [reminders_send_due(now=CLOSING + dt.timedelta(minutes=1 + run)) for run in range(6)]

    assert runs[:4] == [{"sent": len(genuine), "failed": 5}, {"failed": 5}, {"failed": 5}, {"failed": 5}]
    assert runs[4:] == [{"parked": 5}, {}]
    for name, row in poison.items():
        row.refresh_from_db()
        assert (row.state, row.failures) == (Reminder.State.PARKED, 5), name
        assert row.parked_at == CLOSING + dt.timedelta(minutes=5), name
        assert row.closed_reason == row.last_error[:200] and row.closed_reason, name
    assert poison["overflow"].closed_reason.startswith("OverflowError")
    assert len(mail.outbox) == len(genuine)


def test_an_smtp_outage_is_retried_and_never_parks(genuine, settings, smtp_down):
    settings.REMINDER_RETRY_UNIT_SECONDS = 1
    smtp_down()
    for run in range(7):
        assert reminders_send_due(now=CLOSING + dt.timedelta(minutes=1 + run)) == {"failed": len(genuine)}
    smtp_down(False)
    assert reminders_send_due(now=CLOSING + dt.timedelta(minutes=9)) == {"sent": len(genuine)}
    assert set(Reminder.objects.filter(pk__in=[r.pk for r in genuine]).values_list("failures", flat=True)) == {0}


def test_an_451_is_an_outage_and_a_550_is_the_reminders_own_failure():
    assert sweep.smtp_outage(ConnectionRefusedError(111, "Connection refused"))
    assert sweep.smtp_outage(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    assert sweep.smtp_outage(smtplib.SMTPDataError(451, b"4.3.0 Try again later"))
    assert sweep.smtp_outage(smtplib.SMTPRecipientsRefused({"a@example.com": (452, b"4.2.2 Mailbox full")}))
    assert not sweep.smtp_outage(smtplib.SMTPDataError(554, b"5.7.1 Rejected"))
    assert not sweep.smtp_outage(smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"5.1.1 No such user")}))
    assert not sweep.smtp_outage(ValueError("not the network"))


def test_one_accounts_rows_delay_another_accounts_reminders_by_at_most_one_batch(db, settings):
    """Three batches' worth of one account's rows, all due before another account's one reminder: that reminder is
    in the first batch read, and a run of one batch sends it."""
    mallory = make_user("mallory@example.com")
    due = CLOSING - dt.timedelta(hours=1)
    kinds = list(K.values)
    interviews = Interview.objects.bulk_create(
        InterviewFactory.build(owner=mallory, opportunity=InterviewFactory(owner=mallory).opportunity)
        for _ in range(-(-3 * BATCH_SIZE // len(kinds)))
    )
    Reminder.objects.bulk_create(
        Reminder(
            user=mallory,
            interview=interviews[i // len(kinds)],
            kind=kinds[i % len(kinds)],
            due_at=due + dt.timedelta(seconds=i),
            next_attempt_at=due + dt.timedelta(seconds=i),
        )
        for i in range(3 * BATCH_SIZE)
    )
    alice = closing_reminder_of(make_user("alice@example.com"))
    now = CLOSING + dt.timedelta(minutes=1)

    first_batch = reminders_due(now=now, limit=BATCH_SIZE)
    assert alice.pk in {row.pk for row in first_batch}
    assert len(first_batch) == BATCH_SIZE  # an account alone still fills the rest of a batch

    reminders_send_due(now=now, limit=BATCH_SIZE)
    alice.refresh_from_db()
    assert alice.state == Reminder.State.SENT
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_a_batch_whose_interviews_cannot_be_read_together_is_read_one_by_one(genuine, monkeypatch):
    real = delivery.interviews_by_id
    broken = genuine[0].interview_id

    def read(ids):
        if broken in ids:
            raise OverflowError("date value out of range")
        return real(ids)

    monkeypatch.setattr(delivery, "interviews_by_id", read)
    counts = reminders_send_due(now=CLOSING + dt.timedelta(minutes=1))

    assert counts == {"sent": len(genuine) - 1, "failed": 1}
    assert Reminder.objects.get(pk=genuine[0].pk).last_error == "OverflowError: date value out of range"
