"""`manage.py seed_demo`: the demo candidate has something on every page, and a second run changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from accounts.models import RecruiterLink, User
from followups.models import ThankYouNote
from insight.selectors import due_now
from interviews.models import Debrief, Interview, LearningItem, Opportunity


def _snapshot():
    """Every row of every model, so "changes nothing" means values too, not only counts."""
    return {
        m._meta.label: sorted(map(repr, m._default_manager.order_by("pk").values_list()))
        for m in apps.get_models()
        if m._meta.label not in {"sessions.Session"}
    }


@pytest.mark.django_db
def test_seed_demo_gives_the_candidate_a_full_story():
    call_command("seed_demo", stdout=None)
    candidate = User.objects.get(email="candidate@example.com")
    recruiter = User.objects.get(email="recruiter@example.com")

    assert RecruiterLink.objects.filter(candidate=candidate, recruiter=recruiter, status="active").exists()
    statuses = sorted(Opportunity.objects.filter(owner=candidate).values_list("status", flat=True))
    assert statuses == ["applied", "interviewing", "interviewing", "interviewing", "wishlist"]
    interviews = list(Interview.objects.filter(owner=candidate).order_by("starts_at"))
    assert len(interviews) == 6
    ratings = [Debrief.objects.get(interview=i).overall_rating for i in interviews]
    assert ratings == sorted(ratings) and ratings[0] < ratings[-1]
    assert set(ThankYouNote.objects.filter(interview__owner=candidate).values_list("state", flat=True)) == {
        "draft",
        "sent",
    }
    today = timezone.localdate()
    passed = Debrief.objects.filter(interview__owner=candidate, hear_back_date__lt=today)
    assert passed.exclude(interview__outcomes__isnull=False).count() == 1
    assert LearningItem.objects.filter(owner=candidate, done=True).exists()
    assert LearningItem.objects.filter(owner=candidate, done=False).exists()
    due = due_now(user=candidate)
    assert interviews[-1] in [row["interview"] for row in due["due_notes"]]
    assert not next(row for row in due["due_notes"] if row["interview"] == interviews[-1])["overdue"]
    assert [row["interview"] for row in due["due_calls"]] == [interviews[4]]


@pytest.mark.django_db
def test_running_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=None)
    first = _snapshot()
    call_command("seed_demo", stdout=None)
    assert _snapshot() == first
