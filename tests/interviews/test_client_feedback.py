"""Client feedback (issue 17, item 6): the recruiter records the client's decision, score and words; the candidate
sees them beside their own self-assessment and turns a line into a learning item."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.services import recruiter_link_consent_set
from interviews.models import ClientFeedback, LearningItem
from tests.world import interview_ended, link, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(owner, recruiter):
    link(owner, recruiter)
    return interview_ended(
        owner, ends_at=timezone.now() - dt.timedelta(days=1), company="Northwind", debrief={"overall_rating": 8}
    )


def test_recorded_by_the_recruiter_shown_beside_my_score_and_a_line_becomes_a_learning_item(
    owner, recruiter, interview
):
    response = logged_in(recruiter).post(
        f"/interviews/{interview.pk}/client-feedback/",
        {"decision": "next_round", "score": "6", "feedback": "- Strong on SQL\n- Needs Kubernetes depth\n"},
    )
    assert response.status_code == 302
    olivia = logged_in(owner)
    page = olivia.get(f"/interviews/{interview.pk}/").content.decode()
    assert "My score 8 vs the client's 6" in page and "Next round" in page
    assert "Needs Kubernetes depth" in page
    olivia.post(f"/interviews/{interview.pk}/client-feedback/learn/", {"line": "1"})
    olivia.post(f"/interviews/{interview.pk}/client-feedback/learn/", {"line": "1"})  # the same line once
    (item,) = LearningItem.objects.filter(owner=owner, interview=interview)
    assert item.text == "Needs Kubernetes depth"


def test_bad_input_is_refused_by_its_field_and_kept(recruiter, interview):
    response = logged_in(recruiter).post(
        f"/interviews/{interview.pk}/client-feedback/", {"decision": "next_round", "score": "11", "feedback": "Keep me"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep me" in page and "1 to 10" in page
    assert not ClientFeedback.objects.exists()


def test_a_line_not_there_is_refused(owner, recruiter, interview):
    logged_in(recruiter).post(
        f"/interviews/{interview.pk}/client-feedback/", {"decision": "pending", "score": "", "feedback": "One"}
    )
    response = logged_in(owner).post(f"/interviews/{interview.pk}/client-feedback/learn/", {"line": "7"}, follow=True)
    assert "not there any more" in response.content.decode()
    assert not LearningItem.objects.filter(interview=interview).exists()


def test_summary_scope_cannot_record_it(owner, recruiter, interview):
    recruiter_link_consent_set(link=recruiter.candidate_links.get(), user=owner, scope="summary", expires_on=None)
    response = logged_in(recruiter).post(
        f"/interviews/{interview.pk}/client-feedback/", {"decision": "offer", "score": "9", "feedback": ""}
    )
    assert response.status_code == 404
    assert not ClientFeedback.objects.exists()
