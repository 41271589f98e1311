"""Rows stored before every way in kept the same rules (issue 12, finding 3): the data migrations repair them, and
then every page and feed renders. Here the rows are made as only a crafted import could make them (written past
every check), and the migrations' own repair functions are run on them."""

import datetime as dt
import importlib

import icalendar
import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from accounts.bounds import latest_year
from followups.models import FollowUpPlan
from interviews.models import Company, Debrief, Interview
from tests.rendering import broken_pages
from tests.world import interview_awaiting_thanks, link

pytestmark = pytest.mark.django_db
FAR = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
# The one data migration that repairs the rows of both apps.
REPAIR = "followups.migrations.0006_bounded_dates_one_line_text_lists_of_lines"


@pytest.fixture
def poisoned(owner, recruiter):
    link(owner, recruiter)
    interview = interview_awaiting_thanks(owner, ends_at=dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC))
    FollowUpPlan.objects.create(interview=interview, planned_on=dt.date(2026, 6, 15))
    other = interview_awaiting_thanks(owner, ends_at=dt.datetime(2026, 6, 11, 9, 0, tzinfo=dt.UTC))
    Interview.objects.filter(pk=other.pk).update(starts_at=FAR)
    Debrief.objects.filter(interview=interview).update(went_well=12345, to_improve={"a": 1}, hear_back_date=FAR.date())
    FollowUpPlan.objects.filter(interview=interview).update(planned_on=FAR.date())
    Company.objects.filter(pk=interview.opportunity.company_id).update(name="Acme\nCorp\r\nSUMMARY:injected")
    return interview, other


def test_the_migrations_repair_every_row_that_broke_a_page_and_then_every_page_renders(owner, recruiter, poisoned):
    interview, other = poisoned
    importlib.import_module(REPAIR).repair(apps, None)

    other.refresh_from_db()
    debrief = Debrief.objects.get(interview=interview)
    latest = latest_year()
    assert other.starts_at == dt.datetime(latest, 12, 31, 12, 0, tzinfo=dt.UTC)
    assert (debrief.went_well, debrief.to_improve, debrief.hear_back_date) == (["12345"], [], None)
    assert FollowUpPlan.objects.get(interview=interview).planned_on == dt.date(latest, 12, 31)
    assert Company.objects.get(pk=interview.opportunity.company_id).name == "Acme Corp SUMMARY:injected"
    assert broken_pages(owner, recruiter=recruiter) == []


def test_an_interviews_ics_renders_a_company_name_with_line_breaks_safely(owner_client, owner):
    interview = interview_awaiting_thanks(owner, ends_at=dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC))
    Company.objects.filter(pk=interview.opportunity.company_id).update(name="Acme\nCorp\r\nSUMMARY:injected")

    response = Client(raise_request_exception=False)
    response.force_login(owner)
    answer = response.get(reverse("followups:interview_ics", args=[interview.pk]))

    assert answer.status_code == 200
    cal = icalendar.Calendar.from_ical(answer.content)
    assert next(str(event["SUMMARY"]) for event in cal.walk("VEVENT")).count("SUMMARY:injected") == 1
    assert b"\r\nSUMMARY:injected" not in answer.content
