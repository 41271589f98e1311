"""The one receiver: capture (which never imports follow-up) says what changed, and follow-up brings each interview
concerned up to date through its one entry point, followups.services.follow_up_sync."""

from django.db.models import Q

from interviews.models import Interview, Opportunity

from .services import follow_up_sync


def interviews_concerned(
    *, interview: Interview | None, opportunity: Opportunity | None, old_status: str = "", new_status: str = ""
):
    """The interviews whose follow-up a change reaches. An interview: itself. An opportunity's status: each of its
    interviews (an interview waits for an answer only while its opportunity is in play), and when an offer is
    accepted (or is no longer) every interview of the owner's other opportunities in play too, which are then owed a
    notice instead of waiting (followups.rules.owed)."""
    if interview is not None:
        return [interview]
    concerned = Q(opportunity=opportunity)
    if Opportunity.Status.ACCEPTED in (old_status, new_status):
        concerned |= Q(owner_id=opportunity.owner_id, opportunity__status__in=Opportunity.ACTIVE_STATUSES)
    return Interview.objects.filter(concerned).order_by("pk")


def on_capture_changed(
    sender,
    *,
    interview: Interview | None = None,
    opportunity: Opportunity | None = None,
    old_status: str = "",
    new_status: str = "",
    **kwargs,
):
    """interviews.signals.interview_changed names one interview; opportunity_status_changed an opportunity and its
    old and new status."""
    for changed in interviews_concerned(
        interview=interview, opportunity=opportunity, old_status=old_status, new_status=new_status
    ):
        follow_up_sync(interview=changed)
