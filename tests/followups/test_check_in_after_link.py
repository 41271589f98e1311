"""An answer after the link ended (issue 17): a candidate who revoked a link, let it expire, or made the interview
private taps an old check-in answer. The page says plainly that this recruiter no longer sees the interview and that
nothing was sent; a POST records nothing and emails nothing (410 Gone). An unsent question goes nowhere either: the
sweep asks the rule again (followups.rules.check_in_due_at) just before sending."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.data import account_delete
from accounts.services import recruiter_link_consent_set, recruiter_link_end
from followups.models import CheckIn
from followups.services import check_in_answer, check_in_ask
from followups.tasks import reminders_send_due
from interviews.services import interview_update
from reminders.models import Reminder
from tests.world import interview_ended, link

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(owner, recruiter):
    made = link(owner, recruiter)
    interview = interview_ended(
        owner, ends_at=timezone.now() - dt.timedelta(hours=5), company="Northwind", debrief={"interest": 6}
    )
    check_in, _ = check_in_ask(recruiter=recruiter, interview=interview)
    return made, interview, check_in


def sent_links(owner) -> dict[str, str]:
    assert reminders_send_due().get("sent") == 1
    (message,) = [m for m in mail.outbox if m.to == [owner.email]]
    mail.outbox.clear()
    return dict(
        re.findall(
            r"^(Yes, still interested|No longer interested|Call me): http://testserver(\S+)$", message.body, re.M
        )
    )


def revoke(owner, made, interview):
    recruiter_link_end(link=made, user=owner)


def expire(owner, made, interview):
    recruiter_link_consent_set(link=made, user=owner, scope=made.scope, expires_on=timezone.localdate())


def make_private(owner, made, interview):
    interview_update(interview=interview, is_private=True)


ENDINGS = [revoke, expire, make_private]
# An expiry is the end of the chosen day on the candidate's clock: 25 hours on, it has passed, and a question due
# now is not yet 48 hours late (which would drop it before the rule is even asked).
LATER = dt.timedelta(hours=25)


@pytest.mark.parametrize("end", ENDINGS)
def test_an_answer_after_the_recruiter_lost_sight_says_so_and_records_and_sends_nothing(owner, world, end):
    made, interview, check_in = world
    url = sent_links(owner)["Call me"]
    end(owner, made, interview)
    mail.outbox.clear()
    visitor = Client()
    with time_machine.travel(timezone.now() + LATER):
        page = visitor.get(url)
        assert page.status_code == 410
        text = page.content.decode()
        assert "Rita Recruiter no longer sees your interviews" in text and "nothing was sent" in text
        assert 'data-testid="check-in-form"' not in text

        tapped = visitor.post(url)
    assert tapped.status_code == 410 and "nothing was recorded" in tapped.content.decode()
    check_in.refresh_from_db()
    assert (check_in.answer, check_in.answered_at) == ("", None)
    assert mail.outbox == []


@pytest.mark.parametrize("end", ENDINGS)
def test_an_unsent_question_whose_recruiter_lost_sight_never_goes(owner, world, end):
    made, interview, check_in = world
    end(owner, made, interview)
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + LATER):
        reminders_send_due(now=timezone.now())  # (the candidate's own reminders go meanwhile)
    assert [m.subject for m in mail.outbox if "still interested" in m.subject] == []
    reminder = Reminder.objects.get(kind=Reminder.Kind.CHECK_IN, subject_id=check_in.pk)
    assert reminder.state == Reminder.State.CANCELLED


def test_a_question_whose_recruiter_was_deleted_is_cancelled_by_the_sweep_and_never_goes(owner, recruiter, world):
    _made, _interview, check_in = world
    account_delete(user=recruiter)  # the check-in goes with its recruiter; its reminder names it by id only
    reminder = Reminder.objects.get(kind=Reminder.Kind.CHECK_IN, subject_id=check_in.pk)
    assert reminder.state == Reminder.State.SCHEDULED and not CheckIn.objects.exists()
    mail.outbox.clear()

    reminders_send_due(now=timezone.now())

    assert [m.subject for m in mail.outbox if "still interested" in m.subject] == []
    reminder.refresh_from_db()
    assert (reminder.state, reminder.closed_reason) == (Reminder.State.CANCELLED, "no longer true when due")


def test_the_service_refuses_too_whatever_calls_it(owner, world):
    made, _interview, check_in = world
    recruiter_link_end(link=made, user=owner)
    mail.outbox.clear()
    assert check_in_answer(check_in=check_in, answer="yes") == "gone"
    assert CheckIn.objects.get().answered_at is None and mail.outbox == []


def test_narrowed_to_the_summary_the_answer_still_goes_for_still_interested_is_in_it(owner, recruiter, world):
    made, _interview, _check_in = world
    url = sent_links(owner)["Yes, still interested"]
    recruiter_link_consent_set(link=made, user=owner, scope="summary", expires_on=None)
    response = Client().post(url)
    assert response.status_code == 200 and "We told Rita Recruiter" in response.content.decode()
    (told,) = mail.outbox
    assert told.to == [recruiter.email]
