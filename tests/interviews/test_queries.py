"""The home page, the opportunity list and the interview page cost the same number of queries for a user with 10
interviews as for one with 500."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.models import Company, Debrief, Interview, InterviewPerson, Opportunity, Person, Question
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def populate(owner: User, count: int) -> Interview:
    """`count` interviews spread over companies and opportunities, half in the future, most with a draft debrief,
    two people met and two questions each (one of them asked everywhere). Returns the last one."""
    now = timezone.now()
    companies = Company.objects.bulk_create(
        Company(owner=owner, name=f"Company {i}") for i in range(max(1, count // 5))
    )
    opportunities = Opportunity.objects.bulk_create(
        Opportunity(owner=owner, company=c, role_title=f"Role {i}", status=Opportunity.Status.INTERVIEWING)
        for i, c in enumerate(companies)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=owner,
            opportunity=opportunities[i % len(opportunities)],
            starts_at=now + dt.timedelta(hours=i - count // 2),
            time_zone=owner.time_zone,
            duration_minutes=60,
        )
        for i in range(count)
    )
    Debrief.objects.bulk_create(Debrief(interview=iv, went_well=["Calm"], interest=7) for iv in interviews[1:])
    people = Person.objects.bulk_create(
        Person(owner=owner, company=iv.opportunity.company, name=f"Person {i}") for i, iv in enumerate(interviews)
    )
    InterviewPerson.objects.bulk_create(
        InterviewPerson(interview=iv, person=person) for iv, person in zip(interviews, people, strict=True)
    )
    Question.objects.bulk_create(
        q
        for iv in interviews
        for q in (
            Question(interview=iv, text="Why us?", normalized_text="whyus", self_score=5, position=0),
            Question(interview=iv, text=f"Other {iv.pk}", normalized_text=f"other{iv.pk}", self_score=6, position=1),
        )
    )
    return interviews[-1]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["home", "opportunity_list", "interview_list", "interview_detail"])
def test_page_queries_do_not_grow_with_the_number_of_interviews(client, page, django_assert_max_num_queries):
    small, large = make_user("small@example.com"), make_user("large@example.com")
    urls = {}
    for user, count in ((small, 10), (large, 500)):
        last = populate(user, count)
        urls[user.pk] = {
            "home": reverse("home"),
            "opportunity_list": reverse("interviews:opportunity_list"),
            "interview_list": reverse("interviews:list"),
            "interview_detail": reverse("interviews:detail", args=[last.pk]),
        }[page]
    client.force_login(small)
    baseline = count_queries(client, urls[small.pk])
    client.force_login(large)
    with django_assert_max_num_queries(baseline):
        assert client.get(urls[large.pk]).status_code == 200


def test_interview_page_reads_no_list_the_interview_does_not_have(client, django_assert_max_num_queries):
    owner = make_user("bare@example.com")
    interview = populate(owner, 3)
    interview.questions.all().delete()
    client.force_login(owner)
    # Session, user, the interview with its flags, the people met, and what it still owes (the panel follow-up
    # makes for the page, issue 14): no questions, learning items or notes to read.
    with django_assert_max_num_queries(5):
        page = client.get(reverse("interviews:detail", args=[interview.pk]))
    assert page.status_code == 200 and 'data-testid="people-met"' in page.content.decode()


def test_interview_page_shows_each_list_it_has_and_who_arranged_it(client):
    from accounts.models import RecruiterLink
    from interviews.models import DebriefNote, LearningItem

    owner = make_user("full@example.com")
    recruiter = make_user("arranger@example.com", role=User.Role.RECRUITER, name="Rita Arranger")
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    interview = populate(owner, 3)
    Interview.objects.filter(pk=interview.pk).update(arranged_by=recruiter)
    LearningItem.objects.create(owner=owner, interview=interview, text="Window functions")
    DebriefNote.objects.create(debrief=interview.debrief, author=recruiter, text="Call me after this one")
    client.force_login(owner)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    for shown in ("Why us?", "Window functions", "Call me after this one", "Rita Arranger"):
        assert shown in page, shown
    client.force_login(recruiter)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Call me after this one" in page and 'data-testid="note-form"' in page


def test_logging_an_interview_costs_at_most_half_the_44_queries_it_took(owner, django_assert_max_num_queries):
    """A new company, a new role and the interview, with follow-up brought up to date once (its debrief reminder)."""
    from interviews.services import interview_log
    from reminders.models import Reminder

    starts_at = timezone.now() - dt.timedelta(hours=2)
    with django_assert_max_num_queries(22):
        interview, created = interview_log(
            owner=owner, new_company_name="Globex", role_title="Platform engineer", starts_at=starts_at
        )
    assert created and interview.opportunity.status == Opportunity.Status.INTERVIEWING
    assert list(Reminder.objects.filter(interview=interview).values_list("kind", flat=True)) == ["debrief_missing"]


def test_follow_up_hears_of_a_logged_interview_once_and_of_an_outcome_once(owner, monkeypatch):
    from followups import receivers, services
    from interviews.services import interview_log

    synced = []
    real_sync = services.follow_up_sync

    def counting_sync(*, interview, now=None):
        synced.append(interview.pk)
        return real_sync(interview=interview, now=now)

    monkeypatch.setattr(receivers, "follow_up_sync", counting_sync)
    monkeypatch.setattr(services, "follow_up_sync", counting_sync)
    interview, _ = interview_log(
        owner=owner, new_company_name="Globex", role_title="Engineer", starts_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert synced == [interview.pk]

    synced.clear()
    services.outcome_record(interview=interview, kind="rejected")
    assert synced == [interview.pk]
    synced.clear()
    services.outcome_record(interview=interview, kind="heard_back")
    assert synced == [interview.pk]


def test_todays_drafts_are_read_through_their_partial_index_not_by_asking_every_interview():
    # A candidate whose debriefs are all complete: asking each interview for its debrief's state read all 10,000
    # of the bench's heavier account on every visit (86 ms). The drafts' partial index holds only drafts.
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's plan")
    from interviews.selectors import capture_overview

    owner = make_user("complete@example.com")
    populate(owner, 200)
    Debrief.objects.filter(interview__owner=owner).update(state=Debrief.State.COMPLETE, completed_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        assert capture_overview(user=owner)["draft_debriefs"] == []
    (drafts,) = [q["sql"] for q in queries if "interviews_debrief" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + drafts)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "debrief_draft_idx" in plan, plan
