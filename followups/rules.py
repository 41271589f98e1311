"""Every due-time rule of follow-up, each in one place: when the thank-you notes are due, when to follow up, when
each reminder is due, and whether a debrief still has to be recorded. Views, Today, emails, the calendar feed, the
sync and the sweep all call these; none of them works a due time out for itself.

Pure functions of what is loaded: no query here, so the sweep can re-check a reminder just before sending it.
"""

import datetime as dt
import zoneinfo

from interviews.models import Debrief, Interview, Opportunity
from interviews.selectors import debrief_of

from .models import Reminder
from .selectors import follow_up_plan_of

Kind = Reminder.Kind

NOON = dt.time(12, 0)
SAME_EVENING = dt.time(20, 0)
NEXT_MORNING = dt.time(10, 0)
THANK_YOU_LATEST = dt.timedelta(hours=24)
FOLLOW_UP_CALL_TIME = dt.time(9, 0)
DEBRIEF_REMINDER_DELAY = dt.timedelta(hours=3)
THANKS_CLOSING_LEAD = dt.timedelta(hours=2)


def _local_moment(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    # fold=0 and a round trip through UTC: a wall time inside a DST gap becomes a real instant, not a phantom one.
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


def thank_you_due_at(*, ends_at: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """When the thank-you notes of an interview that ended at `ends_at` are due, in UTC.

    Morning vs afternoon is decided on the candidate's own clock (`zone`), because "the same evening" means their
    evening: ends before 12:00 local → 20:00 that day; ends at 12:00 or later → 10:00 the next day. Never later than
    24 hours after the end, whatever a DST change or a skipped day does to the wall clock.
    """
    local_end = ends_at.astimezone(zone)
    try:
        if local_end.time() < NOON:
            due = _local_moment(local_end.date(), SAME_EVENING, zone)
        else:
            due = _local_moment(local_end.date() + dt.timedelta(days=1), NEXT_MORNING, zone)
        return min(due, ends_at + THANK_YOU_LATEST)
    except OverflowError:  # an interview on 9999-12-31: there is no later day to be due on
        return ends_at


def thanks_closing_at(*, ends_at: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Two hours before the thank-you window closes (never before the interview ended)."""
    due = thank_you_due_at(ends_at=ends_at, zone=zone)
    return max(due - THANKS_CLOSING_LEAD, ends_at)


def follow_up_date(*, hear_back_date: dt.date | None) -> dt.date | None:
    """The first working day (Monday to Friday) at least one day after the promised hear-back date.

    None when there is no hear-back date, or when it is so close to 9999-12-31 that no later day exists.
    """
    if hear_back_date is None:
        return None
    try:
        day = hear_back_date + dt.timedelta(days=1)
        while day.weekday() >= 5:  # Saturday, Sunday
            day += dt.timedelta(days=1)
    except OverflowError:
        return None
    return day


def follow_up_call_at(*, hear_back_date: dt.date | None, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """09:00 on the candidate's clock on the suggested follow-up day: a time they can actually pick up a phone."""
    day = follow_up_date(hear_back_date=hear_back_date)
    return _local_moment(day, FOLLOW_UP_CALL_TIME, zone) if day else None


def planned_follow_up_at(*, planned_on: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return _local_moment(planned_on, FOLLOW_UP_CALL_TIME, zone)


def debrief_reminder_at(*, ends_at: dt.datetime) -> dt.datetime:
    return ends_at + DEBRIEF_REMINDER_DELAY


# --- The debrief and the reminders ---------------------------------------------------------------------------------


def debrief_is_recorded(debrief: Debrief | None) -> bool:
    """A debrief counts as recorded once it is complete or holds anything at all (the quick mode saves a draft).

    The one rule for "a debrief still to record": the debrief reminder, Today and the follow-up page all ask it."""
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


def reminder_due_times(*, interview: Interview, now: dt.datetime) -> dict[str, dt.datetime | None]:
    """For each reminder kind, when it is due for this interview, or None when it is not (or no longer) true.

    `interview` must come through followups.selectors.with_followup_state. The sync stores these; the sweep asks
    again just before sending, so a reminder whose reason went away is never sent.
    """
    zone = interview.owner.zone
    ends_at = interview.ends_at
    debrief = debrief_of(interview)
    plan = follow_up_plan_of(interview)
    still_open = interview.opportunity.status in Opportunity.OPEN_STATUSES
    waiting = still_open and not interview.has_outcome
    thanks_due = thank_you_due_at(ends_at=ends_at, zone=zone)

    times: dict[str, dt.datetime | None] = dict.fromkeys(Kind.values)
    if interview.owner.is_active and not interview.owner.is_recruiter:
        if not debrief_is_recorded(debrief):
            times[Kind.DEBRIEF_MISSING] = debrief_reminder_at(ends_at=ends_at)
        if interview.has_unsent_notes:
            times[Kind.THANKS_PASSED] = thanks_due
            # Once the window itself has closed, "closes in two hours" is no longer true: only one email goes.
            if now < thanks_due:
                times[Kind.THANKS_CLOSING] = thanks_closing_at(ends_at=ends_at, zone=zone)
        pending_plan = plan is not None and plan.is_pending
        if waiting and pending_plan:
            times[Kind.FOLLOW_UP_DUE] = planned_follow_up_at(planned_on=plan.planned_on, zone=zone)
        elif waiting and debrief is not None and debrief.hear_back_date:
            # A planned follow-up replaces the generic "make the call" reminder, so only one email asks for it.
            times[Kind.HEAR_BACK_PASSED] = follow_up_call_at(hear_back_date=debrief.hear_back_date, zone=zone)
    return times
