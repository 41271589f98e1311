"""Check-in, "still interested?" (issue 17, item 4): the recruiter asks, the sweep sends the email once like any
reminder, each answer is a signed single-use expiring link to a page that records on POST, the recruiter is told and
sees it on their home page; the candidate's settings and unsubscribe are obeyed."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.services import recruiter_link_end
from followups.models import CheckIn
from followups.services import check_in_ask, reminder_kind_set
from followups.tasks import reminders_send_due
from reminders.models import Reminder
from tests.world import interview_ended, link, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(owner, recruiter):
    made = link(owner, recruiter)
    interview = interview_ended(
        owner, ends_at=timezone.now() - dt.timedelta(hours=5), company="Northwind", debrief={"interest": 6}
    )
    logged_in(recruiter).post(f"/followups/interviews/{interview.pk}/check-in/")
    mail.outbox.clear()
    return made, interview


def answer_links(message) -> dict[str, str]:
    return dict(
        re.findall(
            r"^(Yes, still interested|No longer interested|Call me): http://testserver(\S+)$", message.body, re.M
        )
    )


def test_the_sweep_sends_it_once_with_three_answers(owner, asked):
    _made, interview = asked
    reminder = Reminder.objects.get(interview=interview, kind=Reminder.Kind.CHECK_IN)
    assert reminder.state == Reminder.State.SCHEDULED
    assert reminders_send_due().get("sent") == 1
    assert reminders_send_due().get("sent") is None
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "Rita Recruiter asks: still interested in Backend engineer at Northwind?"
    assert set(answer_links(message)) == {"Yes, still interested", "No longer interested", "Call me"}
    assert "/followups/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_an_answer_is_shown_then_recorded_once_and_the_recruiter_is_told(owner, recruiter, asked):
    _made, interview = asked
    reminders_send_due()
    call = answer_links(mail.outbox[0])["Call me"]
    mail.outbox.clear()
    visitor = Client()
    page = visitor.get(call)
    assert page.status_code == 200 and "Answer: Call me" in page.content.decode()
    assert CheckIn.objects.get().answered_at is None  # a GET (a mail scanner) answers nothing

    recorded = visitor.post(call)
    assert "We told Rita Recruiter" in recorded.content.decode()
    (told,) = mail.outbox
    assert told.to == [recruiter.email] and "Call me" in told.subject and owner.email in told.body
    rita = logged_in(recruiter)
    desk = rita.get("/").content.decode()
    assert "Call me (check-in)" in desk  # the desk's still-interested column follows the newer answer
    card = rita.get(f"/candidates/{owner.pk}/").content.decode()
    assert 'data-testid="card-check-in-answer"' in card and "Check-in answer: Call me" in card

    again = visitor.post(answer_links_for(interview)["yes"])
    assert "Already answered" in again.content.decode()
    assert CheckIn.objects.get().answer == "call"
    assert len(mail.outbox) == 1


def answer_links_for(interview) -> dict[str, str]:
    from followups.emails import check_in_token

    check_in = CheckIn.objects.get(interview=interview)
    return {a: f"/followups/check-in/{check_in_token(check_in=check_in, answer=a)}/" for a in CheckIn.Answer.values}


def test_an_expired_or_altered_link_records_nothing_and_says_so(asked):
    _made, interview = asked
    url = answer_links_for(interview)["yes"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = Client().post(url)
    assert response.status_code == 410 and "expired" in response.content.decode()
    response = Client().post(url[:-5] + "xxxx/")
    assert response.status_code == 404 and "does not work" in response.content.decode()
    assert CheckIn.objects.get().answered_at is None


def test_turned_off_by_the_candidate_it_is_not_sent(owner, asked):
    reminder_kind_set(user=owner, kind="check_in", enabled=False)
    assert reminders_send_due().get("turned_off") == 1
    assert mail.outbox == []


def test_answered_or_unlinked_before_it_goes_it_is_not_sent(owner, recruiter, asked):
    made, interview = asked
    recruiter_link_end(link=made, user=owner)
    mail.outbox.clear()
    assert reminders_send_due().get("sent") is None
    assert mail.outbox == []
    assert Reminder.objects.get(interview=interview, kind="check_in").state == Reminder.State.CANCELLED


def test_asking_twice_makes_one(recruiter, asked):
    _made, interview = asked
    _check_in, made = check_in_ask(recruiter=recruiter, interview=interview)
    assert not made and CheckIn.objects.count() == 1
    assert Reminder.objects.filter(interview=interview, kind="check_in").count() == 1


@pytest.fixture
def opted_in(owner, recruiter):
    from interviews.services import notification_settings_update

    link(owner, recruiter)
    notification_settings_update(user=recruiter, check_in_after_interview=True)
    ends = timezone.now() - dt.timedelta(minutes=30)
    with time_machine.travel(ends, tick=False):
        interview = interview_ended(owner, ends_at=ends, company="Northwind", arranged_by=recruiter)
    mail.outbox.clear()
    return interview


def test_opted_in_it_goes_by_itself_two_hours_after_an_arranged_interview_with_no_debrief(owner, recruiter, opted_in):
    reminder = Reminder.objects.get(interview=opted_in, kind="check_in")
    assert reminder.due_at == opted_in.ends_at + dt.timedelta(hours=2)
    assert reminders_send_due().get("sent") is None  # not yet
    assert reminders_send_due(now=reminder.due_at + dt.timedelta(minutes=1)).get("sent") == 1
    assert reminders_send_due(now=reminder.due_at + dt.timedelta(minutes=2)).get("sent") is None
    (message,) = mail.outbox
    assert message.to == [owner.email] and "Rita Recruiter asks" in message.subject
    assert CheckIn.objects.get(interview=opted_in).recruiter == recruiter


def test_opted_in_a_debrief_recorded_first_means_no_question(owner, opted_in):
    from interviews.services import debrief_save

    debrief_save(interview=opted_in, values={"went_well": ["Clear answers"]})
    reminder = Reminder.objects.get(interview=opted_in, kind="check_in")
    assert reminder.state == Reminder.State.CANCELLED
    assert reminders_send_due(now=opted_in.ends_at + dt.timedelta(hours=3)).get("sent") is None
    assert mail.outbox == []


def test_not_opted_in_nothing_goes_by_itself(owner, recruiter):
    link(owner, recruiter)
    interview = interview_ended(owner, ends_at=timezone.now() - dt.timedelta(minutes=30), arranged_by=recruiter)
    assert not Reminder.objects.filter(interview=interview, kind="check_in").exists()


def test_asking_goes_back_to_the_page_it_was_asked_from_and_never_off_the_site(owner, recruiter):
    link(owner, recruiter)
    interview = interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=5), company="Northwind")
    rita = logged_in(recruiter)
    url = f"/followups/interviews/{interview.pk}/check-in/"
    back = rita.post(url, {"next": f"/candidates/{owner.pk}/"})
    assert back.status_code == 302 and back["Location"] == f"/candidates/{owner.pk}/"
    for elsewhere in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = rita.post(url, {"next": elsewhere})
        assert response.status_code == 302 and response["Location"] == "/"
