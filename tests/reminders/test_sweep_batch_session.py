"""Issue 19: one SMTP session per batch. Many messages go through one connection, each reminder recorded right
after its own 250; a connection dropped mid-batch reopens for the rest, and a refused message fails its own
reminder only."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from followups.tasks import reminders_send_due
from reminders.models import Reminder
from tests.conftest import make_user

from .test_sweep_isolation import CLOSING, closing_reminder_of


class SessionBackend(EmailBackend):
    """Like an SMTP connection: open() starts a session, close() ends it, and `drop_at` (the nth message over all
    sessions) drops the connection instead of sending, as a server that goes away does."""

    sessions: list[list[str]] = []  # the recipients of each session, in order
    drop_at: int | None = None
    is_open = False

    def open(self):
        if self.is_open:
            return False
        self.is_open = True
        SessionBackend.sessions.append([])
        return True

    def close(self):
        self.is_open = False

    def send_messages(self, email_messages):
        assert self.is_open, "a message sent outside a session"
        sent = sum(len(session) for session in SessionBackend.sessions)
        if SessionBackend.drop_at is not None and sent + 1 == SessionBackend.drop_at:
            SessionBackend.drop_at = None
            self.is_open = False
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        SessionBackend.sessions[-1].extend(message.to[0] for message in email_messages)
        # Each reminder is recorded before the next message: the one before this is already sent.
        return super().send_messages(email_messages)


@pytest.fixture
def sessions(settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_sweep_batch_session.SessionBackend"
    SessionBackend.sessions, SessionBackend.drop_at = [], None
    return SessionBackend


@pytest.fixture
def due(db):
    return [closing_reminder_of(make_user(f"candidate{i}@example.com"), minutes_before=10 - i) for i in range(6)]


def test_a_batch_goes_through_one_smtp_session_each_reminder_recorded_after_its_own_send(due, sessions, monkeypatch):
    from reminders import sweep

    recorded_when_next_sent = []
    real_send = sweep.BatchMailer.send

    def send(self, message):
        # What the database says of the reminders before this one, at the moment this one goes.
        recorded_when_next_sent.append(Reminder.objects.filter(state="sent").count())
        return real_send(self, message)

    monkeypatch.setattr(sweep.BatchMailer, "send", send)
    assert reminders_send_due(now=CLOSING + dt.timedelta(minutes=1)) == {"sent": 6}

    assert sessions.sessions == [[r.user.email for r in due]]
    assert recorded_when_next_sent == [0, 1, 2, 3, 4, 5]
    assert len(mail.outbox) == 6


def test_a_connection_dropped_mid_batch_reopens_for_the_rest_and_fails_only_the_message_it_dropped(
    due, sessions, settings
):
    settings.REMINDER_RETRY_UNIT_SECONDS = 1
    sessions.drop_at = 3

    assert reminders_send_due(now=CLOSING + dt.timedelta(minutes=1)) == {"sent": 5, "failed": 1}
    emails = [r.user.email for r in due]
    assert sessions.sessions == [emails[:2], emails[3:]]
    dropped = Reminder.objects.get(pk=due[2].pk)
    assert (dropped.state, dropped.failures) == (Reminder.State.SCHEDULED, 0)  # an outage's failure: retried
    assert dropped.last_error.startswith("SMTPServerDisconnected")

    assert reminders_send_due(now=CLOSING + dt.timedelta(minutes=2)) == {"sent": 1}
    assert sessions.sessions[-1] == [emails[2]]


def test_a_message_refused_in_a_batch_is_that_reminders_failure_only(due, settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_sweep_isolation.RefusesOneRecipientBackend"
    refused = closing_reminder_of(make_user("nobody@poison.example.com"), minutes_before=20)

    assert reminders_send_due(now=CLOSING + dt.timedelta(minutes=1)) == {"sent": 6, "failed": 1}
    refused.refresh_from_db()
    assert (refused.failures, refused.last_error[:21]) == (1, "SMTPRecipientsRefused")
    assert len(mail.outbox) == 6
