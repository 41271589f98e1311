"""Every due-time rule of follow-up, each in one place: when the thank-you notes are due, when to follow up, when an
offer must be answered, when each reminder is due, whether a debrief still has to be recorded, and `owed`: what one
interview still owes, the one account Today, the calendar feed, the reminders, the follow-up page and the recruiter's
card all read. None of them works a due time out for itself.

Every rule runs on the interview's own clock (Interview.time_zone, where its time was given), never on the profile's
zone: changing the profile later moves no deadline. Pure functions of what is loaded (through
followups.selectors.with_followup_state): no query here, so the sweep can re-check a reminder just before sending it.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from interviews.models import Debrief, Interview, Opportunity
from interviews.selectors import debrief_of
from reminders.models import Reminder, ReminderKey

from .models import CheckIn, FollowUpPlan

Kind = Reminder.Kind

NOON = dt.time(12, 0)
SAME_EVENING = dt.time(20, 0)
NEXT_MORNING = dt.time(10, 0)
THANK_YOU_LATEST = dt.timedelta(hours=24)
FOLLOW_UP_CALL_TIME = dt.time(9, 0)
DEBRIEF_REMINDER_DELAY = dt.timedelta(hours=3)
THANKS_CLOSING_LEAD = dt.timedelta(hours=2)
# An offer to answer "by Friday" is due at the end of Friday's working day, on the interview's clock; reminded two
# days ahead and on that morning (docs/PRODUCT.md F7).
OFFER_DEADLINE_TIME = dt.time(17, 0)
OFFER_SOON_LEAD = dt.timedelta(hours=48)
OFFER_MORNING_TIME = dt.time(9, 0)
# Notes to a company the candidate is done with are closed (rejected, withdrawn), unless kept to send anyway.
CLOSED_FOR_NOTES = (Opportunity.Status.REJECTED, Opportunity.Status.WITHDRAWN)


def _local_moment(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    # fold=0 and a round trip through UTC: a wall time inside a DST gap becomes a real instant, not a phantom one.
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


def thank_you_due_at(*, ends_at: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """When the thank-you notes of an interview that ended at `ends_at` are due, in UTC.

    Morning vs afternoon is decided on the interview's own clock (`zone`: where it was held, and where "the same
    evening" is the interviewers' evening): ends before 12:00 local → 20:00 that day; ends at 12:00 or later → 10:00
    the next day. Never later than 24 hours after the end, whatever a DST change or a skipped day does to the clock.
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
    """09:00 on the interview's clock on the suggested follow-up day: when someone there can pick up a phone."""
    day = follow_up_date(hear_back_date=hear_back_date)
    return _local_moment(day, FOLLOW_UP_CALL_TIME, zone) if day else None


def debrief_reminder_at(*, ends_at: dt.datetime) -> dt.datetime:
    return ends_at + DEBRIEF_REMINDER_DELAY


def offer_deadline_at(*, answer_by: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The moment an offer to answer by `answer_by` is due: 17:00 that day on the interview's clock."""
    return _local_moment(answer_by, OFFER_DEADLINE_TIME, zone)


def offer_morning_at(*, answer_by: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return _local_moment(answer_by, OFFER_MORNING_TIME, zone)


# --- The debrief and the plan ---------------------------------------------------------------------------------------


def follow_up_plan_of(interview: Interview) -> FollowUpPlan | None:
    """The interview's follow-up plan, or None: the one way to ask (read with the interview by with_followup_state)."""
    try:
        return interview.follow_up_plan
    except FollowUpPlan.DoesNotExist:
        return None


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


# --- What an interview still owes: the one account ------------------------------------------------------------------


@dataclass(frozen=True)
class Owed:
    """What one interview (and its opportunity) still owes, as `owed` works it out. Empty fields owe nothing."""

    # Unsent thank-you notes that are still to send, and when they are due.
    notes_due_at: dt.datetime | None = None
    # The follow-up call or email to make, on that day (the candidate's plan, or the day suggested after the
    # hear-back date), at 09:00 on the interview's clock.
    follow_up_on: dt.date | None = None
    follow_up_at: dt.datetime | None = None
    follow_up_planned: bool = False
    # Still waiting for the answer they promised by then (no outcome yet, the opportunity in play).
    waiting_until: dt.date | None = None
    # An offer to answer, by then.
    offer_due_at: dt.datetime | None = None
    # An offer accepted elsewhere since this opportunity began: they are owed a courteous notice.
    notice_owed: bool = False
    # A rejection to reply to: thank them anyway and ask what would have changed it.
    rejection_reply_owed: bool = False
    # The debrief still to record, and when its reminder is due.
    debrief_due_at: dt.datetime | None = None

    @property
    def anything(self) -> bool:
        return bool(self.notes_due_at or self.follow_up_on or self.offer_due_at or self.notice_owed) or (
            self.rejection_reply_owed
        )


def notice_owed(*, opportunity: Opportunity, accepted_elsewhere: bool) -> bool:
    """An opportunity in play when the candidate accepted another offer is owed a notice until they tell it (and it
    is withdrawn). `accepted_elsewhere`: an opportunity of the owner was accepted after this one began
    (followups.selectors.accepted_elsewhere)."""
    return accepted_elsewhere and opportunity.status in Opportunity.ACTIVE_STATUSES


def notes_closed(*, opportunity: Opportunity, accepted_elsewhere: bool) -> bool:
    """Whether the unsent thank-you notes of this opportunity are closed: it was rejected or withdrawn, or it is
    owed a notice instead. A note kept by the candidate (ThankYouNote.kept_after_outcome) stays open."""
    return opportunity.status in CLOSED_FOR_NOTES or notice_owed(
        opportunity=opportunity, accepted_elsewhere=accepted_elsewhere
    )


def _follow_up_day(*, interview: Interview, hear_back: dt.date | None) -> tuple[dt.date | None, bool]:
    """(the day to follow up on, whether it is the candidate's own plan). A pending plan is the day; a plan done
    settles the follow-up unless a later hear-back date (a new one they gave) asks for another."""
    plan = follow_up_plan_of(interview)
    suggested = follow_up_date(hear_back_date=hear_back)
    if plan is not None and plan.is_pending:
        return plan.planned_on, True
    if plan is not None and (suggested is None or plan.planned_on >= suggested):
        return None, False
    return suggested, False


def owed(interview: Interview, *, now: dt.datetime) -> Owed:
    """What `interview` still owes at `now`. The one rule; `interview` must come through
    followups.selectors.with_followup_state.

    - Notes: unsent ones of an interview that is still on (not cancelled, not postponed), due by thank_you_due_at;
      none when the opportunity is rejected, withdrawn or owed a notice, unless a note was kept.
    - Waiting and the follow-up: while the opportunity is in play with no outcome and no notice owed. The follow-up
      is owed from its day (planned or suggested) until a call or an email is logged on or after that day.
    - The offer: while the opportunity holds an offer recorded here with an answer-by date.
    - The notice: an offer accepted elsewhere after this opportunity began, until it is withdrawn.
    - The rejection reply: a rejection recorded here, until the reply is sent or let go.
    - The debrief: not recorded yet, for an interview that is still on.
    """
    opportunity = interview.opportunity
    zone = interview.zone
    live = interview.state == Interview.State.SCHEDULED
    elsewhere = bool(getattr(interview, "accepted_elsewhere", False))
    notice = notice_owed(opportunity=opportunity, accepted_elsewhere=elsewhere)
    debrief = debrief_of(interview)

    notes_due_at = None
    closed = notes_closed(opportunity=opportunity, accepted_elsewhere=elsewhere)
    if live and (interview.has_kept_notes if closed else interview.has_unsent_notes):
        notes_due_at = thank_you_due_at(ends_at=interview.ends_at, zone=zone)

    waiting = live and opportunity.status in Opportunity.ACTIVE_STATUSES and not interview.has_outcome and not notice
    hear_back = debrief.hear_back_date if debrief is not None else None
    follow_up_on, planned, follow_up_at = None, False, None
    if waiting:
        day, planned = _follow_up_day(interview=interview, hear_back=hear_back)
        last_attempt = interview.last_attempt_at
        followed_up = day is not None and last_attempt is not None and last_attempt.astimezone(zone).date() >= day
        if day is not None and not followed_up:
            follow_up_on, follow_up_at = day, _local_moment(day, FOLLOW_UP_CALL_TIME, zone)

    offer_due_at = None
    if opportunity.status == Opportunity.Status.OFFER and interview.offer_answer_by is not None:
        offer_due_at = offer_deadline_at(answer_by=interview.offer_answer_by, zone=zone)

    return Owed(
        notes_due_at=notes_due_at,
        follow_up_on=follow_up_on,
        follow_up_at=follow_up_at,
        follow_up_planned=planned and follow_up_on is not None,
        waiting_until=hear_back if waiting else None,
        offer_due_at=offer_due_at,
        notice_owed=notice,
        rejection_reply_owed=bool(interview.rejection_reply_owed) and opportunity.status == Opportunity.Status.REJECTED,
        debrief_due_at=debrief_reminder_at(ends_at=interview.ends_at)
        if live and not debrief_is_recorded(debrief)
        else None,
    )


# The recruiter's opt-in check-in goes this long after an interview they arranged ends with no debrief.
CHECK_IN_AUTO_AFTER = dt.timedelta(hours=2)


def check_in_due_at(check_in: CheckIn) -> dt.datetime | None:
    """When a recruiter's "still interested?" email is due: at its asking, while it is unanswered and the recruiter
    who asked still sees the interview (a live link, the interview not private: `asker_sees`, read by
    followups.selectors.with_reminder_state). A question from someone whose link was revoked, expired or no longer
    shows that interview is never sent, however long it waited; nor is its answer recorded
    (followups.services.check_in_answer asks the same of the database, at the moment it records)."""
    if check_in.answered_at is not None or not getattr(check_in, "asker_sees", False):
        return None
    return check_in.asked_at


def reminder_due_times(*, interview: Interview, now: dt.datetime) -> dict[ReminderKey, dt.datetime | None]:
    """For each reminder (kind, and subject: a CHECK_IN reminder's subject is its CheckIn's id, None for the rest),
    when it is due for this interview, or None when it is not (or no longer) true: what `owed` says, as emails. A
    key left out is not due either (a check-in answered, or deleted with its recruiter). The sync stores
    these; the sweep asks again just before sending, so a reminder whose reason went away is never sent.
    `interview` comes through followups.selectors.with_reminder_state.
    """
    times: dict[ReminderKey, dt.datetime | None] = {(kind, None): None for kind in Kind.values}
    if not interview.owner.is_active or interview.owner.is_recruiter:
        return times
    # Each recruiter's "still interested?", due from its asking while unanswered (check_in_due_at).
    for check_in in getattr(interview, "open_check_ins", ()):
        times[(Kind.CHECK_IN, check_in.pk)] = check_in_due_at(check_in)
    account = owed(interview, now=now)
    zone = interview.zone
    times[(Kind.DEBRIEF_MISSING, None)] = account.debrief_due_at
    if account.notes_due_at is not None:
        times[(Kind.THANKS_PASSED, None)] = account.notes_due_at
        # Once the window itself has closed, "closes soon" is no longer true: only one email goes.
        if now < account.notes_due_at:
            times[(Kind.THANKS_CLOSING, None)] = thanks_closing_at(ends_at=interview.ends_at, zone=zone)
    if account.follow_up_at is not None:
        # A planned follow-up replaces the generic "make the call" reminder, so only one email asks for it.
        kind = Kind.FOLLOW_UP_DUE if account.follow_up_planned else Kind.HEAR_BACK_PASSED
        times[(kind, None)] = account.follow_up_at
    # Asked by itself for a recruiter who opted in, while the debrief is still owed, 2 hours after the end: once per
    # interview, since check_in_auto holds only while nobody has ever asked about it (its email makes the check-in).
    auto = getattr(interview, "check_in_auto", False) and not interview.is_private
    if auto and account.debrief_due_at is not None:
        times[(Kind.CHECK_IN, None)] = interview.ends_at + CHECK_IN_AUTO_AFTER
    if account.offer_due_at is not None:
        # Each only when it falls after the offer was recorded: an offer written down on its last day is not then
        # "48 hours away", and the morning reminder of a day already begun tells nothing new.
        recorded = interview.offer_recorded_at
        soon = account.offer_due_at - OFFER_SOON_LEAD
        morning = offer_morning_at(answer_by=interview.offer_answer_by, zone=zone)
        times[(Kind.OFFER_ANSWER_SOON, None)] = soon if recorded is None or soon > recorded else None
        times[(Kind.OFFER_ANSWER_TODAY, None)] = morning if recorded is None or morning > recorded else None
    return times
