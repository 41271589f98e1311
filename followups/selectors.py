"""Reads for follow-up. Every queryset of a user's data starts from interviews_visible_to (via followup_interviews)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import linked_candidate_ids
from interviews.models import Debrief, Interview, Opportunity
from interviews.selectors import interviews_visible_to

from . import deadlines
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


def debrief_is_recorded(debrief: Debrief | None) -> bool:
    """A debrief counts as recorded once it is complete or holds anything at all (the quick mode saves a draft)."""
    if debrief is None:
        return False
    if debrief.state == Debrief.State.COMPLETE:
        return True
    filled = [
        debrief.went_well,
        debrief.to_improve,
        debrief.tone,
        debrief.strengths,
        debrief.weaknesses,
        debrief.next_steps,
        debrief.employer_feedback,
        debrief.hear_back_date,
        debrief.interest,
        debrief.overall_rating,
    ]
    return any(filled)


def _related_or_none(interview: Interview, name: str):
    try:
        return getattr(interview, name)
    except (Debrief.DoesNotExist, FollowUpPlan.DoesNotExist):
        return None


def reminder_due_times(*, interview: Interview, now: dt.datetime) -> dict[str, dt.datetime | None]:
    """For each reminder kind, when it is due for this interview, or None when it is not (or no longer) true.

    `interview` must come through with_followup_state. The sync services store these; the sweep asks again just
    before sending, so a reminder whose reason went away is never sent.
    """
    zone = interview.owner.zone
    ends_at = interview.ends_at
    debrief = _related_or_none(interview, "debrief")
    plan = _related_or_none(interview, "follow_up_plan")
    still_open = interview.opportunity.status in Opportunity.OPEN_STATUSES
    waiting = still_open and not interview.has_outcome
    thanks_due = deadlines.thank_you_due_at(ends_at=ends_at, zone=zone)

    times: dict[str, dt.datetime | None] = dict.fromkeys(Kind.values)
    if interview.owner.is_active and not interview.owner.is_recruiter:
        if not debrief_is_recorded(debrief):
            times[Kind.DEBRIEF_MISSING] = deadlines.debrief_reminder_at(ends_at=ends_at)
        if interview.has_unsent_notes:
            times[Kind.THANKS_PASSED] = thanks_due
            # Once the window itself has closed, "closes in two hours" is no longer true: only one email goes.
            if now < thanks_due:
                times[Kind.THANKS_CLOSING] = deadlines.thanks_closing_at(ends_at=ends_at, zone=zone)
        pending_plan = plan is not None and plan.is_pending
        if waiting and pending_plan:
            times[Kind.FOLLOW_UP_DUE] = deadlines.planned_follow_up_at(planned_on=plan.planned_on, zone=zone)
        elif waiting and debrief is not None and debrief.hear_back_date:
            # A planned follow-up replaces the generic "make the call" reminder, so only one email asks for it.
            times[Kind.HEAR_BACK_PASSED] = deadlines.follow_up_call_at(hear_back_date=debrief.hear_back_date, zone=zone)
    return times


def reminders_due(*, now: dt.datetime) -> QuerySet[Reminder]:
    """The sweep's query, oldest first. Its filter is exactly the condition of the partial index reminder_sweep_idx
    (state = scheduled) plus a range on the indexed column, so it reads only the rows still to send."""
    return Reminder.objects.filter(state=Reminder.State.SCHEDULED, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )


def notes_for_interview(*, interview: Interview) -> list[ThankYouNote]:
    return list(interview.thank_you_notes.select_related("person").order_by("pk"))


def followup_settings_for(*, user: User) -> FollowUpSettings:
    settings_row, _ = FollowUpSettings.objects.get_or_create(user=user)
    return settings_row


def due_now(*, user: User, now: dt.datetime | None = None) -> dict:
    """What the Today page lists first: notes to send, follow-up calls to make, debriefs to record."""
    now = now or timezone.now()
    if user.is_recruiter:
        return {"due_notes": [], "due_calls": [], "due_debriefs": []}
    mine = followup_interviews(user=user)
    note_interviews = list(
        with_followup_state(mine.filter(thank_you_notes__state=ThankYouNote.State.DRAFT).distinct())
        .filter(starts_at__lte=now)
        .order_by("starts_at")[:20]
    )
    due_notes = []
    for interview in note_interviews:
        due = deadlines.thank_you_due_at(ends_at=interview.ends_at, zone=user.zone)
        due_notes.append({"interview": interview, "due_at": due, "overdue": due <= now})

    open_statuses = Opportunity.OPEN_STATUSES
    waiting = (
        with_followup_state(mine.filter(opportunity__status__in=open_statuses))
        .filter(has_outcome=False)
        .filter(Q(debrief__hear_back_date__lt=now.astimezone(user.zone).date()) | Q(follow_up_plan__isnull=False))
        .order_by("starts_at")[:20]
    )
    due_calls = []
    for interview in waiting:
        times = reminder_due_times(interview=interview, now=now)
        when = times[Kind.FOLLOW_UP_DUE] or times[Kind.HEAR_BACK_PASSED]
        if when is not None and when.astimezone(user.zone).date() <= now.astimezone(user.zone).date():
            due_calls.append({"interview": interview, "due_at": when})

    recent = now - dt.timedelta(days=14)
    ended_candidates = with_followup_state(mine.filter(starts_at__gte=recent, starts_at__lte=now)).order_by("starts_at")
    due_debriefs = [
        interview
        for interview in ended_candidates[:50]
        if interview.ends_at <= now and not debrief_is_recorded(_related_or_none(interview, "debrief"))
    ]
    return {"due_notes": due_notes, "due_calls": due_calls, "due_debriefs": due_debriefs}


# --- My candidates: the recruiter's home (issue 5) -----------------------------------------------------------

CANDIDATE_UPCOMING_LIMIT = 3
CANDIDATE_DEBRIEFS_LIMIT = 3
CANDIDATE_DEBRIEFS_WINDOW = dt.timedelta(days=180)
CANDIDATE_UPCOMING_WINDOW = dt.timedelta(days=60)


def recruiter_candidates(*, recruiter: User, now: dt.datetime | None = None) -> list[dict]:
    """Each linked candidate with upcoming interviews, latest debriefs (R2 answer first in the template), thank-you
    notes still unsent and follow-ups overdue, newest activity first.

    Every interview read starts from interviews_visible_to(user=recruiter), so a private interview, or a candidate
    whose link ended, never shows. Six queries however many candidates there are.
    """
    now = now or timezone.now()
    if not recruiter.is_authenticated or not recruiter.is_recruiter:
        return []
    visible = interviews_visible_to(user=recruiter)
    latest_interview = visible.filter(owner=OuterRef("pk")).order_by("-updated_at").values("updated_at")[:1]
    latest_debrief = (
        Debrief.objects.filter(interview__in=visible, interview__owner=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    candidates = list(
        User.objects.filter(pk__in=linked_candidate_ids(recruiter=recruiter))
        .annotate(last_interview_at=Subquery(latest_interview), last_debrief_at=Subquery(latest_debrief))
        .order_by("display_name", "email")
    )
    cards = {
        c.pk: {"candidate": c, "upcoming": [], "debriefs": [], "unsent_notes": [], "overdue": [], "activity": None}
        for c in candidates
    }
    for interview in (
        visible.filter(starts_at__gte=now, starts_at__lt=now + CANDIDATE_UPCOMING_WINDOW)
        .select_related("opportunity__company")
        .order_by("starts_at", "pk")
    ):
        upcoming = cards[interview.owner_id]["upcoming"]
        if len(upcoming) < CANDIDATE_UPCOMING_LIMIT:
            upcoming.append(interview)
    for debrief in (
        Debrief.objects.filter(interview__in=visible, interview__starts_at__gte=now - CANDIDATE_DEBRIEFS_WINDOW)
        .select_related("interview__opportunity__company")
        .order_by("-interview__starts_at", "-pk")
    ):
        debriefs = cards[debrief.interview.owner_id]["debriefs"]
        if len(debriefs) < CANDIDATE_DEBRIEFS_LIMIT:
            debriefs.append(debrief)
    for note in (
        ThankYouNote.objects.filter(
            interview__in=visible, state=ThankYouNote.State.DRAFT, interview__starts_at__lte=now
        )
        .select_related("person", "interview__opportunity__company")
        .order_by("interview__starts_at", "pk")
    ):
        cards[note.interview.owner_id]["unsent_notes"].append(note)
    waiting = (
        with_followup_state(visible.filter(opportunity__status__in=Opportunity.OPEN_STATUSES))
        .filter(has_outcome=False)
        .filter(Q(debrief__hear_back_date__isnull=False) | Q(follow_up_plan__isnull=False))
        .order_by("starts_at", "pk")
    )
    for interview in waiting:
        # The same rule as the candidate's own reminders: overdue once the follow-up it asks for is due.
        times = reminder_due_times(interview=interview, now=now)
        due = times[Kind.FOLLOW_UP_DUE] or times[Kind.HEAR_BACK_PASSED]
        if due is not None and due <= now:
            cards[interview.owner_id]["overdue"].append({"interview": interview, "due_at": due})
    for card in cards.values():
        candidate = card["candidate"]
        moments = [m for m in (candidate.last_interview_at, candidate.last_debrief_at) if m is not None]
        card["activity"] = max(moments) if moments else None
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(cards.values(), key=lambda card: card["activity"] or oldest, reverse=True)
