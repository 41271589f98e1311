"""Reads for follow-up. Every queryset of a user's data starts from interviews_visible_to (via followup_interviews)."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
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


def _waiting(interviews: QuerySet[Interview], *, due_by: Q, limit: int | None = None) -> list[Interview]:
    """The first `limit` interviews still waiting for an answer (open opportunity, no outcome) that match `due_by`,
    oldest first, through with_followup_state for reminder_due_times. Their ids come from a narrow query first; the
    wide one (six tables to plan, measured at 5 ms of planning alone) runs only for those, and only if there are any.
    """
    waiting = (
        with_followup_state(interviews.filter(opportunity__status__in=Opportunity.OPEN_STATUSES))
        .filter(has_outcome=False)
        .filter(due_by)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(waiting[:limit] if limit else waiting)
    return list(with_followup_state(interviews.filter(pk__in=ids)).order_by("starts_at", "pk")) if ids else []


def due_now(*, user: User, now: dt.datetime | None = None) -> dict:
    """What the Today page lists first: notes to send, follow-up calls to make, debriefs to record."""
    now = now or timezone.now()
    if user.is_recruiter:
        return {"due_notes": [], "due_calls": [], "due_debriefs": []}
    mine = followup_interviews(user=user)
    # EXISTS rather than a join and DISTINCT: the database walks the user's interviews in starts_at order on
    # interview_owner_starts_idx and stops at the 20th with a draft, instead of sorting every interview with one.
    unsent = ThankYouNote.objects.filter(interview=OuterRef("pk"), state=ThankYouNote.State.DRAFT)
    note_interviews = list(
        mine.filter(Exists(unsent), starts_at__lte=now)
        .select_related("opportunity__company")
        .order_by("starts_at", "pk")[:20]
    )
    due_notes = []
    for interview in note_interviews:
        due = deadlines.thank_you_due_at(ends_at=interview.ends_at, zone=user.zone)
        due_notes.append({"interview": interview, "due_at": due, "overdue": due <= now})

    today = now.astimezone(user.zone).date()
    waiting = _waiting(mine, due_by=Q(debrief__hear_back_date__lt=today) | Q(follow_up_plan__isnull=False), limit=20)
    due_calls = []
    for interview in waiting:
        times = reminder_due_times(interview=interview, now=now)
        when = times[Kind.FOLLOW_UP_DUE] or times[Kind.HEAR_BACK_PASSED]
        if when is not None and when.astimezone(user.zone).date() <= today:
            due_calls.append({"interview": interview, "due_at": when})

    recent = now - dt.timedelta(days=14)
    first_ended = mine.filter(starts_at__gte=recent, starts_at__lte=now).order_by("starts_at", "pk")[:50]
    # Of those 50, only the ones without a complete debrief are loaded (a complete one is always recorded); the
    # rule itself is still debrief_is_recorded's.
    ended_candidates = (
        mine.filter(pk__in=first_ended.values("pk"))
        .exclude(debrief__state=Debrief.State.COMPLETE)
        .select_related("opportunity__company", "debrief")
        .order_by("starts_at", "pk")
    )
    due_debriefs = [
        interview
        for interview in ended_candidates
        if interview.ends_at <= now and not debrief_is_recorded(_related_or_none(interview, "debrief"))
    ]
    return {"due_notes": due_notes, "due_calls": due_calls, "due_debriefs": due_debriefs}


# --- My candidates: the recruiter's home (issue 5) -----------------------------------------------------------

CANDIDATE_UPCOMING_LIMIT = 3
CANDIDATE_DEBRIEFS_LIMIT = 3
CANDIDATE_UNSENT_LIMIT = 5
CANDIDATE_DEBRIEFS_WINDOW = dt.timedelta(days=180)
CANDIDATE_UPCOMING_WINDOW = dt.timedelta(days=60)
# The latest zone on Earth (UTC+14) is less than a day ahead of UTC: no local date is later than tomorrow's in UTC.
LATEST_LOCAL_DATE_AHEAD = dt.timedelta(days=1)


def _first_per_candidate(interviews: QuerySet[Interview], *, row: str, order_by: list[str], limit: int) -> dict:
    """{row id: how many rows the candidate has} for the first `limit` rows of each candidate in `order_by` order,
    `row` naming the row among an interview's (its "pk", or a related row's through one join from it).

    The rows are numbered in the database (ROW_NUMBER over the interview's owner) in a narrow query, so a candidate
    with a thousand interviews costs the page `limit` rows; the caller then loads those few by primary key with their
    related rows (a list of ids the planner estimates right, where a subquery of window rows looks like hundreds).
    Starting from the interviews keeps the visibility rule's filter and the join to them one and the same.
    """
    return dict(
        interviews.annotate(
            nth=Window(RowNumber(), partition_by=F("owner_id"), order_by=order_by),
            of_candidate=Window(Count(row), partition_by=F("owner_id")),
        )
        .filter(nth__lte=limit)
        .order_by()
        .values_list(row, "of_candidate")
    )


def recruiter_candidates(*, recruiter: User, now: dt.datetime | None = None) -> list[dict]:
    """Each linked candidate with upcoming interviews, latest debriefs (R2 answer first in the template), thank-you
    notes still unsent (the oldest few and how many more) and follow-ups overdue, newest activity first.

    Every interview read starts from interviews_visible_to(user=recruiter), so a private interview, or a candidate
    whose link ended, never shows. At most nine queries however many candidates there are, none returning more
    than a few rows per candidate however many interviews they have (overdue follow-ups aside: each one is listed).
    """
    now = now or timezone.now()
    if not recruiter.is_authenticated or not recruiter.is_recruiter:
        return []
    visible = interviews_visible_to(user=recruiter)
    mine = visible.filter(owner=OuterRef("pk"))
    latest_interview = mine.order_by("-updated_at").values("updated_at")[:1]
    latest_debrief = (
        mine.filter(debrief__isnull=False).order_by("-debrief__updated_at").values("debrief__updated_at")[:1]
    )
    candidates = list(
        User.objects.filter(pk__in=linked_candidate_ids(recruiter=recruiter))
        .annotate(last_interview_at=Subquery(latest_interview), last_debrief_at=Subquery(latest_debrief))
        .order_by("display_name", "email")
    )
    cards = {
        c.pk: {
            "candidate": c,
            "upcoming": [],
            "debriefs": [],
            "unsent_notes": [],
            "unsent_more": 0,
            "overdue": [],
            "activity": None,
        }
        for c in candidates
    }
    upcoming = _first_per_candidate(
        visible.filter(starts_at__gte=now, starts_at__lt=now + CANDIDATE_UPCOMING_WINDOW),
        row="pk",
        order_by=["starts_at", "pk"],
        limit=CANDIDATE_UPCOMING_LIMIT,
    )
    if upcoming:
        for interview in (
            visible.filter(pk__in=list(upcoming)).select_related("opportunity__company").order_by("starts_at", "pk")
        ):
            cards[interview.owner_id]["upcoming"].append(interview)
    debriefed = _first_per_candidate(
        visible.filter(starts_at__gte=now - CANDIDATE_DEBRIEFS_WINDOW, debrief__isnull=False),
        row="pk",
        order_by=["-starts_at", "-pk"],
        limit=CANDIDATE_DEBRIEFS_LIMIT,
    )
    if debriefed:
        for interview in (
            visible.filter(pk__in=list(debriefed))
            .select_related("debrief", "opportunity__company")
            .order_by("-starts_at", "-pk")
        ):
            cards[interview.owner_id]["debriefs"].append(interview.debrief)
    unsent = _first_per_candidate(
        visible.filter(starts_at__lte=now, thank_you_notes__state=ThankYouNote.State.DRAFT),
        row="thank_you_notes__pk",
        order_by=["starts_at", "thank_you_notes__pk"],
        limit=CANDIDATE_UNSENT_LIMIT,
    )
    if unsent:
        for note in (
            ThankYouNote.objects.filter(pk__in=list(unsent))
            .select_related("person", "interview__opportunity__company")
            .order_by("interview__starts_at", "pk")
        ):
            card = cards[note.interview.owner_id]
            card["unsent_notes"].append(note)
            card["unsent_more"] = unsent[note.pk] - len(card["unsent_notes"])
    # Only what can already be due: a pending plan or a promised date on or before the latest local date anywhere.
    # reminder_due_times still decides; this keeps future hear-back dates (the usual case) out of the wide query.
    latest_local_date = (now + LATEST_LOCAL_DATE_AHEAD).date()
    can_be_due = Q(debrief__hear_back_date__lte=latest_local_date) | Q(
        follow_up_plan__completed_at__isnull=True, follow_up_plan__planned_on__lte=latest_local_date
    )
    for interview in _waiting(visible, due_by=can_be_due):
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
