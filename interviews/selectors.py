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
