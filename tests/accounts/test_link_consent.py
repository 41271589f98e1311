"""Consent per link (issue 17, item 7): the candidate chooses the summary or the full debriefs and an expiry; what
is not shared answers 404 on the recruiter's next request; every view of a debrief is in the candidate's access log;
revocation and expiry email the recruiter, once."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLogEntry, RecruiterLink
from accounts.services import links_expire, recruiter_link_consent_set, recruiter_link_end
from tests.world import interview_ended, link, logged_in

pytestmark = pytest.mark.django_db

LINKS = "/me/links/"


@pytest.fixture
def shared(owner, recruiter):
    made = link(owner, recruiter)
    interview = interview_ended(
        owner,
        ends_at=timezone.now() - dt.timedelta(hours=3),
        company="Northwind",
        debrief={"interest": 8, "strengths": "answer-text-5d1e", "overall_rating": 7},
        complete=True,
    )
    return made, interview


def consent_post(client: Client, link: RecruiterLink, **values):
    data = {f"link-{link.pk}-{key}": value for key, value in values.items()}
    return client.post(f"/me/links/{link.pk}/consent/", data)


def test_narrowed_to_summary_the_debrief_is_404_on_the_next_request_and_the_log_lists_the_views(
    owner, recruiter, shared
):
    made, interview = shared
    rita, olivia = logged_in(recruiter), logged_in(owner)
    page = f"/interviews/{interview.pk}/"
    assert rita.get(page).status_code == 200
    assert "answer-text-5d1e" in rita.get(page).content.decode()
    assert "5d1e" in rita.get("/search/?q=answer").content.decode()

    response = consent_post(olivia, made, scope="summary", expires_on="")
    assert response.status_code == 302
    assert rita.get(page).status_code == 404
    assert rita.post(f"/interviews/{interview.pk}/debrief/notes/", {"text": "hi"}).status_code == 404
    assert "5d1e" not in rita.get("/search/?q=answer").content.decode()
    desk = rita.get("/").content.decode()
    assert "Northwind" in desk and "8/10" in desk  # the summary stays on the desk
    assert f'href="{page}"' not in desk
    card = rita.get(f"/candidates/{owner.pk}/").content.decode()
    assert "Northwind" in card and "Interest 8" in card  # and on the candidate page, with no way to the debrief
    assert f'href="{page}"' not in card and "self-rating" not in card

    log = olivia.get(LINKS).content.decode()
    # The two debrief views (the 404 is not one), the day's line of the search that showed what matched in the
    # debrief, the day's line of the desk, and the candidate page's view of the history, each saying what it showed.
    assert log.count('data-testid="access-log-entry"') == 5
    assert "Rita Recruiter viewed your search results (what matched in the full debriefs)" in re.sub(
        r"<[^>]+>", "", log
    )
    assert "Rita Recruiter viewed your history page (summary)" in re.sub(r"<[^>]+>", "", log)
    assert "Rita Recruiter viewed your summary on the desk (stage, interest, deadlines)" in re.sub(r"<[^>]+>", "", log)
    assert "Rita Recruiter viewed your Northwind debrief (first round)" in re.sub(r"<[^>]+>", "", log)


def test_a_view_costs_one_insert_the_desk_one_line_a_day_and_a_search_showing_nothing_of_theirs_none(
    owner, recruiter, shared
):
    _made, interview = shared
    rita = logged_in(recruiter)
    with CaptureQueriesContext(connection) as queries:
        assert rita.get(f"/interviews/{interview.pk}/").status_code == 200
    inserts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and AccessLogEntry._meta.db_table in inserts[0]
    rita.get("/")
    rita.get("/")
    rita.get("/search/?q=northwind")  # only the candidate's own kinds hold the word: nothing of theirs is shown
    assert list(AccessLogEntry.objects.order_by("pk").values_list("object_kind", flat=True)) == ["interview", "desk"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        rita.get("/")
    assert AccessLogEntry.objects.filter(object_kind="desk").count() == 2


def test_the_log_is_paginated_and_shows_the_candidates_clock(owner, recruiter, shared):
    owner.time_zone = "America/New_York"
    owner.save()
    _made, interview = shared
    rita = logged_in(recruiter)
    with time_machine.travel(dt.datetime(2026, 12, 1, 15, 4, tzinfo=dt.UTC), tick=False):
        for _ in range(21):
            rita.get(f"/interviews/{interview.pk}/")
    olivia = logged_in(owner)
    first = olivia.get(LINKS).content.decode()
    assert first.count('data-testid="access-log-entry"') == 20
    assert "1 Dec 2026, 10:04" in first  # 15:04 UTC on the candidate's New York clock
    assert olivia.get(LINKS + "?views=2").content.decode().count('data-testid="access-log-entry"') == 1


def test_a_past_expiry_ends_access_at_once_and_the_recruiter_is_told_once(owner, recruiter, shared):
    made, interview = shared
    rita = logged_in(recruiter)
    start = timezone.now()
    recruiter_link_consent_set(link=made, user=owner, scope="full", expires_on=start.astimezone(owner.zone).date())
    made.refresh_from_db()
    assert rita.get(f"/interviews/{interview.pk}/").status_code == 200
    with time_machine.travel(made.expires_at + dt.timedelta(seconds=1), tick=False):
        assert rita.get(f"/interviews/{interview.pk}/").status_code == 404  # before any task ran
        assert "Northwind" not in rita.get("/").content.decode()
        mail.outbox.clear()
        assert links_expire() == 1
        assert links_expire() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [recruiter.email]
    assert "has expired" in mail.outbox[0].subject
    made.refresh_from_db()
    assert made.status == RecruiterLink.Status.REVOKED
    assert "Expired" in logged_in(owner).get(LINKS).content.decode()


def test_revoking_emails_the_recruiter_once(owner, recruiter, shared):
    made, _interview = shared
    mail.outbox.clear()
    assert recruiter_link_end(link=made, user=owner)
    assert not recruiter_link_end(link=made, user=owner)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [recruiter.email]
    assert "Olivia Owner ended your link" in mail.outbox[0].subject


def test_a_recruiter_ending_the_link_is_not_emailed_about_it(owner, recruiter, shared):
    made, _interview = shared
    mail.outbox.clear()
    assert recruiter_link_end(link=made, user=recruiter)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"scope": "everything", "expires_on": ""}, "scope", "Choose the summary or the full debriefs."),
        ({"scope": "summary", "expires_on": "2020-01-01"}, "expires_on", "Choose today or a day ahead"),
        ({"scope": "summary", "expires_on": "9999-12-31"}, "expires_on", "within the next two years"),
        ({"scope": "summary", "expires_on": "31/31/2027"}, "expires_on", "Enter a date like 2027-03-31."),
    ],
)
def test_bad_consent_input_is_refused_by_its_field_and_nothing_changes(
    owner, recruiter, shared, values, field, message
):
    made, _interview = shared
    response = consent_post(logged_in(owner), made, **values)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if values["expires_on"]:
        assert f'value="{values["expires_on"]}"' in page  # what was typed is kept
    made.refresh_from_db()
    assert made.scope == RecruiterLink.Scope.FULL and made.expires_at is None


def test_only_the_candidate_changes_consent(owner, recruiter, shared):
    made, _interview = shared
    assert consent_post(logged_in(recruiter), made, scope="summary", expires_on="").status_code == 404
    made.refresh_from_db()
    assert made.scope == RecruiterLink.Scope.FULL


def test_widening_again_shows_the_debrief(owner, recruiter, shared):
    made, interview = shared
    olivia, rita = logged_in(owner), logged_in(recruiter)
    consent_post(olivia, made, scope="summary", expires_on="")
    assert rita.get(f"/interviews/{interview.pk}/").status_code == 404
    consent_post(olivia, made, scope="full", expires_on="")
    assert rita.get(f"/interviews/{interview.pk}/").status_code == 200
