"""Reads for follow-up. Follow-up is the candidate's own: every queryset of it starts from interviews_owned_by."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import User
from interviews.models import Interview
from interviews.selectors import interviews_owned_by

from .models import FollowUpPlan, Outcome, Reminder, ThankYouNote

Kind = Reminder.Kind


def with_followup_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """Everything the reminder rules read, in one query: owner (zone), opportunity, debrief, plan and two flags."""
    return queryset.select_related("owner", "opportunity__company", "debrief", "follow_up_plan").annotate(
        has_unsent_notes=Exists(ThankYouNote.objects.filter(interview=OuterRef("pk"), state=ThankYouNote.State.DRAFT)),
        has_outcome=Exists(Outcome.objects.filter(interview=OuterRef("pk"))),
    )


def thank_you_notes_of(*, user: User) -> QuerySet[ThankYouNote]:
    """The notes of the user's own interviews (sending them is the candidate's act: a recruiter has none)."""
    return ThankYouNote.objects.filter(interview__in=interviews_owned_by(user=user)).select_related(
        "person", "interview"
    )


def outcomes_of(*, user: User) -> QuerySet[Outcome]:
    return Outcome.objects.filter(interview__in=interviews_owned_by(user=user))


def followup_interview_or_404(*, user: User, pk: int) -> Interview:
    interview = with_followup_state(interviews_owned_by(user=user)).filter(pk=pk).first()
    if interview is None:
        raise Http404("No such interview.")
    return interview


def follow_up_plan_of(interview: Interview) -> FollowUpPlan | None:
    """The interview's follow-up plan, or None: the one way to ask (read with the interview by with_followup_state)."""
    try:
        return interview.follow_up_plan
    except FollowUpPlan.DoesNotExist:
        return None


def notes_for_interview(*, interview: Interview) -> list[ThankYouNote]:
    return list(interview.thank_you_notes.select_related("person").order_by("pk"))
