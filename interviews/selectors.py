from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import linked_candidate_ids

from .models import Interview


def interviews_visible_to(*, user: User) -> QuerySet[Interview]:
    """Who may see an interview, in one place: its owner, and recruiters with an active link to the owner
    unless the interview is private. Views, emails, the calendar feed and the sweep all go through this."""
    if not user.is_authenticated:
        return Interview.objects.none()
    if user.is_recruiter:
        return Interview.objects.filter(owner__in=linked_candidate_ids(recruiter=user), is_private=False)
    return Interview.objects.filter(owner=user)


def capture_overview(*, user: User, now=None) -> dict:
    """What the home page shows of capture: upcoming interviews, debriefs still in draft, opportunities in play."""
    from django.utils import timezone

    from .models import Debrief, Opportunity

    now = now or timezone.now()
    upcoming = list(
        Interview.objects.filter(owner=user, starts_at__gte=now)
        .select_related("opportunity__company")
        .order_by("starts_at")[:10]
    )
    draft_debriefs = list(
        Debrief.objects.filter(interview__owner=user, state=Debrief.State.DRAFT)
        .select_related("interview__opportunity__company")
        .order_by("-interview__starts_at")[:10]
    )
    open_count = Opportunity.objects.filter(owner=user, status__in=Opportunity.OPEN_STATUSES).count()
    return {"upcoming_interviews": upcoming, "draft_debriefs": draft_debriefs, "open_opportunity_count": open_count}
