"""Asking again (issue 17): many check-ins per interview over time, at most one open per interview and recruiter,
answered ones kept; each check-in is its own CHECK_IN reminder, sent exactly once by the real sweep; each answer link
names its check-in; the question the rules ask by themselves still goes at most once per interview."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from followups.models import CheckIn
from followups.services import check_in_answer, check_in_ask, follow_up_sync
from followups.tasks import reminders_send_due, send_due_reminders
from reminders.models import Reminder
from tests.conftest import make_user
from tests.world import interview_ended, link, logged_in

pytestmark = pytest.mark.django_db

ANSWER_LINE = r"^(Yes, still interested|No longer interested|Call me): http://testserver(\S+)$"


def answer_links(message) -> dict[str, str]:
    return dict(re.findall(ANSWER_LINE, message.body, re.M))


@pytest.fixture
def interview(owner, recruiter):
    link(owner, recruiter)
    made = interview_ended(
        owner, ends_at=timezone.now() - dt.timedelta(hours=5), company="Northwind", debrief={"interest": 6}
    )
    mail.outbox.clear()
    return made


def ask(recruiter, interview):
    response = logged_in(recruiter).post(f"/followups/interviews/{interview.pk}/check-in/")
    assert response.status_code == 302
    return CheckIn.objects.filter(interview=interview, recruiter=recruiter).latest("asked_at", "pk")


def sent_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def questions_to(user) -> list:
    return [m for m in sent_to(user) if "asks: still interested" in m.subject]


def test_once_answered_the_recruiter_asks_again_and_the_second_email_goes_exactly_once(owner, recruiter, interview):
    first = ask(recruiter, interview)
    assert send_due_reminders() == 1  # the Celery tasks, as beat runs them (eager): one batch, sent
    assert len(sent_to(owner)) == 1
    Client().post(answer_links(sent_to(owner)[0])["Yes, still interested"])
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        second = ask(recruiter, interview)
        assert second.pk != first.pk
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
        assert reminders_send_due(now=timezone.now() + dt.timedelta(hours=1)).get("sent") is None
    (message,) = sent_to(owner)
    # Its answers name the second check-in: answering it leaves the first one's answer as it was.
    Client().post(answer_links(message)["Call me"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.answer, second.answer) == ("yes", "call")
    reminders = Reminder.objects.filter(interview=interview, kind="check_in").order_by("pk")
    assert [(r.subject_id, r.state) for r in reminders] == [(first.pk, "sent"), (second.pk, "sent")]


def test_asking_while_a_question_is_open_returns_it_and_sends_nothing_more(owner, recruiter, interview):
    first = ask(recruiter, interview)
    again, made = check_in_ask(recruiter=recruiter, interview=interview)
    assert (again.pk, made) == (first.pk, False)
    assert reminders_send_due()["sent"] == 1
    assert check_in_ask(recruiter=recruiter, interview=interview) == (first, False)
    assert reminders_send_due().get("sent") is None
    assert len(sent_to(owner)) == 1


def test_the_database_keeps_one_open_question_per_interview_and_recruiter(recruiter, interview):
    ask(recruiter, interview)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(interview=interview, recruiter=recruiter)


def test_a_second_linked_recruiter_asks_too_and_each_question_goes_once_and_is_answered_alone(
    owner, recruiter, interview
):
    other = make_user("otto@agency.example", role="recruiter", name="Otto Other")
    link(owner, other)
    mail.outbox.clear()
    rita, otto = ask(recruiter, interview), ask(other, interview)
    assert reminders_send_due()["sent"] == 2
    assert reminders_send_due().get("sent") is None
    by_recruiter = {m.subject.split(" asks")[0]: m for m in sent_to(owner)}
    assert set(by_recruiter) == {"Rita Recruiter", "Otto Other"}

    Client().post(answer_links(by_recruiter["Otto Other"])["No longer interested"])
    rita.refresh_from_db()
    otto.refresh_from_db()
    assert (rita.answered_at, otto.answer) == (None, "no")
    (told,) = [m for m in mail.outbox if m.to == [other.email]]
    assert "No longer interested" in told.subject
    assert not [m for m in mail.outbox if m.to == [recruiter.email]]


def test_an_old_answer_link_answers_only_its_own_question(owner, recruiter, interview):
    ask(recruiter, interview)
    reminders_send_due()
    old_links = answer_links(sent_to(owner)[0])
    Client().post(old_links["Yes, still interested"])
    second = ask(recruiter, interview)

    page = Client().post(old_links["Call me"])
    assert "Already answered" in page.content.decode()
    second.refresh_from_db()
    assert second.answered_at is None


def test_the_desk_and_the_candidate_page_show_the_newest_answer(owner, recruiter, interview):
    first = ask(recruiter, interview)
    check_in_answer(check_in=first, answer="no")
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        second = ask(recruiter, interview)
        check_in_answer(check_in=second, answer="call")
        rita = logged_in(recruiter)
        desk = rita.get("/").content.decode()
        page = rita.get(f"/candidates/{owner.pk}/").content.decode()
    assert "Call me (check-in)" in desk and "No longer interested (check-in)" not in desk
    assert "Check-in answer: Call me" in page
    # The latest question of this recruiter about the interview, answered: its answer, and a button to ask again.
    assert "Asked if still interested: Call me" in page and "Ask again" in page


def test_an_open_question_shows_as_waiting_with_no_button(owner, recruiter, interview):
    first = ask(recruiter, interview)
    check_in_answer(check_in=first, answer="yes")
    ask(recruiter, interview)
    page = logged_in(recruiter).get(f"/candidates/{owner.pk}/").content.decode()
    assert "no answer yet" in page and 'data-testid="check-in-ask"' not in page


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


def test_the_question_asked_by_itself_goes_once_per_interview_even_after_its_answer(owner, recruiter, opted_in):
    due = opted_in.ends_at + dt.timedelta(hours=2)
    assert reminders_send_due(now=due + dt.timedelta(minutes=1))["sent"] == 1
    auto = CheckIn.objects.get(interview=opted_in)
    assert Reminder.objects.get(interview=opted_in, kind="check_in").subject_id == auto.pk
    check_in_answer(check_in=auto, answer="yes", now=due + dt.timedelta(minutes=5))
    mail.outbox.clear()

    # Still no debrief, the recruiter still opted in: the rules never ask by themselves again.
    follow_up_sync(interview=opted_in, now=due + dt.timedelta(hours=1))
    reminders_send_due(now=due + dt.timedelta(hours=2))  # (the debrief reminder goes meanwhile)
    assert questions_to(owner) == []
    assert CheckIn.objects.filter(interview=opted_in).count() == 1
    # The recruiter may still ask by hand, and that one goes once too.
    with time_machine.travel(due + dt.timedelta(hours=3), tick=False):
        again, made = check_in_ask(recruiter=recruiter, interview=opted_in)
        assert made and again.pk != auto.pk
        reminders_send_due()
        reminders_send_due()
    assert len(questions_to(owner)) == 1


def test_a_question_asked_by_hand_first_means_none_by_itself(owner, recruiter, opted_in):
    check_in_ask(recruiter=recruiter, interview=opted_in)
    due = opted_in.ends_at + dt.timedelta(hours=2)
    reminders_send_due(now=due + dt.timedelta(minutes=1))
    reminders_send_due(now=due + dt.timedelta(hours=1))
    assert CheckIn.objects.filter(interview=opted_in).count() == 1
    assert len(questions_to(owner)) == 1
