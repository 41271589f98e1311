"""Reads for follow-up. Every queryset of a user's data starts from interviews_visible_to (via followup_interviews)."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import User
from interviews.models import Interview
from interviews.selectors import interviews_visible_to

from .models import FollowUpPlan, FollowUpSettings, Outcome, Reminder, ThankYouNote

Kind = Reminder.Kind


def followup_interviews(*, user: User) -> QuerySet[Interview]:
    """The interviews whose follow-up this user manages: visible to them (the one rule) and their own.

    Recruiters see debriefs read-only; thank-you notes, plans and outcomes are the candidate's own acts.
    """
    return interviews_visible_to(user=user).filter(owner=user)


def with_followup_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """Everything the reminder rules read, in one query: owner (zone), opportunity, debrief, plan and two flags."""
    return queryset.select_related("owner", "opportunity__company", "debrief", "follow_up_plan").annotate(
        has_unsent_notes=Exists(ThankYouNote.objects.filter(interview=OuterRef("pk"), state=ThankYouNote.State.DRAFT)),
        has_outcome=Exists(Outcome.objects.filter(interview=OuterRef("pk"))),
    )


def followup_interview_or_404(*, user: User, pk: int) -> Interview:
    interview = with_followup_state(followup_interviews(user=user)).filter(pk=pk).first()
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


def followup_settings_for(*, user: User, create: bool = True) -> FollowUpSettings:
    """The user's reminder choices, read with the user when select_related asked for it. A user who never changed
    them has no row yet: `create` makes it (the pages that edit it, the calendar token); without it the defaults
    come back unsaved, so the sweep reads them without writing."""
    try:
        return user.followup_settings
    except FollowUpSettings.DoesNotExist:
        if not create:
            return FollowUpSettings(user_id=user.pk)  # by id: the user's cached relation stays "no row"
        settings_row, _ = FollowUpSettings.objects.get_or_create(user=user)
        return settings_row
