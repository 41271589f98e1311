"""Privacy (issue 5): a private interview is invisible to every recruiter in lists, counts, the calendar feed,
emails and the earlier answers shown beside a question; each of these reads goes through interviews_visible_to."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecruiterLink
from followups.models import ThankYouNote
from followups.rules import thank_you_due_at
from followups.services import calendar_token_regenerate
from followups.tasks import reminders_send_due
from insight.selectors import recruiter_candidates
from interviews.selectors import interviews_visible_to
from interviews.services import PersonMet, debrief_save, interview_set_people
from tests.factories import DebriefFactory, InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(owner, recruiter):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    return recruiter


@pytest.fixture
def interviews(owner, linked):
    now = timezone.now()
    public = InterviewFactory(opportunity__company__owner=owner, opportunity__company__name="Open Co",
                              starts_at=now + dt.timedelta(days=2), arranged_by=linked)  # fmt: skip
    private = InterviewFactory(opportunity__company__owner=owner, opportunity__company__name="Hidden Co",
                               starts_at=now + dt.timedelta(days=1), is_private=True, arranged_by=linked)  # fmt: skip
    return public, private


def test_the_one_rule_hides_a_private_interview_and_counts_follow_it(linked, interviews):
    public, _private = interviews
    assert list(interviews_visible_to(user=linked)) == [public]
    [card] = recruiter_candidates(recruiter=linked)
    assert [i.pk for i in card["upcoming"]] == [public.pk]


def test_a_recruiters_calendar_feed_holds_the_shared_interview_and_never_the_private_one(client, linked, interviews):
    # Issue 17 gave the recruiter a feed of linked candidates' interviews; the private one still never shows.
    public, private = interviews
    token = calendar_token_regenerate(user=linked)
    body = client.get(reverse("followups:calendar_feed", args=[token])).content
    feed = icalendar.Calendar.from_ical(body)
    assert [str(c["UID"]) for c in feed.walk("VEVENT")] == [f"interview-{public.pk}@debrief.invalid"]
    assert b"Hidden Co" not in body and f"interview-{private.pk}@".encode() not in body


def test_the_candidates_own_feed_still_has_the_private_interview(client, owner, interviews):
    token = calendar_token_regenerate(user=owner)
    body = client.get(reverse("followups:calendar_feed", args=[token])).content.decode()
    assert "Hidden Co" in body and "Open Co" in body


def test_completing_a_private_debrief_emails_no_recruiter_and_reminders_go_to_the_candidate_only(
    owner, linked, interviews, django_capture_on_commit_callbacks
):
    _public, private = interviews
    with django_capture_on_commit_callbacks(execute=True):
        debrief_save(interview=private, values={"interest": 4}, complete=True)
    assert mail.outbox == []
    interview_set_people(interview=private, people=[PersonMet(name="Ada Lovelace")])  # a note and its reminders
    assert ThankYouNote.objects.filter(interview=private).exists()
    reminders_send_due(now=thank_you_due_at(ends_at=private.ends_at, zone=owner.zone) + dt.timedelta(minutes=1))
    assert mail.outbox and all(message.to == [owner.email] for message in mail.outbox)
    assert not any("Hidden Co" in m.body and linked.email in m.to for m in mail.outbox)


def test_earlier_answers_from_a_private_interview_are_not_shown_to_the_recruiter(client, owner, linked, interviews):
    public, private = interviews
    QuestionFactory(interview=private, text="Why do you want to leave?", answer_summary="secret-answer")
    QuestionFactory(interview=public, text="Why do you want to leave?")
    DebriefFactory(interview=public)
    client.force_login(linked)
    page = client.get(reverse("interviews:detail", args=[public.pk])).content.decode()
    assert "Hidden Co" not in page and 'data-testid="earlier-answers"' not in page
    client.force_login(owner)
    assert "Hidden Co" in client.get(reverse("interviews:detail", args=[public.pk])).content.decode()
