"""The recruiter's calendar feed (issue 17): the same writer as the candidate's, with the recruiter's own revocable
token, holding every linked candidate's visible interviews and deadlines (never a private interview, never one of
an ended link), each led by the candidate's name and linked to the interview page. Parsed back with icalendar."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.urls import reverse

from followups.services import calendar_token_regenerate, calendar_token_revoke, outcome_record
from tests.conftest import make_user
from tests.world import interview_ended, interview_logged, link

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


def events(client, token) -> dict[str, icalendar.Event]:
    response = client.get(reverse("followups:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_feed_holds_linked_candidates_interviews_and_deadlines_and_nothing_else(
    client, owner, other_candidate, recruiter
):
    ended = make_user("ended@example.com", name="Ended Candidate")
    with time_machine.travel(T0, tick=False):
        link(owner, recruiter)
        link(ended, recruiter, ended=True)
        held = interview_ended(owner, ends_at=T0 - dt.timedelta(hours=2), company="Northwind", debrief={})
        outcome_record(interview=held, kind="offer", answer_by=(T0 + dt.timedelta(days=3)).date())
        ahead = interview_logged(owner, starts_at=T0 + dt.timedelta(days=2), company="Aurora", debrief=None)
        private = interview_logged(owner, starts_at=T0 + dt.timedelta(days=1), company="Hidden", is_private=True)
        gone = interview_logged(ended, starts_at=T0 + dt.timedelta(days=1), company="Gone Co")
        foreign = interview_logged(other_candidate, starts_at=T0 + dt.timedelta(days=1), company="Foreign Co")
        token = calendar_token_regenerate(user=recruiter)
        found = events(client, token)

    assert f"interview-{held.pk}@debrief.invalid" in found and f"interview-{ahead.pk}@debrief.invalid" in found
    for interview in (private, gone, foreign):
        assert not [uid for uid in found if uid.endswith(f"-{interview.pk}@debrief.invalid")]
    offer = found[f"offer-{held.pk}@debrief.invalid"]
    assert str(offer["SUMMARY"]) == "Olivia Owner: Answer the offer from Northwind"
    assert str(offer["STATUS"]) == "CONFIRMED"
    assert str(found[f"interview-{ahead.pk}@debrief.invalid"]["URL"]).endswith(f"/interviews/{ahead.pk}/")
    assert f"thanks-{held.pk}@debrief.invalid" in found


def test_the_recruiters_token_is_their_own_and_revocable(client, owner, recruiter):
    with time_machine.travel(T0, tick=False):
        link(owner, recruiter)
        interview_logged(owner, starts_at=T0 + dt.timedelta(days=2), company="Aurora", debrief=None)
    candidate_token = calendar_token_regenerate(user=owner)
    token = calendar_token_regenerate(user=recruiter)
    assert token != candidate_token
    client.force_login(recruiter)
    page = client.get(reverse("followups:settings")).content.decode()
    assert token in page and "Your candidates in your calendar" in page and "Email me when" not in page
    calendar_token_revoke(user=recruiter)
    assert client.get(reverse("followups:calendar_feed", args=[token])).status_code == 404
    assert client.get(reverse("followups:calendar_feed", args=[candidate_token])).status_code == 200


def test_the_desk_links_the_feed_settings(client, recruiter):
    client.force_login(recruiter)
    assert f'href="{reverse("followups:settings")}#calendar"' in client.get(reverse("home")).content.decode()


def test_each_fetch_tells_the_candidates_access_log_once_a_day(client, owner, other_candidate, recruiter):
    from accounts.models import AccessLogEntry

    with time_machine.travel(T0, tick=False):
        link(owner, recruiter)
        link(other_candidate, recruiter)
        interview_logged(owner, starts_at=T0 + dt.timedelta(days=1), company="Northwind")
        interview_logged(owner, starts_at=T0 + dt.timedelta(days=2), company="Aurora")
        token = calendar_token_regenerate(user=recruiter)
        events(client, token)
        events(client, token)  # a calendar app fetches every few minutes: one line a day, not one a fetch
        # Only the candidates whose interviews are in it (the other one has none).
        lines = list(AccessLogEntry.objects.values_list("viewer_id", "candidate_id", "what"))
        assert lines == [(recruiter.pk, owner.pk, "interviews and deadlines in the calendar feed")]
        own = calendar_token_regenerate(user=owner)
        events(client, own)  # a candidate's own feed is not a recruiter looking
    assert AccessLogEntry.objects.count() == 1
    with time_machine.travel(T0 + dt.timedelta(days=1, minutes=1), tick=False):
        events(client, token)
    assert AccessLogEntry.objects.filter(candidate=owner).count() == 2
