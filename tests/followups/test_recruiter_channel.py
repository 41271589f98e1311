"""R2's second half: when a linked recruiter arranged the interview, the thank-you flow offers sending the notes
through that recruiter (the default channel) and says to check with them first."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecruiterLink
from followups.models import ThankYouNote
from tests.world import interview_logged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("arranged", "channel"), [(True, "recruiter"), (False, "email")])
def test_notes_of_a_recruiter_arranged_interview_go_through_the_recruiter(
    owner_client, owner, recruiter, arranged, channel
):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    starts_at = timezone.now() - dt.timedelta(hours=2)
    interview = interview_logged(owner, starts_at=starts_at, arranged_by=recruiter if arranged else None)

    assert ThankYouNote.objects.get(interview=interview).channel == channel
    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert "Through the recruiter" in page
