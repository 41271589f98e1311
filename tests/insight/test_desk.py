"""The recruiter's desk (issue 17): one row per linked candidate, the attention queue across all of them with each
rule at its boundary, sort / filter / search by GET, a page per candidate, and a query count that stays flat."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import RecruiterLink
from followups.rules import OFFER_SOON_LEAD, offer_deadline_at
from followups.services import outcome_record
from insight.selectors import Attention, desk, how_late
from interviews.services import debrief_save
from tests.conftest import make_user
from tests.world import interview_ended, interview_logged, link

pytestmark = pytest.mark.django_db

# A Monday in November: London is on UTC, so the rules' local times read as UTC here.
T0 = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def linked(owner, recruiter):
    with at(T0 - dt.timedelta(days=1)):
        link(owner, recruiter)
    return recruiter


def queue(recruiter, now) -> list[tuple[str, int | None]]:
    return [(item.kind, item.interview and item.interview.pk) for item in desk(recruiter=recruiter, now=now)["queue"]]


def kinds(recruiter, now) -> set[str]:
    return {kind for kind, _ in queue(recruiter, now)}


# --- Every attention rule, at its boundary ------------------------------------------------------------------------


def test_held_and_not_debriefed_needs_attention_from_three_hours_after_the_end(owner, linked):
    ends = T0 + dt.timedelta(hours=1)
    with at(ends):
        interview = interview_ended(owner, ends_at=ends, debrief=None)
    assert Attention.NO_DEBRIEF not in kinds(linked, ends + dt.timedelta(hours=3) - MINUTE)
    assert (Attention.NO_DEBRIEF, interview.pk) in queue(linked, ends + dt.timedelta(hours=3))
    with at(ends + dt.timedelta(hours=4)):
        debrief_save(interview=interview, values={"interest": 7})  # a quick debrief counts as recorded
    assert Attention.NO_DEBRIEF not in kinds(linked, ends + dt.timedelta(hours=5))


def test_a_private_interview_never_reaches_the_queue(owner, linked):
    ends = T0 + dt.timedelta(hours=1)
    with at(ends):
        interview_ended(owner, ends_at=ends, debrief=None, is_private=True)
    assert Attention.NO_DEBRIEF not in kinds(linked, ends + dt.timedelta(hours=4))


def test_a_passed_hear_back_date_with_no_outcome_needs_attention_on_the_follow_up_day(owner, linked):
    # Heard-back date Monday: the rules' follow-up is Tuesday 09:00 on the interview's clock.
    with at(T0 - dt.timedelta(days=3)):
        interview = interview_ended(owner, ends_at=T0 - dt.timedelta(days=3), debrief={"hear_back_date": T0.date()})
    tuesday_nine = T0 + dt.timedelta(days=1)
    assert Attention.HEAR_BACK not in kinds(linked, tuesday_nine - MINUTE)
    assert (Attention.HEAR_BACK, interview.pk) in queue(linked, tuesday_nine)
    with at(tuesday_nine + MINUTE):
        outcome_record(interview=interview, kind="rejected")
    assert Attention.HEAR_BACK not in kinds(linked, tuesday_nine + dt.timedelta(hours=1))


def test_an_offer_needs_attention_from_48_hours_before_its_answer_by_deadline(owner, linked):
    with at(T0):
        interview = interview_ended(owner, ends_at=T0 - dt.timedelta(hours=2), debrief={})
        answer_by = (T0 + dt.timedelta(days=5)).date()
        outcome_record(interview=interview, kind="offer", answer_by=answer_by)
    deadline = offer_deadline_at(answer_by=answer_by, zone=interview.zone)
    assert Attention.OFFER not in kinds(linked, deadline - OFFER_SOON_LEAD - MINUTE)
    assert (Attention.OFFER, interview.pk) in queue(linked, deadline - OFFER_SOON_LEAD)
    [item] = [i for i in desk(recruiter=linked, now=deadline - OFFER_SOON_LEAD)["queue"] if i.kind == "offer"]
    assert item.when == "due in 2 days" and not item.overdue
    [item] = [i for i in desk(recruiter=linked, now=deadline + dt.timedelta(hours=5))["queue"] if i.kind == "offer"]
    assert item.when == "5 hours overdue" and item.overdue


def test_seven_days_without_activity_needs_attention(owner, linked):
    with at(T0):
        interview_logged(owner, starts_at=T0 + dt.timedelta(days=20), debrief=None)  # booked ahead: nothing owed
    assert Attention.SILENT not in kinds(linked, T0 + dt.timedelta(days=7) - MINUTE)
    assert (Attention.SILENT, None) in queue(linked, T0 + dt.timedelta(days=7))


def test_a_new_link_is_not_silent_for_its_first_week(linked):
    linked_at = RecruiterLink.objects.get(recruiter=linked).accepted_at
    assert Attention.SILENT not in kinds(linked, linked_at + dt.timedelta(days=7) - MINUTE)
    assert Attention.SILENT in kinds(linked, linked_at + dt.timedelta(days=7))


def test_still_interested_unknown_after_a_debrief_needs_attention_until_answered(owner, linked):
    with at(T0):
        interview = interview_ended(owner, ends_at=T0 - dt.timedelta(hours=1), debrief={})
    assert (Attention.STILL_INTERESTED, interview.pk) in queue(linked, T0 + MINUTE)
    [item] = desk(recruiter=linked, now=T0 + dt.timedelta(hours=3))["queue"]
    assert item.when == "debriefed 3 hours ago" and not item.overdue
    with at(T0 + dt.timedelta(hours=1)):
        debrief_save(interview=interview, values={"still_interested": "unsure", "still_interested_why": "Pay"})
    now = T0 + dt.timedelta(hours=2)
    assert Attention.STILL_INTERESTED not in kinds(linked, now)
    [row] = desk(recruiter=linked, now=now)["rows"]
    assert (row.still_interested.value, row.still_interested.label) == ("unsure", "Unsure")
    client = Client()
    client.force_login(linked)
    with at(now):
        cell = client.get(reverse("home")).content.decode().split('data-testid="desk-interest"')[1][:300]
    assert "Unsure" in cell and "(Pay)" in cell


def test_how_late_says_one_unit():
    assert how_late(T0, now=T0 + dt.timedelta(days=4, hours=3)) == "4 days overdue"
    assert how_late(T0, now=T0 + dt.timedelta(hours=3, minutes=20)) == "3 hours overdue"
    assert how_late(T0 + dt.timedelta(hours=20, minutes=5), now=T0) == "due in 20 hours"


# --- The rows -----------------------------------------------------------------------------------------------------


def test_a_row_shows_stage_last_interview_debrief_state_interest_and_next_deadline(owner, linked):
    ends = T0 - dt.timedelta(hours=5)
    with at(ends):
        interview = interview_ended(owner, ends_at=ends, company="Northwind", debrief=None)
    [row] = desk(recruiter=linked, now=T0)["rows"]
    assert [(o.company.name, o.status) for o in row.opportunities] == [("Northwind", "interviewing")]
    assert row.last_interview == interview and row.debrief_text == "None yet, 5 hours after"
    assert row.next_deadline["label"] == "Thank-you notes" and row.next_deadline["interview"] == interview
    with at(T0):
        debrief_save(interview=interview, values={"interest": 8}, complete=True)
    [row] = desk(recruiter=linked, now=T0 + MINUTE)["rows"]
    assert row.debrief_text == "Complete" and row.interest == 8


def test_only_linked_candidates_have_rows(owner, other_candidate, linked):
    ended = make_user("ended@example.com", name="Ended Candidate")
    with at(T0):
        link(ended, linked, ended=True)
        interview_ended(ended, ends_at=T0 - dt.timedelta(hours=5), debrief=None)
        interview_ended(other_candidate, ends_at=T0 - dt.timedelta(hours=5), debrief=None)
    result = desk(recruiter=linked, now=T0 + dt.timedelta(days=1))
    assert [row.candidate for row in result["rows"]] == [owner]
    assert {item.candidate for item in result["queue"]} <= {owner}


def desk_world(recruiter):
    """Three linked candidates: Ann owes a debrief (4 days overdue), Ben has an offer, Cy has nothing owed."""
    ann = make_user("ann@example.com", name="Ann Able")
    ben = make_user("ben@example.com", name="Ben Bright")
    cy = make_user("cy@example.com", name="Cy Calm")
    with at(T0 - dt.timedelta(days=5)):
        for candidate in (ann, ben, cy):
            link(candidate, recruiter)
        late = interview_ended(ann, ends_at=T0 - dt.timedelta(days=4, hours=3), company="Acme", debrief=None)
        offered = interview_ended(ben, ends_at=T0 - dt.timedelta(days=5), company="Bolt", debrief={})
        outcome_record(interview=offered, kind="offer", answer_by=(T0 + dt.timedelta(days=1)).date())
    with at(T0 - dt.timedelta(days=1)):
        interview_logged(cy, starts_at=T0 + dt.timedelta(days=3), company="Cobalt", debrief=None, people=())
        debrief_save(interview=offered, values={"still_interested": "yes"})
    return ann, ben, cy, late, offered


def test_the_desk_page_counts_and_says_how_overdue_with_a_link_to_act(client, recruiter):
    ann, ben, cy, late, offered = desk_world(recruiter)
    client.force_login(recruiter)
    with at(T0):
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert "2 need attention" in page and "3 candidates" in page
    assert "Hello," not in page
    assert 'data-testid="nav-home">My candidates<' in page
    item = page[page.index(f'href="{reverse("interviews:detail", args=[late.pk])}"') :]
    assert "Held, not debriefed" in item[:400] and "4 days overdue" in item[:600]
    assert f'href="{reverse("interviews:detail", args=[offered.pk])}"' in page
    assert [row.candidate for row in response.context["desk"]["rows"]] == [ann, ben, cy]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?show=attention", ["Ann Able", "Ben Bright"]),
        ("?show=offer", ["Ben Bright"]),
        ("?q=cobalt", ["Cy Calm"]),
        ("?q=ben", ["Ben Bright"]),
        ("?q=ann+acme", ["Ann Able"]),
        ("?sort=name&show=attention", ["Ann Able", "Ben Bright"]),
        ("?sort=deadline", ["Ben Bright", "Ann Able", "Cy Calm"]),
        ("?sort=nonsense&show=nonsense", ["Ann Able", "Ben Bright", "Cy Calm"]),
    ],
)
def test_sort_filter_and_search_are_get_parameters(client, recruiter, query, names):
    desk_world(recruiter)
    client.force_login(recruiter)
    with at(T0):
        response = client.get(reverse("home") + query)
    assert response.status_code == 200
    assert [row.candidate.name for row in response.context["desk"]["rows"]] == names
    if "q=" in query:
        typed = query.split("q=")[1].replace("+", " ")
        assert f'value="{typed}"' in response.content.decode()  # the typed search is kept


def test_a_search_matching_nobody_says_so(client, recruiter):
    desk_world(recruiter)
    client.force_login(recruiter)
    page = client.get(reverse("home") + "?q=zzz").content.decode()
    assert 'data-testid="desk-none-match"' in page and 'data-testid="empty-state"' not in page


def desk_queries(client, recruiter, django_assert_max_num_queries, count: int) -> int:
    RecruiterLink.objects.filter(recruiter=recruiter).delete()
    with at(T0 - dt.timedelta(days=2)):
        for n in range(count):
            candidate = make_user(f"c{count}-{n}@example.com", name=f"Candidate {n}")
            link(candidate, recruiter)
            for k in range(3):
                ended = interview_ended(
                    candidate, ends_at=T0 - dt.timedelta(days=k + 1), company=f"Co {n}-{k}", debrief={"interest": 5}
                )
            outcome_record(interview=ended, kind="offer", answer_by=(T0 + dt.timedelta(days=1)).date())
            interview_ended(candidate, ends_at=T0 - dt.timedelta(hours=5), company=f"Late {n}", debrief=None)
    client.force_login(recruiter)
    with at(T0), django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("home"))
    assert len(response.context["desk"]["rows"]) == count
    assert response.context["desk"]["counts"]["attention"] == count
    return len(captured.captured_queries)


def test_the_desk_runs_as_many_queries_for_twenty_candidates_as_for_two(
    client, recruiter, django_assert_max_num_queries
):
    two = desk_queries(client, recruiter, django_assert_max_num_queries, 2)
    twenty = desk_queries(client, recruiter, django_assert_max_num_queries, 20)
    assert two == twenty, (two, twenty)
    print(f"desk queries: {two} at 2 candidates, {twenty} at 20")


# --- A candidate's page ---------------------------------------------------------------------------------------------


def test_the_candidate_page_lists_every_visible_opportunity_paginated(client, owner, linked):
    with at(T0):
        for n in range(12):
            interview_ended(owner, ends_at=T0 - dt.timedelta(days=n + 1), company=f"Firm {n:02}", debrief={})
        secret = interview_ended(owner, ends_at=T0 - dt.timedelta(hours=3), company="Secret Co", is_private=True)
        offered = interview_ended(owner, ends_at=T0 - dt.timedelta(days=20), company="Offer Co", debrief={})
        outcome_record(interview=offered, kind="offer", answer_by=(T0 + dt.timedelta(days=3)).date())
    client.force_login(linked)
    url = reverse("insight:candidate", args=[owner.pk])
    with at(T0):
        first = client.get(url)
        second = client.get(url + "?page=2")
    pages = first.content.decode() + second.content.decode()
    assert first.status_code == second.status_code == 200
    assert len(first.context["page"].object_list) == 10 and len(second.context["page"].object_list) == 3
    assert "Firm 00" in first.content.decode() and "Offer Co" in second.content.decode()
    assert "Secret Co" not in pages and reverse("interviews:detail", args=[secret.pk]) not in pages
    assert "Outcome: Offer" in pages and "offer to answer by Thu 19 Nov, 17:00" in pages
    assert 'data-testid="back-link"' in pages


def test_the_candidate_page_is_404_to_anyone_but_a_recruiter_linked_now(
    client, owner, other_candidate, recruiter, unlinked_recruiter
):
    ended = make_user("ended.recruiter@example.com", role="recruiter", name="Ed Ended")
    link(owner, recruiter)
    link(owner, ended, ended=True)
    url = reverse("insight:candidate", args=[owner.pk])
    for user in (owner, other_candidate, unlinked_recruiter, ended):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(recruiter)
    assert client.get(url).status_code == 200
    assert client.get(reverse("insight:candidate", args=[other_candidate.pk])).status_code == 404
    assert client.post(url).status_code == 405


def test_the_interview_page_leads_a_recruiter_back_to_the_candidate(client, owner, linked):
    with at(T0):
        interview = interview_ended(owner, ends_at=T0 - dt.timedelta(hours=3), debrief={})
    back = f'href="{reverse("insight:candidate", args=[owner.pk])}" data-testid="back-link"'
    client.force_login(linked)
    assert back in client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    client.force_login(owner)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'data-testid="back-link"' not in page and 'data-testid="nav-home">Today<' in page


def candidate_page_queries(client, owner, recruiter, django_assert_max_num_queries, opportunities: int) -> int:
    with at(T0):
        for n in range(opportunities):
            ended = interview_ended(owner, ends_at=T0 - dt.timedelta(days=n + 1), company=f"Q{opportunities}-{n}")
            if n % 2:
                outcome_record(interview=ended, kind="offer", answer_by=(T0 + dt.timedelta(days=2)).date())
    client.force_login(recruiter)
    with at(T0), django_assert_max_num_queries(25) as captured:
        response = client.get(reverse("insight:candidate", args=[owner.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_candidate_page_runs_as_many_queries_for_a_long_history_as_for_a_short_one(
    client, owner, linked, django_assert_max_num_queries
):
    short = candidate_page_queries(client, owner, linked, django_assert_max_num_queries, 2)
    long = candidate_page_queries(client, owner, linked, django_assert_max_num_queries, 14)
    assert short == long, (short, long)
