import datetime as dt
import email
import re

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followups.models import FollowUpSettings, ThankYouNote
from followups.services import thank_you_note_mark_sent
from followups.tasks import reminders_send_due
from interviews.models import Company, Interview, Person
from interviews.services import debrief_save, interview_update
from reminders.models import Reminder
from tests.conftest import make_user
from tests.factories import InterviewFactory
from tests.world import interview_ended

UTC = dt.UTC
# Wednesday 10 June 2026; the owner lives in Europe/London (UTC+1 in June).
ENDS = dt.datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # 10:00 in London: thank-you notes due 20:00 (19:00 UTC)
CLOSING = dt.datetime(2026, 6, 10, 17, 0, tzinfo=UTC)
PASSED = dt.datetime(2026, 6, 10, 19, 0, tzinfo=UTC)
K = Reminder.Kind


@pytest.fixture
def interview(owner):
    with time_machine.travel(ENDS + dt.timedelta(minutes=20), tick=False):
        return interview_ended(owner, ends_at=ENDS, people=["Ada Lovelace", "Grace Hopper"], debrief={})


def minutes_after(moment, minutes):
    return moment + dt.timedelta(minutes=minutes)


def test_debrief_and_people_schedule_the_thank_you_reminders(interview):
    # (The debrief reminder, scheduled when the interview was logged, was cancelled when the debrief was saved.)
    reminders = {r.kind: r for r in Reminder.objects.filter(interview=interview, state=Reminder.State.SCHEDULED)}
    assert set(reminders) == {K.THANKS_CLOSING, K.THANKS_PASSED}
    assert reminders[K.THANKS_CLOSING].due_at == CLOSING
    assert reminders[K.THANKS_PASSED].due_at == PASSED
    assert all(r.state == Reminder.State.SCHEDULED for r in reminders.values())


def test_nothing_is_sent_before_it_is_due(interview):
    assert reminders_send_due(now=minutes_after(CLOSING, -1)) == {}
    assert mail.outbox == []


def test_sweep_sends_a_due_reminder_once_and_a_second_sweep_sends_nothing(interview, owner):
    first = reminders_send_due(now=minutes_after(CLOSING, 1))
    second = reminders_send_due(now=minutes_after(CLOSING, 2))

    assert first == {"sent": 1}
    assert second == {}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    closing = Reminder.objects.get(interview=interview, kind=K.THANKS_CLOSING)
    assert closing.state == Reminder.State.SENT
    assert closing.attempts == 1


def test_reminder_email_has_text_and_html_bodies_local_times_a_link_and_list_unsubscribe(interview, owner):
    reminders_send_due(now=minutes_after(CLOSING, 1))

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert "Acme Analytics" in message.subject
    # 20:00 in London, not 19:00 UTC
    assert "20:00" in message.body and "19:00" not in message.body
    assert "Ada Lovelace" in message.body and "Grace Hopper" in message.body
    assert f"http://testserver/followups/interviews/{interview.pk}/" in message.body
    assert f'href="http://testserver/followups/interviews/{interview.pk}/"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/followups/unsubscribe/[^/\s>]+/>", unsubscribe)
    assert unsubscribe.strip("<>") in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_each_reminder_has_its_own_message_id_and_keeps_it_when_sent_again(interview):
    from followups.emails import reminder_message

    reminders_send_due(now=minutes_after(PASSED, 1))  # "closes soon" is cancelled by then; "passed" goes
    sent = Reminder.objects.get(interview=interview, state=Reminder.State.SENT)
    message_id = mail.outbox[0].message()["Message-ID"]

    again = reminder_message(reminder=sent, interview=interview, now=minutes_after(PASSED, 2))
    other = Reminder.objects.exclude(pk=sent.pk).filter(interview=interview).first()
    other_message = reminder_message(reminder=other, interview=interview, now=minutes_after(PASSED, 2))
    assert message_id == f"<reminder.{sent.pk}.{int(sent.due_at.timestamp())}@testserver>"
    assert again.message()["Message-ID"] == message_id
    assert other_message.message()["Message-ID"] != message_id


class HangsUpBadlyBackend(locmem.EmailBackend):
    """Like the SMTP backend (it opens a connection unless one is open and closes what it opened), against a server
    that accepts the message, then resets the connection instead of answering QUIT."""

    connected = False

    def open(self):
        if self.connected:
            return False
        self.connected = True
        return True

    def send_messages(self, email_messages):
        opened_here = self.open()
        try:
            return super().send_messages(email_messages)
        finally:
            if opened_here:
                self.close()

    def close(self):
        self.connected = False
        raise ConnectionResetError(104, "Connection reset by peer")


def test_a_reset_after_the_server_accepted_the_message_counts_as_sent_not_as_a_failure(interview, settings):
    settings.EMAIL_BACKEND = f"{__name__}.HangsUpBadlyBackend"

    assert reminders_send_due(now=minutes_after(CLOSING, 1)) == {"sent": 1}
    assert reminders_send_due(now=minutes_after(CLOSING, 30)) == {}
    assert len(mail.outbox) == 1


def test_a_day_missed_by_the_sweep_sends_one_email_per_reminder_not_one_per_tick(interview):
    # No sweep ran all afternoon: the "closes in two hours" reminder is past its point, the "passed" one is due.
    result = reminders_send_due(now=minutes_after(PASSED, 60 * 20))

    assert result == {"cancelled": 1, "sent": 1}
    assert len(mail.outbox) == 1
    assert "still unsent" in mail.outbox[0].subject
    assert reminders_send_due(now=minutes_after(PASSED, 60 * 21)) == {}


def test_sending_every_note_cancels_the_thank_you_reminders(interview):
    with time_machine.travel(minutes_after(ENDS, 60), tick=False):
        for note in ThankYouNote.objects.filter(interview=interview):
            thank_you_note_mark_sent(note=note)

    assert set(Reminder.objects.filter(interview=interview).values_list("state", flat=True)) == {"cancelled"}
    assert reminders_send_due(now=minutes_after(PASSED, 5)) == {}
    assert mail.outbox == []


def test_a_reminder_whose_reason_went_away_is_cancelled_at_send_time(interview):
    # The notes are marked sent behind the services' back: the sweep still asks before sending.
    ThankYouNote.objects.filter(interview=interview).update(state="sent", sent_at=ENDS)

    assert reminders_send_due(now=minutes_after(CLOSING, 1)) == {"cancelled": 1}
    assert mail.outbox == []
    assert Reminder.objects.get(kind=K.THANKS_CLOSING).closed_reason == "no longer true when due"


def test_a_reminder_more_than_48_hours_late_is_dropped_not_sent(interview):
    result = reminders_send_due(now=PASSED + dt.timedelta(hours=48, minutes=1))

    assert result == {"dropped": 2}
    assert mail.outbox == []
    assert Reminder.objects.get(kind=K.THANKS_PASSED).state == Reminder.State.DROPPED


def test_moving_the_interview_reschedules_its_reminders(interview):
    reminders_send_due(now=minutes_after(CLOSING, 1))  # the "closing" one went out for the old time
    later = ENDS + dt.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        interview_update(interview=interview, starts_at=later - dt.timedelta(hours=1))

    closing = Reminder.objects.get(kind=K.THANKS_CLOSING)
    assert closing.state == Reminder.State.SCHEDULED
    assert closing.due_at == CLOSING + dt.timedelta(days=1)
    assert closing.sent_at is None
    assert reminders_send_due(now=minutes_after(CLOSING, 60)) == {}
    assert reminders_send_due(now=minutes_after(CLOSING + dt.timedelta(days=1), 1)) == {"sent": 1}


def test_a_kind_turned_off_is_not_sent(interview, owner):
    FollowUpSettings.objects.update_or_create(user=owner, defaults={"remind_thanks_closing": False})

    assert reminders_send_due(now=minutes_after(CLOSING, 1)) == {"turned_off": 1}
    assert mail.outbox == []


def test_smtp_down_for_two_sweeps_delays_each_reminder_and_delivers_it_exactly_once(owner, smtp_down):
    with time_machine.travel(ENDS, tick=False):
        interviews = [
            interview_ended(owner, ends_at=ENDS, company=f"Company {i}", people=["Ada Lovelace"], debrief={})
            for i in range(3)
        ]
    start = minutes_after(CLOSING, 1)

    smtp_down(True)
    assert reminders_send_due(now=start) == {"failed": 3}
    assert reminders_send_due(now=minutes_after(start, 1)) == {"failed": 3}  # backoff: 1 minute after the first
    smtp_down(False)
    assert reminders_send_due(now=minutes_after(start, 2)) == {}  # backoff: 2 minutes after the second
    assert reminders_send_due(now=minutes_after(start, 3)) == {"sent": 3}
    assert reminders_send_due(now=minutes_after(start, 10)) == {}

    # Sent four minutes after the closing reminder was due: how long is left is counted when it goes out.
    assert sorted(m.subject for m in mail.outbox) == [f"1 hour 56 minutes left to thank Company {i}" for i in range(3)]
    for reminder in Reminder.objects.filter(interview__in=interviews, kind=K.THANKS_CLOSING):
        assert reminder.state == Reminder.State.SENT
        assert reminder.attempts == 3
        assert reminder.last_error == ""


def test_a_failed_send_keeps_its_error(owner, smtp_down):
    with time_machine.travel(ENDS, tick=False):
        interview_ended(owner, ends_at=ENDS, debrief={})
    smtp_down(True)
    reminders_send_due(now=minutes_after(CLOSING, 1))

    reminder = Reminder.objects.get(kind=K.THANKS_CLOSING)
    assert reminder.state == Reminder.State.SCHEDULED
    assert "Connection refused" in reminder.last_error
    assert reminder.next_attempt_at == minutes_after(CLOSING, 2)


def test_names_with_newlines_cannot_inject_headers(owner):
    with time_machine.travel(ENDS, tick=False):
        interview = interview_ended(owner, ends_at=ENDS, company="Evil Corp", people=["Mallory"], debrief={})
    # Every way in now refuses a line break in a name (accounts.bounds.single_line); the mail must stay safe anyway,
    # whatever a row holds, so the names are written past every check, as only a row from before could hold them.
    Company.objects.filter(pk=interview.opportunity.company_id).update(name="Evil Corp\r\nBcc: victim@example.net")
    Person.objects.filter(participations__interview=interview).update(name="Mallory\nX-Injected: yes")
    reminders_send_due(now=minutes_after(CLOSING, 1))

    message = mail.outbox[0]
    raw = message.message().as_bytes()
    parsed = email.message_from_bytes(raw)
    assert parsed["Bcc"] is None and parsed["X-Injected"] is None
    assert message.recipients() == [owner.email]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject == "1 hour 59 minutes left to thank Evil Corp Bcc: victim@example.net"


def _not_due_rows(owner, count: int, now: dt.datetime):
    """`count` reminders that are not due: most already sent, some scheduled for later."""
    kinds = list(K.values)
    per_interview = len(kinds)
    interviews = Interview.objects.bulk_create(
        [
            InterviewFactory.build(
                owner=owner,
                opportunity=_not_due_rows.opportunity,
                starts_at=now - dt.timedelta(days=3),
            )
            for _ in range(-(-count // per_interview))
        ]
    )
    rows = []
    for i in range(count):
        interview = interviews[i // per_interview]
        later = i % 10 == 0
        rows.append(
            Reminder(
                user=owner,
                interview=interview,
                kind=kinds[i % per_interview],
                due_at=now + dt.timedelta(days=1) if later else now - dt.timedelta(days=2),
                next_attempt_at=now + dt.timedelta(days=1) if later else now - dt.timedelta(days=2),
                state=Reminder.State.SCHEDULED if later else Reminder.State.SENT,
                sent_at=None if later else now - dt.timedelta(days=2),
            )
        )
    Reminder.objects.bulk_create(rows, batch_size=2000)


def test_query_count_does_not_grow_with_rows_that_are_not_due(owner):
    FollowUpSettings.objects.get_or_create(user=owner)
    now = minutes_after(CLOSING, 1)

    def due_batch(label):
        with time_machine.travel(ENDS, tick=False):
            for i in range(3):
                interview_ended(owner, ends_at=ENDS, company=f"{label} {i}", debrief={})

    _not_due_rows.opportunity = InterviewFactory(opportunity__company__owner=owner).opportunity
    _not_due_rows(owner, 100, now)
    due_batch("First")
    with CaptureQueriesContext(connection) as small:
        assert reminders_send_due(now=now) == {"sent": 3}

    _not_due_rows(owner, 9_900, now)
    assert Reminder.objects.exclude(state=Reminder.State.SCHEDULED, next_attempt_at__lte=now).count() >= 10_000
    due_batch("Second")
    with CaptureQueriesContext(connection) as large:
        assert reminders_send_due(now=now) == {"sent": 3}

    assert len(large) == len(small)
    assert len(mail.outbox) == 6


def test_sending_costs_two_queries_per_reminder_a_claim_and_a_record_plus_four_per_batch(owner):
    from reminders.sweep import BATCH_SIZE

    other = make_user("other@example.com", name="Otto Other")  # no reminder settings row: the defaults apply
    with time_machine.travel(ENDS, tick=False):
        for i in range(30):
            interview_ended(
                owner if i % 2 else other, ends_at=ENDS, company=f"Co {i}", people=["Ada", "Bo"], debrief={}
            )
    due = Reminder.objects.filter(kind=K.THANKS_CLOSING).count()
    assert due == 30 < BATCH_SIZE

    with CaptureQueriesContext(connection) as queries:
        assert reminders_send_due(now=minutes_after(CLOSING, 1)) == {"sent": due}

    # per batch: the due rows, their interviews (with the owner's settings), the unsent notes (the open check-ins
    # only when one of them has any: followups.selectors.open_check_ins_attach); then the empty batch
    assert len(queries) == 2 * due + 3 + 1, "\n".join(q["sql"][:120] for q in queries.captured_queries)
    assert not FollowUpSettings.objects.filter(user=other).exists()  # read as the defaults, not written
    assert all("Ada" in message.body and "Bo" in message.body for message in mail.outbox)  # the prefetched names


def test_a_batch_read_long_ago_is_read_again_before_sending_the_rest(owner, monkeypatch):
    from reminders import sweep

    with time_machine.travel(ENDS, tick=False):
        for i in range(3):
            interview_ended(owner, ends_at=ENDS, company=f"Co {i}", debrief={})
    reads = []
    real_read = sweep.interviews_for_reminders
    monkeypatch.setattr(
        sweep, "interviews_for_reminders", lambda batch, **kw: reads.append(len(batch)) or real_read(batch, **kw)
    )
    monkeypatch.setattr(sweep, "BATCH_FRESH_FOR", dt.timedelta(0))  # every send takes "too long"

    assert reminders_send_due(now=minutes_after(CLOSING, 1)) == {"sent": 3}
    assert reads == [3, 2, 1]


def test_debrief_not_recorded_three_hours_on_is_reminded_with_a_link_to_the_quick_debrief(owner):
    with time_machine.travel(ENDS, tick=False):
        interview = interview_ended(owner, ends_at=ENDS, people=[], debrief=None)
    reminder = Reminder.objects.get(interview=interview)
    assert (reminder.kind, reminder.due_at) == (K.DEBRIEF_MISSING, ENDS + dt.timedelta(hours=3))

    assert reminders_send_due(now=ENDS + dt.timedelta(hours=3, minutes=1)) == {"sent": 1}
    assert f"http://testserver/interviews/{interview.pk}/debrief/quick/" in mail.outbox[0].body
    assert "ended at Wednesday 10 June, 10:00" in mail.outbox[0].body  # 09:00 UTC, shown in London time


def test_recording_the_debrief_cancels_the_debrief_reminder(owner):
    with time_machine.travel(ENDS, tick=False):
        interview = interview_ended(owner, ends_at=ENDS, people=[], debrief=None)
        debrief_save(interview=interview, values={"tone": "Friendly and quick"})

    assert Reminder.objects.get(interview=interview).state == Reminder.State.CANCELLED
    assert reminders_send_due(now=ENDS + dt.timedelta(hours=4)) == {}


def test_hear_back_date_passed_is_reminded_at_nine_local_on_the_next_working_day_until_an_outcome(owner):
    from followups.services import outcome_record

    with time_machine.travel(ENDS, tick=False):
        interview = interview_ended(owner, ends_at=ENDS, people=[], debrief={"hear_back_date": dt.date(2026, 6, 12)})
    reminder = Reminder.objects.get(interview=interview, kind=K.HEAR_BACK_PASSED)
    assert reminder.due_at == dt.datetime(2026, 6, 15, 8, 0, tzinfo=UTC)  # Monday 09:00 in London

    assert reminders_send_due(now=reminder.due_at + dt.timedelta(minutes=1)) == {"sent": 1}
    assert "Friday 12 June" in mail.outbox[0].body

    other = interview_ended(
        owner, ends_at=ENDS, people=[], company="Beta", debrief={"hear_back_date": dt.date(2026, 6, 12)}
    )
    with time_machine.travel(ENDS + dt.timedelta(days=3), tick=False):
        outcome_record(interview=other, kind="heard_back")
    assert Reminder.objects.get(interview=other, kind=K.HEAR_BACK_PASSED).state == Reminder.State.CANCELLED


def test_closing_the_opportunity_through_capture_cancels_its_reminders_until_a_note_is_kept(owner):
    from followups.services import thank_you_note_keep
    from interviews.services import opportunity_set_status

    with time_machine.travel(ENDS, tick=False):
        interview = interview_ended(owner, ends_at=ENDS, debrief={"hear_back_date": dt.date(2026, 6, 12)})
        opportunity_set_status(opportunity=interview.opportunity, status="rejected")

    states = dict(Reminder.objects.filter(interview=interview).values_list("kind", "state"))
    assert states[K.HEAR_BACK_PASSED] == Reminder.State.CANCELLED
    # Issue 14: a rejection closes the unsent thank-you notes, and with them their reminders ...
    assert states[K.THANKS_PASSED] == Reminder.State.CANCELLED
    # ... unless the candidate keeps one to send anyway.
    with time_machine.travel(ENDS, tick=False):
        thank_you_note_keep(note=ThankYouNote.objects.get(interview=interview), keep=True)
    assert Reminder.objects.get(interview=interview, kind=K.THANKS_PASSED).state == Reminder.State.SCHEDULED


def test_a_sweep_that_died_after_claiming_leaves_the_reminder_to_the_next_sweep_after_the_lease(interview):
    from reminders.sweep import _claim, claim_lease

    closing = Reminder.objects.get(kind=K.THANKS_CLOSING)
    assert _claim(closing, minutes_after(CLOSING, 1))  # ... and the process is killed before sending

    assert reminders_send_due(now=minutes_after(CLOSING, 2)) == {}  # still held by the dead sweep
    assert reminders_send_due(now=minutes_after(CLOSING, 1) + claim_lease()) == {"sent": 1}
    assert len(mail.outbox) == 1


def test_the_sweep_query_reads_the_partial_index(owner):
    from reminders.sweep import reminders_due_query

    now = minutes_after(CLOSING, 1)
    _not_due_rows.opportunity = InterviewFactory(opportunity__company__owner=owner).opportunity
    _not_due_rows(owner, 5_000, now)
    explain = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    for skip in ([], [1, 2, 3]):
        sql, params = reminders_due_query(now=now, limit=50, skip=skip)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute(f"{explain} {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "reminder_sweep_idx" in plan, plan


def test_an_interview_moved_while_its_reminder_is_being_sent_keeps_the_new_reminder_scheduled(
    interview, settings, monkeypatch
):
    from tests.reminders.conftest import HookBackend

    def move_the_interview():
        with time_machine.travel(minutes_after(CLOSING, 1), tick=False):
            interview_update(interview=interview, starts_at=interview.starts_at + dt.timedelta(days=1))

    settings.EMAIL_BACKEND = "tests.reminders.conftest.HookBackend"
    monkeypatch.setattr(HookBackend, "during_send", move_the_interview)

    assert reminders_send_due(now=minutes_after(CLOSING, 1)) == {"sent": 1}

    closing = Reminder.objects.get(kind=K.THANKS_CLOSING)
    assert closing.state == Reminder.State.SCHEDULED
    assert closing.due_at == CLOSING + dt.timedelta(days=1)
    assert closing.attempts == 0


def test_html_body_escapes_names_and_the_text_body_keeps_them_as_typed(owner):
    with time_machine.travel(ENDS, tick=False):
        interview_ended(owner, ends_at=ENDS, company="<b>Smith & Sons</b>", people=["Zoë <script>"], debrief={})
    reminders_send_due(now=minutes_after(CLOSING, 1))

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "&lt;b&gt;Smith &amp; Sons&lt;/b&gt;" in html and "<b>Smith" not in html
    assert "Zoë &lt;script&gt;" in html and "<script>" not in html
    assert "<b>Smith & Sons</b>" in message.body and "Zoë <script>" in message.body
