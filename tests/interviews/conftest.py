import pytest

from accounts.models import RecruiterLink


@pytest.fixture
def linked_recruiter(owner, recruiter):
    RecruiterLink.objects.create(
        candidate=owner, recruiter=recruiter, invited_by=owner, status=RecruiterLink.Status.ACTIVE
    )
    return recruiter


@pytest.fixture
def signals_sent():
    """Records every capture signal sent while the test runs."""
    from interviews.models import Interview, Opportunity
    from interviews.signals import interview_changed, opportunity_status_changed

    sent = []

    def on_interview(sender, **kwargs):
        sent.append(("interview_changed", kwargs["interview"].pk))

    def on_status(sender, **kwargs):
        sent.append(("opportunity_status_changed", kwargs["old_status"], kwargs["new_status"]))

    interview_changed.connect(on_interview, sender=Interview, weak=False)
    opportunity_status_changed.connect(on_status, sender=Opportunity, weak=False)
    yield sent
    interview_changed.disconnect(on_interview, sender=Interview)
    opportunity_status_changed.disconnect(on_status, sender=Opportunity)
