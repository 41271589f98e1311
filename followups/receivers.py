"""The one receiver: capture (which never imports follow-up) says what changed, and follow-up brings each interview
concerned up to date through its one entry point, followups.services.follow_up_sync."""

from interviews.models import Interview, Opportunity

from .services import follow_up_sync


def on_capture_changed(sender, *, interview: Interview | None = None, opportunity: Opportunity | None = None, **kwargs):
    """interviews.signals.interview_changed names one interview; opportunity_status_changed an opportunity, whose
    status every one of its interviews reads (an interview waits for an answer only while its opportunity is open)."""
    interviews = [interview] if interview is not None else Interview.objects.filter(opportunity=opportunity)
    for changed in interviews:
        follow_up_sync(interview=changed)
