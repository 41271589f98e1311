"""The derived account of what is owed (insight.owed.owed_accounts) reads a fixed number of queries, and a
bounded number of rows, however many interviews there are: the same at 10 and at 1,000, for the account itself, for
Today and for the recruiter's card; the desk's summary of it (owed_summaries) says what the account says, in three."""

import datetime as dt
import functools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RecruiterLink, User
from followups.models import Outcome, ThankYouNote
from insight.owed import ACCOUNT_PER_OWNER, SUMMARY_NOTES_PER_OWNER, owed_by, owed_summaries
from interviews.models import Company, Debrief, Interview, InterviewPerson, Opportunity, Person
from interviews.selectors import interviews_owned_by
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def populate(owner, count: int) -> None:
    """`count` interviews of `owner` across ten opportunities, each owing something: an offer to answer (0), a
    rejection to reply to (1), unsent notes and a hear-back date passed (2 to 5, begun after an offer accepted
    yesterday) and notices owed after it (0 and 6 to 9, begun before)."""
    companies = Company.objects.bulk_create(Company(owner=owner, name=f"Company {i}") for i in range(10))
    opportunities = Opportunity.objects.bulk_create(
        Opportunity(
            owner=owner,
            company=c,
            role_title="Engineer",
            status=("offer", "rejected", "interviewing")[min(i, 2)],
            created_at=NOW if 2 <= i <= 5 else NOW - dt.timedelta(days=400),
        )
        for i, c in enumerate(companies)
    )
    accepted = Opportunity.objects.create(
        owner=owner,
        company=companies[0],
        role_title="Lead",
        status="accepted",
        status_changed_at=NOW - dt.timedelta(days=1),
    )
    people = Person.objects.bulk_create(Person(owner=owner, company=c, name=f"Met at {c.name}") for c in companies)
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=owner,
            opportunity=opportunities[i % 10],
            starts_at=NOW - dt.timedelta(days=30, hours=i),
            time_zone="Europe/London",
        )
        for i in range(count)
    )
    Interview.objects.create(owner=owner, opportunity=accepted, starts_at=NOW, time_zone="Europe/London")
    InterviewPerson.objects.bulk_create(
        InterviewPerson(interview=iv, person=people[i % 10]) for i, iv in enumerate(interviews)
    )
    ThankYouNote.objects.bulk_create(
        ThankYouNote(interview=iv, person=people[i % 10]) for i, iv in enumerate(interviews)
    )
    Debrief.objects.bulk_create(
        Debrief(interview=iv, hear_back_date=(NOW - dt.timedelta(days=10)).date()) for iv in interviews
    )
    Outcome.objects.bulk_create(
        Outcome(interview=iv, kind="offer", answer_by=dt.date(2026, 12, 4))
        if iv.opportunity_id == opportunities[0].pk
        else Outcome(interview=iv, kind="rejected")
        for iv in interviews
        if iv.opportunity_id in (opportunities[0].pk, opportunities[1].pk)
    )


def queries_of(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return len(queries), result


@pytest.mark.parametrize("count", [10, 1000])
def test_the_account_reads_five_queries_and_at_most_a_bounded_number_of_interviews(count):
    owner = make_user("many@example.com")
    populate(owner, count)
    n, account = queries_of(lambda: owed_by(user=owner, now=NOW))
    assert n <= 5
    assert account.offers and account.rejection_replies and account.notes and account.follow_ups
    assert len(account.notices) == 5
    assert sum(len(a.notes) + len(a.follow_ups) + len(a.rejection_replies) for a in account.opportunities) <= (
        3 * ACCOUNT_PER_OWNER
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_desks_summary_reads_three_queries_and_says_what_the_account_says(count):
    owner = make_user("many@example.com")
    populate(owner, count)
    n, summaries = queries_of(lambda: owed_summaries(interviews=interviews_owned_by(user=owner), now=NOW))
    assert n == 3
    summary, account = summaries[owner.pk], owed_by(user=owner, now=NOW)
    assert summary.follow_ups and summary.offers
    if count <= ACCOUNT_PER_OWNER:  # beyond, each reads its own oldest: the summary's follow-ups are not behind notes
        assert [(i["interview"], i["due_at"]) for i in summary.follow_ups] == [
            (i["interview"], i["due_at"]) for i in account.follow_ups
        ]
        assert [(o["interview"], o["due_at"]) for o in summary.offers] == [
            (o["interview"], o["due_at"]) for o in account.offers
        ]
        # The oldest interviews' notes are closed (their opportunities are owed a notice, or rejected): the summary
        # reads only open ones, so its few still find the account's earliest deadline.
        assert count > SUMMARY_NOTES_PER_OWNER
        assert summary.next_notes["due_at"] == min(item["due_at"] for item in account.notes)


def test_the_desks_summary_finds_the_notes_owed_behind_closed_ones():
    # The oldest interviews' notes are closed (an offer accepted since their opportunity began, a rejection): the
    # summary reads only its first few interviews with notes, so it must pick those whose notes are still open.
    owner = make_user("many@example.com")
    company = Company.objects.create(owner=owner, name="Co")
    person = Person.objects.create(owner=owner, company=company, name="Ada")
    opportunity = functools.partial(Opportunity.objects.create, owner=owner, company=company, role_title="Engineer")
    opportunity(status="accepted", status_changed_at=NOW - dt.timedelta(days=1))
    told = opportunity(status="interviewing", created_at=NOW - dt.timedelta(days=400))
    rejected = opportunity(status="rejected")
    fresh = opportunity(status="interviewing", created_at=NOW)
    for days, of in enumerate([told, told, rejected, rejected, told, fresh]):
        last = Interview.objects.create(
            owner=owner, opportunity=of, starts_at=NOW - dt.timedelta(days=20 - days), time_zone="Europe/London"
        )
        ThankYouNote.objects.create(interview=last, person=person)
    [summary] = owed_summaries(interviews=interviews_owned_by(user=owner), now=NOW).values()
    assert (summary.next_notes["interview"], summary.follow_ups, summary.offers) == (last, [], [])
    assert summary.next_notes["due_at"] == owed_by(user=owner, now=NOW).notes[0]["due_at"]


def test_the_account_costs_the_same_at_10_and_at_1000_interviews():
    few, many = make_user("few@example.com"), make_user("lots@example.com")
    populate(few, 10)
    populate(many, 1000)
    assert queries_of(lambda: owed_by(user=few, now=NOW))[0] == queries_of(lambda: owed_by(user=many, now=NOW))[0]


def test_today_and_the_recruiters_card_cost_the_same_at_10_and_at_1000_interviews():
    import time_machine

    few, many = make_user("few@example.com"), make_user("lots@example.com")
    recruiter = make_user("rec@example.com", role=User.Role.RECRUITER)
    populate(few, 10)
    populate(many, 1000)
    RecruiterLink.objects.create(candidate=few, recruiter=recruiter, invited_by=few, status="active")
    clients = {}
    for user in (few, many, recruiter):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)

    def page(user) -> int:
        with time_machine.travel(NOW, tick=False):
            n, response = queries_of(lambda: clients[user.pk].get(reverse("home")))
        assert response.status_code == 200
        return n

    assert page(few) == page(many)
    with_few = page(recruiter)
    RecruiterLink.objects.create(candidate=many, recruiter=recruiter, invited_by=many, status="active")
    assert page(recruiter) == with_few


def test_the_accounts_first_query_probes_each_interview_and_joins_no_whole_table():
    # Which interviews may owe something is asked of each interview by one index probe per table (its notes, its
    # debrief, its plan, its outcomes, its opportunity). Written as joins and EXISTS inside an OR, PostgreSQL
    # hashed every user's notes and debriefs on each visit: 28 ms of Today at 20,000 interviews, growing with the
    # site. SQLite has no such plans to read.
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    owner = make_user("many@example.com")
    populate(owner, 200)
    populate(make_user("other@example.com"), 200)
    with CaptureQueriesContext(connection) as queries:
        owed_by(user=owner, now=NOW)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("EXPLAIN " + queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Join" not in plan and "Nested Loop" not in plan and "hashed SubPlan" not in plan, plan
    assert plan.startswith("Limit"), plan
