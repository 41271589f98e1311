"""R2's second half: when a linked recruiter arranged the interview, the thank-you flow offers sending the notes
through that recruiter (the default channel) and says to check with them first."""

import pytest
from django.urls import reverse

from accounts.models import RecruiterLink
from followups.models import ThankYouNote
from interviews.models import Interview
from interviews.signals import interview_changed
from tests.factories import InterviewFactory, InterviewPersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("arranged", "channel"), [(True, "recruiter"), (False, "email")])
def test_notes_of_a_recruiter_arranged_interview_go_through_the_recruiter(
    owner_client, owner, recruiter, arranged, channel
):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    interview = InterviewFactory(opportunity__company__owner=owner, arranged_by=recruiter if arranged else None)
    InterviewPersonFactory(interview=interview, person__name="Ada Lovelace")
    interview_changed.send(sender=Interview, interview=interview)

    assert ThankYouNote.objects.get(interview=interview).channel == channel
    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert "Through the recruiter" in page
