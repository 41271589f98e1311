"""Reads for follow-up. Every queryset of a user's data starts from interviews_visible_to (via followup_interviews)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from accounts.models import User
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


# The sweep's read: every minute on every worker, and most of the time it finds nothing. As SQL, finding nothing
# costs the index lookup and not the ORM compiling a query (about 1 ms, five times the lookup; `make bench`).
# The WHERE is exactly the condition of the partial index reminder_sweep_idx plus a range on the indexed column.
REMINDERS_DUE_SQL = (
    f"SELECT * FROM {Reminder._meta.db_table} WHERE state = '{Reminder.State.SCHEDULED}' AND next_attempt_at <= %s"
    "{not_skipped} ORDER BY next_attempt_at, id LIMIT %s"
)


def reminders_due_query(*, now: dt.datetime, limit: int, skip: list[int] = ()) -> tuple[str, list]:
    not_skipped = f" AND id NOT IN ({', '.join(['%s'] * len(skip))})" if skip else ""
    return REMINDERS_DUE_SQL.format(not_skipped=not_skipped), [now, *skip, limit]


def reminders_due(*, now: dt.datetime, limit: int = 50, skip: list[int] = ()) -> list[Reminder]:
    """The first `limit` reminders to send at `now`, oldest first, leaving out the ids in `skip`."""
    sql, params = reminders_due_query(now=now, limit=limit, skip=skip)
    return list(Reminder.objects.raw(sql, params))


def interviews_for_reminders(reminders: list[Reminder]) -> dict[int, Interview]:
    """The interviews of a batch of reminders, by id, with all the re-check and the email read: the rules' state,
    the owner's reminder settings and the unsent notes (`draft_notes`). Two queries for the whole batch."""
    drafts = Prefetch(
        "thank_you_notes",
        queryset=ThankYouNote.objects.filter(state=ThankYouNote.State.DRAFT).select_related("person").order_by("pk"),
        to_attr="draft_notes",
    )
    interviews = Interview.objects.filter(pk__in={reminder.interview_id for reminder in reminders})
    loaded = with_followup_state(interviews).select_related("owner__followup_settings").prefetch_related(drafts)
    return {interview.pk: interview for interview in loaded}


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
