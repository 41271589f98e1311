"""Opportunities on their own (issue 14): one can be added before any interview, on the wishlist or applied for; the
pipeline groups them by status with counts; "in play" counts only the active ones, and the nudge follows the seeds:
a warning when one carries everything, nothing against four."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import Company, Interview, Opportunity, OpportunityStatusChange
from interviews.services import opportunity_add, opportunity_set_status
from tests.world import interview_logged

pytestmark = pytest.mark.django_db


def add(owner, name, status="applied"):
    return opportunity_add(owner=owner, new_company_name=name, role_title="Data engineer", status=status)


def test_an_opportunity_is_added_with_no_interview_and_its_history_starts_where_it_stands(owner_client, owner):
    response = owner_client.post(
        reverse("interviews:opportunity_add"),
        {"new_company_name": "Northwind", "role_title": "Data engineer", "status": "wishlist", "source": "direct"},
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "interviews:opportunity_detail", args=[opportunity.pk]
    )
    assert (opportunity.status, opportunity.company.name) == ("wishlist", "Northwind")
    assert not Interview.objects.exists()
    assert list(OpportunityStatusChange.objects.values_list("from_status", "to_status")) == [("", "wishlist")]


def test_logging_its_first_interview_moves_a_wishlist_opportunity_to_interviewing(owner):
    opportunity = add(owner, "Northwind", status="wishlist")
    interview_logged(owner, starts_at=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC), company="Northwind",
                     role="Data engineer", debrief=None)  # fmt: skip
    opportunity.refresh_from_db()
    assert opportunity.status == "interviewing"
    assert opportunity.interviews.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"new_company_name": ""}, "new_company_name", "Choose a company from the list or type its name."),
        ({"role_title": ""}, "role_title", "This field is required."),
        ({"role_title": "x" * 201}, "role_title", "at most 200 characters"),
        ({"status": "accepted"}, "status", "Select a valid choice"),
        ({"status": ""}, "status", "Choose whether you have applied yet."),
        ({"job_link": "not a link"}, "job_link", "Enter a valid URL"),
        ({"source": "agency"}, "agency_name", "Type the agency's name"),
        ({"source": "recruiter"}, "recruiter", "Choose the linked recruiter"),
        ({"job_description": "x" * 10_001}, "job_description", "at most 10000 characters"),
        ({"role_title": "Eng\x00ineer"}, "role_title", "Null characters are not allowed"),
    ],
)
def test_bad_input_on_the_add_form_is_a_message_beside_the_field_and_saves_nothing(owner_client, data, field, message):
    posted = {"new_company_name": "Northwind", "role_title": "Data engineer", "status": "applied", "source": "direct"}
    response = owner_client.post(reverse("interviews:opportunity_add"), {**posted, **data})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert response.context["form"].errors[field]
    assert not Opportunity.objects.exists() and not Company.objects.exists()


def test_another_owners_company_is_not_a_valid_choice(owner_client, other_candidate):
    theirs = add(other_candidate, "Theirs Ltd").company
    response = owner_client.post(
        reverse("interviews:opportunity_add"),
        {"company": theirs.pk, "role_title": "Data engineer", "status": "applied", "source": "direct"},
    )
    assert response.status_code == 400 and response.context["form"].errors["company"]


def test_the_pipeline_groups_every_status_with_its_count(owner_client, owner):
    add(owner, "Wish Ltd", status="wishlist")
    for name in ("A", "B"):
        add(owner, name)
    opportunity_set_status(opportunity=add(owner, "C"), status="rejected")
    page = owner_client.get(reverse("interviews:pipeline"))
    counts = {column["status"]: column["count"] for column in page.context["columns"]}
    assert counts == {
        "wishlist": 1, "applied": 2, "interviewing": 0, "offer": 0, "accepted": 0, "rejected": 1, "withdrawn": 0,
    }  # fmt: skip
    assert page.context["in_play_count"] == 2
    assert [c["status"] for c in page.context["columns"]] == list(Opportunity.PIPELINE)


def test_the_pipeline_reads_a_fixed_number_of_queries_and_a_bounded_number_of_rows(client, owner):
    from interviews.selectors import PIPELINE_PER_STATUS

    client.force_login(owner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("interviews:pipeline"))
        return len(queries), page

    add(owner, "First")
    few, _ = count()
    Opportunity.objects.bulk_create(
        Opportunity(owner=owner, company=Company.objects.create(owner=owner, name=f"Co {i}"), role_title="R")
        for i in range(PIPELINE_PER_STATUS + 5)
    )
    many, page = count()
    applied = next(c for c in page.context["columns"] if c["status"] == "applied")
    assert many == few
    assert len(applied["opportunities"]) == PIPELINE_PER_STATUS and applied["more"] == 6


@pytest.mark.parametrize(
    ("in_play", "wishlist", "says", "warns"),
    [
        (0, 0, "0 in play. Add the roles you are applying for", False),
        (1, 2, "1 in play: everything rides on this one.", True),
        (2, 0, "2 in play.", False),
        (3, 0, "3 in play.", False),
        (4, 0, "4 in play.", False),
    ],
)
def test_the_nudge_warns_when_one_carries_everything_and_says_nothing_against_four(
    owner_client, owner, in_play, wishlist, says, warns
):
    for n in range(in_play):
        add(owner, f"Active {n}")
    for n in range(wishlist):
        add(owner, f"Wish {n}", status="wishlist")
    body = " ".join(owner_client.get(reverse("home")).content.decode().split())
    assert says in body
    assert ("alert-warning" in body.split('data-testid="open-count"')[0].rsplit("<p", 1)[-1]) is warns
    assert "letting one go" not in body and "hard to prepare" not in body
    assert (f"{wishlist} on your wishlist" in body) is bool(wishlist)
