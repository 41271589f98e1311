from django.db.models import QuerySet

from .models import RecruiterLink, User


def linked_candidate_ids(*, recruiter: User) -> QuerySet:
    """Ids of the candidates who have an active link with this recruiter (a subquery, evaluated per request,
    so a revoked link stops access on the recruiter's very next request)."""
    return RecruiterLink.objects.filter(recruiter=recruiter, status=RecruiterLink.Status.ACTIVE).values("candidate_id")


def linked_recruiters(*, candidate: User) -> QuerySet[User]:
    return User.objects.filter(
        candidate_links__candidate=candidate, candidate_links__status=RecruiterLink.Status.ACTIVE
    ).order_by("display_name", "email")
