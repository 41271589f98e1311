"""My candidates (issue 5), now the desk and a page per candidate (issue 17): linked candidates only, private
interviews never, R2 first, newest activity first, and a fixed number of queries however many candidates. Each
candidate's card (what they have going on now) is on their page; the desk's own rules are in test_desk.py."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecruiterLink
from followups.models import FollowUpPlan, ThankYouNote
from insight.selectors import recruiter_candidates
from tests.conftest import make_user
from tests.factories import DebriefFactory, InterviewFactory, InterviewPersonFactory

pytestmark = pytest.mark.django_db


def link(candidate, recruiter, status=RecruiterLink.Status.ACTIVE):
    return RecruiterLink.objects.create(candidate=candidate, recruiter=recruiter, invited_by=candidate, status=status)


def candidate_with_everything(candidate, *, company: str, private: bool = False):
    now = timezone.now()
    past = InterviewFactory(
        opportunity__company__owner=candidate,
        opportunity__company__name=company,
        starts_at=now - dt.timedelta(days=10),
        is_private=private,
    )
    DebriefFactory(
        interview=past,
        interest=6,
        overall_rating=5,
        still_interested="unsure",
        still_interested_why=f"Why-{company}",
        hear_back_date=(now - dt.timedelta(days=6)).date(),
    )
    met = InterviewPersonFactory(interview=past, person__name=f"Met at {company}")
    ThankYouNote.objects.create(interview=past, person=met.person, channel="recruiter", body="x")
    InterviewFactory(
        opportunity=past.opportunity,
        owner=candidate,
        starts_at=now + dt.timedelta(days=3),
        is_private=private,
        round="second",
    )
    return past


def test_recruiter_home_lists_linked_candidates_with_r2_first_and_no_private_or_foreign_rows(
    client, owner, other_candidate, recruiter
):
    link(owner, recruiter)
    ended = make_user("ended@example.com", name="Ended Candidate")
    link(ended, recruiter, status=RecruiterLink.Status.REVOKED)
    candidate_with_everything(owner, company="Visible Co")
    secret = candidate_with_everything(owner, company="Secret Co", private=True)
    candidate_with_everything(other_candidate, company="Foreign Co")
    candidate_with_everything(ended, company="Ended Co")

    client.force_login(recruiter)
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.templates[0].name == "insight/recruiter_home.html"
    desk = response.content.decode()
    assert "My candidates" in desk and "Olivia Owner" in desk and "Visible Co" in desk
    [desk_row] = response.context["desk"]["rows"]
    assert desk_row.candidate == owner
    response = client.get(reverse("insight:candidate", args=[owner.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Olivia Owner" in page
    assert "Visible Co" in page and "Why-Visible Co" in page and "Met at Visible Co" in page
    for hidden in (
        "Secret Co",
        "Foreign Co",
        "Ended Co",
        "Oscar Other",
        "Ended Candidate",
        f"/interviews/{secret.pk}/",
    ):
        assert hidden not in page, hidden
        assert hidden not in desk, hidden
    card = page[page.index('data-testid="candidate-debrief"') :]
    assert card.index("Still interested: Unsure") < card.index("Interest 6")
    row = response.context["card"]
    assert len(row["upcoming"]) == 1 and len(row["unsent_notes"]) == 1 and len(row["overdue"]) == 1


def test_candidates_come_newest_activity_first(recruiter):
    quiet = make_user("quiet@example.com", name="Quiet Quinn")
    busy = make_user("busy@example.com", name="Busy Bea")
    for candidate in (quiet, busy):
        link(candidate, recruiter)
    old = candidate_with_everything(quiet, company="Old Co")
    type(old).objects.filter(owner=quiet).update(updated_at=timezone.now() - dt.timedelta(days=5))
    candidate_with_everything(busy, company="New Co")
    assert [card["candidate"].name for card in recruiter_candidates(recruiter=recruiter)] == ["Busy Bea", "Quiet Quinn"]


def test_a_completed_plan_or_an_outcome_is_not_overdue(owner, recruiter):
    link(owner, recruiter)
    past = candidate_with_everything(owner, company="Done Co")
    FollowUpPlan.objects.create(interview=past, planned_on=timezone.now().date() + dt.timedelta(days=5))
    [card] = recruiter_candidates(recruiter=recruiter)
    assert card["overdue"] == []


def test_revoked_recruiter_sees_nobody(client, owner, recruiter):
    link(owner, recruiter, status=RecruiterLink.Status.REVOKED)
    candidate_with_everything(owner, company="Gone Co")
    client.force_login(recruiter)
    page = client.get(reverse("home")).content.decode()
    assert "Gone Co" not in page and 'data-testid="empty-state"' in page


def queries_for(client, recruiter, django_assert_max_num_queries, count: int):
    for n in range(count):
        candidate = make_user(f"candidate{count}-{n}@example.com", name=f"Candidate {n}")
        link(candidate, recruiter)
        candidate_with_everything(candidate, company=f"Company {n}")
    client.force_login(recruiter)
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200 and len(response.context["desk"]["rows"]) == count
    return len(captured.captured_queries)


def test_the_home_page_runs_as_many_queries_for_thirty_candidates_as_for_one(
    client, recruiter, django_assert_max_num_queries
):
    one = queries_for(client, recruiter, django_assert_max_num_queries, 1)
    RecruiterLink.objects.all().delete()
    thirty = queries_for(client, recruiter, django_assert_max_num_queries, 30)
    assert one == thirty


def test_each_card_shows_the_three_nearest_upcoming_and_three_latest_debriefs_of_its_own_candidate(
    owner, other_candidate, recruiter
):
    now = timezone.now()
    for candidate in (owner, other_candidate):
        link(candidate, recruiter)
        for days in range(1, 6):
            InterviewFactory(opportunity__company__owner=candidate, starts_at=now + dt.timedelta(days=days))
            DebriefFactory(
                interview=InterviewFactory(
                    opportunity__company__owner=candidate, starts_at=now - dt.timedelta(days=days)
                )
            )
    cards = {card["candidate"]: card for card in recruiter_candidates(recruiter=recruiter, now=now)}
    for candidate in (owner, other_candidate):
        card = cards[candidate]
        assert [i.starts_at for i in card["upcoming"]] == [now + dt.timedelta(days=d) for d in (1, 2, 3)]
        assert [d.interview.starts_at for d in card["debriefs"]] == [now - dt.timedelta(days=d) for d in (1, 2, 3)]
        assert {i.owner for i in card["upcoming"]} == {d.interview.owner for d in card["debriefs"]} == {candidate}


def test_unsent_notes_show_the_oldest_five_and_how_many_more(client, owner, recruiter):
    link(owner, recruiter)
    now = timezone.now()
    for days in range(8, 0, -1):
        interview = InterviewFactory(opportunity__company__owner=owner, starts_at=now - dt.timedelta(days=days))
        met = InterviewPersonFactory(interview=interview, person__name=f"Met {days} days ago")
        ThankYouNote.objects.create(interview=interview, person=met.person, body="x")
    [card] = recruiter_candidates(recruiter=recruiter, now=now)
    assert [n.person.name for n in card["unsent_notes"]] == [f"Met {d} days ago" for d in (8, 7, 6, 5, 4)]
    assert card["unsent_more"] == 3

    client.force_login(recruiter)
    page = client.get(reverse("insight:candidate", args=[owner.pk])).content.decode()
    assert "Met 4 days ago" in page and "Met 3 days ago" not in page
    assert 'data-testid="candidate-unsent-more">and 3 more<' in page


def test_a_hear_back_date_still_ahead_or_a_planned_follow_up_not_yet_due_is_not_overdue(owner, recruiter):
    link(owner, recruiter)
    now = timezone.now()
    ahead = InterviewFactory(opportunity__company__owner=owner, starts_at=now - dt.timedelta(days=3))
    DebriefFactory(interview=ahead, hear_back_date=(now + dt.timedelta(days=3)).date())
    planned = candidate_with_everything(owner, company="Planned Co")
    FollowUpPlan.objects.create(interview=planned, planned_on=(now - dt.timedelta(days=2)).date())
    later = candidate_with_everything(owner, company="Later Co")
    FollowUpPlan.objects.create(interview=later, planned_on=(now + dt.timedelta(days=2)).date())
    [card] = recruiter_candidates(recruiter=recruiter, now=now)
    assert [row["interview"] for row in card["overdue"]] == [planned]
