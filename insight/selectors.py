"""Reads of the insight pages: Today (what is due now, and the recruiter's linked candidates), progress over time
and offers side by side. Every interview read starts from a scoping selector of the app below that owns the rule."""

import datetime as dt
import re
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil

from accounts.models import RecruiterLink, User
from accounts.selectors import access_logged_recently, linked_candidate_ids, links_granting, links_live
from followups import rules
from followups.models import CheckIn, Outcome
from followups.rules import debrief_is_recorded
from followups.selectors import check_in_asker_sees
from interviews.models import Debrief, Interview, Opportunity, Question
from interviews.selectors import (
    capture_overview,
    debrief_of,
    interviews_owned_by,
    interviews_visible_to,
    learning_items_owned_by,
    opportunities_owned_by,
)

from .charts import Point, bar_chart, line_chart
from .models import Offer, OfferWeights
from .owed import owed_accounts, owed_by, owed_summaries

# --- Today -------------------------------------------------------------------------------------------------------

# How far back Today looks for debriefs still to record.
DEBRIEF_TO_RECORD_WINDOW = dt.timedelta(days=30)


def due_now(*, user: User, now: dt.datetime | None = None) -> dict:
    """What the Today page lists first, all from the one derived account (insight.owed.owed_by): notes to
    send, follow-ups to make, offers to answer, notices owed after accepting an offer, replies owed after a
    rejection; then the debriefs still to record (followups.rules.debrief_is_recorded)."""
    now = now or timezone.now()
    if user.is_recruiter:
        return {key: [] for key in DUE_KEYS}
    account = owed_by(user=user, now=now)
    mine = interviews_owned_by(user=user)
    # Debriefs still to record: the interviews that ended in the last DEBRIEF_TO_RECORD_WINDOW (still on: not
    # cancelled, not postponed) whose debrief followups.rules.debrief_is_recorded says is not recorded (the one rule;
    # the debrief reminder asks it too). The latest 50 that started in the window are looked at; of those only the
    # ones without a complete debrief (a complete one is always recorded) are loaded.
    latest_ended = mine.filter(
        starts_at__gte=now - DEBRIEF_TO_RECORD_WINDOW, starts_at__lte=now, state=Interview.State.SCHEDULED
    )
    ended_candidates = (
        mine.filter(pk__in=latest_ended.order_by("-starts_at", "-pk")[:50].values("pk"))
        .exclude(debrief__state=Debrief.State.COMPLETE)
        .select_related("opportunity__company", "debrief")
        .order_by("starts_at", "pk")
    )
    due_debriefs = [
        interview
        for interview in ended_candidates
        if interview.ends_at <= now and not debrief_is_recorded(debrief_of(interview))
    ]
    return {
        "due_notes": account.notes,
        "due_calls": account.follow_ups,
        "due_offers": account.offers,
        "due_notices": account.notices,
        "due_replies": account.rejection_replies,
        "due_debriefs": due_debriefs,
    }


DUE_KEYS = ("due_notes", "due_calls", "due_offers", "due_notices", "due_replies", "due_debriefs")


def today(*, user: User, now: dt.datetime | None = None) -> dict:
    """Everything a candidate's Today page shows: what is due now first, then capture's overview. Each interview
    is listed once: a draft with nothing in it yet is a debrief to record, not one to finish."""
    due = due_now(user=user, now=now)
    capture = capture_overview(user=user, now=now)
    to_record = {interview.pk for interview in due["due_debriefs"]}
    capture["draft_debriefs"] = [d for d in capture["draft_debriefs"] if d.interview_id not in to_record]
    return {**capture, **due}


# --- My candidates: the recruiter's home (issue 5) -----------------------------------------------------------

CANDIDATE_UPCOMING_LIMIT = 3
CANDIDATE_DEBRIEFS_LIMIT = 3
CANDIDATE_UNSENT_LIMIT = 5
CANDIDATE_DEBRIEFS_WINDOW = dt.timedelta(days=180)
CANDIDATE_UPCOMING_WINDOW = dt.timedelta(days=60)


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


def recruiter_candidates(
    *, recruiter: User, now: dt.datetime | None = None, candidate_ids: list[int] | None = None
) -> list[dict]:
    """Each linked candidate with upcoming interviews, latest debriefs (R2 answer first in the template) and what
    they owe, from the one derived account (insight.owed.owed_accounts): thank-you notes still unsent (the
    oldest few and how many more), follow-ups overdue, offers to answer and notices owed; newest activity first.

    Every interview read starts from interviews_visible_to(user=recruiter), so a private interview, or a candidate
    whose link ended, never shows. A fixed number of queries however many candidates there are, none returning more
    than a few rows per candidate however many interviews they have (the account reads at most ACCOUNT_PER_OWNER).
    `candidate_ids`: only these (the candidate page shows one card); still only while linked.
    """
    now = now or timezone.now()
    if not recruiter.is_authenticated or not recruiter.is_recruiter:
        return []
    visible = interviews_visible_to(user=recruiter)
    if candidate_ids is not None:
        visible = visible.filter(owner_id__in=candidate_ids)
    mine = visible.filter(owner=OuterRef("pk"))
    latest_interview = mine.order_by("-updated_at").values("updated_at")[:1]
    latest_debrief = (
        mine.filter(debrief__isnull=False).order_by("-debrief__updated_at").values("debrief__updated_at")[:1]
    )
    linked = User.objects.filter(pk__in=linked_candidate_ids(recruiter=recruiter))
    if candidate_ids is not None:
        linked = linked.filter(pk__in=candidate_ids)
    candidates = list(
        with_latest_check_in(linked, recruiter=recruiter)
        .annotate(
            last_interview_at=Subquery(latest_interview),
            last_debrief_at=Subquery(latest_debrief),
            # The link's scope: the card links to debriefs and shows scores only when they are shared in full.
            shares_full=Exists(links_granting(recruiter=recruiter, full=True).filter(candidate=OuterRef("pk"))),
        )
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
            "offers": [],
            "notices": [],
            "activity": None,
        }
        for c in candidates
    }
    upcoming = _first_per_candidate(
        visible.filter(
            starts_at__gte=now, starts_at__lt=now + CANDIDATE_UPCOMING_WINDOW, state=Interview.State.SCHEDULED
        ),
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
            .prefetch_related(latest_check_ins_by(recruiter=recruiter))
            .order_by("-starts_at", "-pk")
        ):
            cards[interview.owner_id]["debriefs"].append(interview.debrief)
    # What each candidate owes, from the one derived account over the interviews this recruiter may see (a private
    # interview never counts): the notes still to send (the oldest few, and how many more), follow-ups due, an
    # offer to answer, the notices owed after accepting an offer.
    for owner_id, account in owed_accounts(interviews=visible, now=now).items():
        card = cards[owner_id]
        notes = [note for item in account.notes for note in item["notes"]]
        card["unsent_notes"] = notes[:CANDIDATE_UNSENT_LIMIT]
        card["unsent_more"] = len(notes) - len(card["unsent_notes"])
        card["overdue"] = [item for item in account.follow_ups if item["due_at"] <= now]
        card["offers"] = account.offers
        card["notices"] = account.notices
    for card in cards.values():
        candidate = card["candidate"]
        moments = [m for m in (candidate.last_interview_at, candidate.last_debrief_at) if m is not None]
        card["activity"] = max(moments) if moments else None
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(cards.values(), key=lambda card: card["activity"] or oldest, reverse=True)


# --- The desk: the recruiter's home (issue 17) -------------------------------------------------------------------
# One row per linked candidate and one queue of what needs the recruiter across all of them. Every interview read
# starts from interviews_visible_to(user=recruiter) (a private interview or an ended link never shows, and a rule
# added there reaches the desk by itself); what is owed comes from the account's summary (insight.owed.owed_summaries),
# the due times from followups.rules. A fixed number of queries however many candidates and interviews (see desk()).

DESK_LOG_KIND = "desk"  # the access log's kind for a candidate's row on the desk
DESK_SILENT_AFTER = dt.timedelta(days=7)  # no activity for a week: most candidates lose interest by then
DESK_DEBRIEF_WINDOW = dt.timedelta(days=30)  # how far back an interview held and not debriefed is looked for
DESK_DEBRIEF_PER_CANDIDATE = 20  # of those, the latest few per candidate


class Attention(models.TextChoices):
    """Why a candidate needs the recruiter now, in the order a row's flags list them (the queue: most overdue first)."""

    OFFER = "offer", "Offer to answer within 48 hours"
    HEAR_BACK = "hear_back", "Hear-back date passed, no outcome"
    FOLLOW_UP = "follow_up", "Planned follow-up due"
    NO_DEBRIEF = "no_debrief", "Held, not debriefed"
    STILL_INTERESTED = "still_interested", "Still interested? Not known"
    SILENT = "silent", "No activity for 7 days"


def how_late(due: dt.datetime, *, now: dt.datetime) -> str:
    """ "4 days overdue", "3 hours overdue", "due in 20 hours": one unit, as a person says it at a glance."""
    if due <= now:
        return f"{timesince(due, now, depth=1)} overdue".replace("\xa0", " ")
    return f"due in {timeuntil(due, now, depth=1)}".replace("\xa0", " ")


@dataclass
class AttentionItem:
    kind: str
    candidate: User
    since: dt.datetime  # when it became due (an offer: when it must be answered)
    interview: Interview | None = None
    when: str = ""  # how_late(since), filled in by desk()

    @property
    def label(self) -> str:
        return Attention(self.kind).label

    @property
    def overdue(self) -> bool:
        return self.when.endswith("overdue")


@dataclass
class StillInterestedAnswer:
    """A candidate's latest answer to "still interested?": "yes", "unsure", "no", or "" when nobody knows."""

    value: str = ""
    label: str = "Not known"
    why: str = ""
    at: dt.datetime | None = None  # when it was given (or, unknown, when the debrief that left it open was saved)
    interview: Interview | None = None


@dataclass
class DeskRow:
    candidate: User
    opportunities: list[Opportunity] = field(default_factory=list)  # the active ones, with their stage
    last_interview: Interview | None = None
    interest: int | None = None
    still_interested: StillInterestedAnswer = field(default_factory=StillInterestedAnswer)
    next_deadline: dict | None = None  # {"label", "due_at", "interview"}
    attention: list[AttentionItem] = field(default_factory=list)
    activity: dt.datetime | None = None
    debrief_text: str = ""  # "None yet, 5 hours after", "Quick", "Complete" (filled in by desk())

    @property
    def companies(self) -> list[str]:
        names = [o.company.name for o in self.opportunities]
        if self.last_interview is not None:
            names.append(self.last_interview.opportunity.company.name)
        return names


def still_interested_of(
    *, latest: dict[int, Interview], check_ins: dict[int, tuple[str, dt.datetime]] | None = None
) -> dict[int, StillInterestedAnswer]:
    """{candidate id: StillInterestedAnswer}: the one place that says whether a candidate is still interested.
    `latest`: each candidate's latest interview with a debrief in an opportunity still in play (read through a
    scoping selector, with its debrief). `check_ins`: each candidate's latest answer to this recruiter's check-in,
    (answer, when) as with_latest_check_in annotates it. The later of the two answers wins, so
    the desk, its queue and its counts all follow a check-in answered after the debrief."""
    answers = {}
    for owner_id, interview in latest.items():
        debrief = interview.debrief
        if debrief.still_interested:
            answers[owner_id] = StillInterestedAnswer(
                value=debrief.still_interested,
                label=debrief.get_still_interested_display(),
                why=debrief.still_interested_why,
                at=debrief.updated_at,
                interview=interview,
            )
        else:
            answers[owner_id] = StillInterestedAnswer(at=debrief.updated_at, interview=interview)
    for owner_id, (answer, at) in (check_ins or {}).items():
        known = answers.get(owner_id)
        if known is None or known.at is None or at >= known.at:
            answers[owner_id] = StillInterestedAnswer(
                value=answer,
                label=f"{CheckIn.Answer(answer).label} (check-in)",
                at=at,
                interview=known.interview if known else None,
            )
    return answers


DESK_SORTS = {
    "attention": "Needs attention first",
    "name": "Name",
    "last_interview": "Last interview, newest first",
    "deadline": "Next deadline, soonest first",
    "activity": "Last activity, newest first",
}
DESK_FILTERS = {
    "": "Everyone",
    "attention": "Needs attention",
    "offer": "With an offer",
    "interviewing": "Interviewing",
}


def _last_moment(*moments: dt.datetime | None) -> dt.datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def desk(
    *, recruiter: User, now: dt.datetime | None = None, sort: str = "attention", show: str = "", search: str = ""
) -> dict:
    """The recruiter's desk: {"rows": one DeskRow per linked candidate (filtered, searched and sorted), "queue": every
    attention item across all candidates (most overdue first), "counts": how many candidates, need attention, ...}.

    Queries, fixed whatever the number of candidates or interviews: the candidates (with the ids of their last
    interview and latest debriefed one); those interviews; the active opportunities; the interviews held and not
    debriefed (numbered per candidate in the database, then loaded); the summary of what is owed
    (insight.owed.owed_summaries, three). Sorting, filtering and searching happen on the rows."""
    now = now or timezone.now()
    if not recruiter.is_authenticated or not recruiter.is_recruiter:
        return {"rows": [], "queue": [], "counts": {"candidates": 0, "attention": 0, "shown": 0}}
    visible = interviews_visible_to(user=recruiter)
    mine = visible.filter(owner=OuterRef("pk"))
    links = RecruiterLink.objects.filter(
        recruiter=recruiter, candidate=OuterRef("pk"), status=RecruiterLink.Status.ACTIVE
    )
    held_by_now = mine.filter(starts_at__lte=now).exclude(state=Interview.State.CANCELLED)
    debriefed = mine.filter(debrief__isnull=False, opportunity__status__in=Opportunity.ACTIVE_STATUSES)
    candidates = list(
        with_latest_check_in(User.objects.filter(pk__in=linked_candidate_ids(recruiter=recruiter)), recruiter=recruiter)
        .annotate(
            # The link's scope: the desk links to interviews only when their debriefs are shared in full.
            shares_full=Exists(links_granting(recruiter=recruiter, full=True).filter(candidate=OuterRef("pk"))),
            last_interview_at=Subquery(mine.order_by("-updated_at").values("updated_at")[:1]),
            last_debrief_at=Subquery(
                mine.filter(debrief__isnull=False).order_by("-debrief__updated_at").values("debrief__updated_at")[:1]
            ),
            linked_at=Subquery(links.values("accepted_at")[:1]),
            # Whether the desk already wrote today's line of this candidate's access log (insight.views.HomeView).
            desk_logged=Exists(
                access_logged_recently(viewer=recruiter, object_kind=DESK_LOG_KIND, now=now).filter(
                    candidate=OuterRef("pk")
                )
            ),
            # The last interview held (or under way) and the latest one debriefed, each by id, loaded below at once.
            last_interview_id=Subquery(held_by_now.order_by("-starts_at", "-pk").values("pk")[:1]),
            last_debriefed_id=Subquery(debriefed.order_by("-starts_at", "-pk").values("pk")[:1]),
        )
        .order_by("display_name", "email")
    )
    rows = {c.pk: DeskRow(candidate=c) for c in candidates}
    wanted = {c.last_interview_id for c in candidates} | {c.last_debriefed_id for c in candidates}
    loaded = {
        interview.pk: interview
        for interview in (
            visible.filter(pk__in=wanted - {None}).select_related("debrief", "opportunity__company")
            if wanted - {None}
            else []
        )
    }
    for candidate in candidates:
        row = rows[candidate.pk]
        row.last_interview = loaded.get(candidate.last_interview_id)
        debrief = debrief_of(row.last_interview) if row.last_interview is not None else None
        row.interest = debrief.interest if debrief is not None else None
        if row.last_interview is not None:
            ends_at = row.last_interview.ends_at
            if debrief is not None:
                row.debrief_text = "Complete" if debrief.state == Debrief.State.COMPLETE else "Quick"
            elif ends_at > now:
                row.debrief_text = "Under way"
            else:
                row.debrief_text = f"None yet, {timesince(ends_at, now, depth=1)} after".replace("\xa0", " ")

    for opportunity in (
        Opportunity.objects.filter(pk__in=visible.values("opportunity_id"), status__in=Opportunity.ACTIVE_STATUSES)
        .select_related("company")
        .order_by("company__name", "role_title", "pk")
    ):
        rows[opportunity.owner_id].opportunities.append(opportunity)

    latest = {c.pk: loaded[c.last_debriefed_id] for c in candidates if c.last_debriefed_id in loaded}
    check_ins = {c.pk: (c.check_in_answer, c.check_in_answered_at) for c in candidates if c.check_in_answer}
    for owner_id, answer in still_interested_of(latest=latest, check_ins=check_ins).items():
        row = rows[owner_id]
        row.still_interested = answer
        if not answer.value and answer.at is not None:
            row.attention.append(AttentionItem(Attention.STILL_INTERESTED, row.candidate, answer.at, answer.interview))

    # Held and not debriefed: the debrief reminder's own moment (followups.rules.debrief_reminder_at, 3 hours after
    # the end) has passed and followups.rules.debrief_is_recorded says there is nothing yet.
    held = _first_per_candidate(
        visible.filter(
            starts_at__gte=now - DESK_DEBRIEF_WINDOW, starts_at__lte=now, state=Interview.State.SCHEDULED
        ).exclude(debrief__state=Debrief.State.COMPLETE),
        row="pk",
        order_by=["-starts_at", "-pk"],
        limit=DESK_DEBRIEF_PER_CANDIDATE,
    )
    if held:
        for interview in (
            visible.filter(pk__in=list(held)).select_related("debrief", "opportunity__company").order_by("starts_at")
        ):
            due = rules.debrief_reminder_at(ends_at=interview.ends_at)
            if due <= now and not debrief_is_recorded(debrief_of(interview)):
                rows[interview.owner_id].attention.append(
                    AttentionItem(Attention.NO_DEBRIEF, rows[interview.owner_id].candidate, due, interview)
                )

    for owner_id, account in owed_summaries(interviews=visible, now=now).items():
        row = rows[owner_id]
        deadlines = []
        for item in account.follow_ups:
            kind = Attention.FOLLOW_UP if item["planned"] else Attention.HEAR_BACK
            deadlines.append({"label": Attention(kind).label, "due_at": item["due_at"], "interview": item["interview"]})
            if item["due_at"] <= now:
                row.attention.append(AttentionItem(kind, row.candidate, item["due_at"], item["interview"]))
        for item in account.offers:
            deadlines.append({"label": "Answer the offer", "due_at": item["due_at"], "interview": item["interview"]})
            if item["due_at"] - rules.OFFER_SOON_LEAD <= now:
                row.attention.append(AttentionItem(Attention.OFFER, row.candidate, item["due_at"], item["interview"]))
        if (item := account.next_notes) is not None:
            deadlines.append({"label": "Thank-you notes", "due_at": item["due_at"], "interview": item["interview"]})
        row.next_deadline = min(deadlines, key=lambda d: d["due_at"]) if deadlines else None

    for row in rows.values():
        candidate = row.candidate
        row.activity = _last_moment(candidate.last_interview_at, candidate.last_debrief_at)
        quiet_since = _last_moment(row.activity, candidate.linked_at)
        if quiet_since is not None and quiet_since + DESK_SILENT_AFTER <= now:
            row.attention.append(AttentionItem(Attention.SILENT, candidate, quiet_since + DESK_SILENT_AFTER))
        order = list(Attention.values)
        row.attention.sort(key=lambda item: (order.index(item.kind), item.since))
        for item in row.attention:
            item.when = how_late(item.since, now=now)
            if item.kind == Attention.STILL_INTERESTED:  # open since the debrief: a question to ask, not a deadline
                item.when = f"debriefed {timesince(item.since, now, depth=1)} ago".replace("\xa0", " ")
        if row.next_deadline is not None:
            row.next_deadline["when"] = how_late(row.next_deadline["due_at"], now=now)

    every = list(rows.values())
    queue = sorted((item for row in every for item in row.attention), key=lambda item: item.since)
    shown = _desk_filter(every, show=show, search=search)
    return {
        "rows": _desk_sort(shown, sort=sort),
        "queue": queue,
        "counts": {
            "candidates": len(every),
            "attention": sum(1 for row in every if row.attention),
            "offers": sum(1 for row in every if any(o.status == Opportunity.Status.OFFER for o in row.opportunities)),
            "shown": len(shown),
        },
    }


def _desk_filter(rows: list[DeskRow], *, show: str, search: str) -> list[DeskRow]:
    words = search.casefold().split()
    found = []
    for row in rows:
        if show == "attention" and not row.attention:
            continue
        if show in {Opportunity.Status.OFFER, Opportunity.Status.INTERVIEWING} and all(
            o.status != show for o in row.opportunities
        ):
            continue
        text = " ".join([row.candidate.name, row.candidate.email, *row.companies]).casefold()
        if all(word in text for word in words):
            found.append(row)
    return found


def _desk_sort(rows: list[DeskRow], *, sort: str) -> list[DeskRow]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    by_name = sorted(rows, key=lambda row: row.candidate.name.casefold())
    if sort == "name":
        return by_name
    if sort == "last_interview":
        return sorted(by_name, key=lambda r: r.last_interview.starts_at if r.last_interview else oldest, reverse=True)
    if sort == "deadline":
        return sorted(by_name, key=lambda r: r.next_deadline["due_at"] if r.next_deadline else far)
    if sort == "activity":
        return sorted(by_name, key=lambda r: r.activity or oldest, reverse=True)
    # Needs attention first: the most items, then the longest overdue.
    return sorted(by_name, key=lambda r: (-len(r.attention), min((i.since for i in r.attention), default=far)))


# --- Check-in: the recruiter's "still interested?" and the page its answers open (docs/PRODUCT.md R4) ------------


def check_in_for_answer(*, pk: int) -> CheckIn | None:
    """The check-in an answer link names, with what its page shows and `asker_sees` (check_in_asker_sees)."""
    return (
        CheckIn.objects.select_related("interview__opportunity__company", "interview__owner", "recruiter")
        .annotate(asker_sees=ExpressionWrapper(check_in_asker_sees(), output_field=BooleanField()))
        .filter(pk=pk)
        .first()
    )


def latest_check_ins_by(*, recruiter: User) -> Prefetch:
    """For a list of interviews: each one's check-ins by this recruiter, newest first (`my_check_ins`), so a page
    can show the latest (open: no answer yet; answered: the answer, and a button to ask again)."""
    return Prefetch(
        "check_ins",
        queryset=CheckIn.objects.filter(recruiter=recruiter).order_by("-asked_at", "-pk"),
        to_attr="my_check_ins",
    )


def with_latest_check_in(users: QuerySet[User], *, recruiter: User) -> QuerySet[User]:
    """Candidates annotated with the latest answer they gave this recruiter's check-ins (check_in_answer, one of
    CheckIn.Answer, and check_in_answered_at; None when none is answered): subqueries, so no query of its own.
    Read by the recruiter's home; the desk can read the same."""
    answered = CheckIn.objects.filter(
        recruiter=recruiter, interview__owner=OuterRef("pk"), answered_at__isnull=False
    ).order_by("-answered_at", "-pk")
    return users.annotate(
        check_in_answer=Subquery(answered.values("answer")[:1]),
        check_in_answered_at=Subquery(answered.values("answered_at")[:1]),
    )


# --- A candidate's page: the whole history a recruiter may see (issue 17) --------------------------------------------

CANDIDATE_PAGE_OPPORTUNITIES = 10


def desk_candidate_or_404(*, recruiter: User, pk: int) -> User:
    """A candidate linked to this recruiter right now; anyone else (ended link, never linked, not a recruiter) 404."""
    if not recruiter.is_authenticated or not recruiter.is_recruiter:
        raise Http404
    candidate = User.objects.filter(pk=pk, pk__in=linked_candidate_ids(recruiter=recruiter)).first()
    if candidate is None:
        raise Http404
    return candidate


def link_preview_or_404(*, candidate: User, pk: int) -> RecruiterLink:
    """One of the candidate's own live links (accounts.selectors.links_live), with its recruiter: the one whose view
    of them the candidate asks to see. Anyone else's link, an ended one, or anyone but a candidate: 404."""
    if not candidate.is_authenticated or candidate.is_recruiter:
        raise Http404
    link = (
        links_live()
        .filter(pk=pk, candidate=candidate, recruiter__role=User.Role.RECRUITER)
        .select_related("recruiter")
        .first()
    )
    if link is None:
        raise Http404
    return link


def candidate_history(*, recruiter: User, candidate: User) -> QuerySet[Opportunity]:
    """Every opportunity of `candidate` with at least one interview the recruiter may see, latest interview first,
    each with those interviews (`seen`, newest first: debrief, and outcomes with an offer's answer-by date). Paginate
    it: a page costs its count, its opportunities and two prefetches."""
    visible = interviews_visible_to(user=recruiter).filter(owner=candidate)
    interviews = visible.select_related("debrief").prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.order_by("recorded_at", "pk"))
    )
    return (
        Opportunity.objects.filter(pk__in=visible.values("opportunity_id"))
        .select_related("company")
        .annotate(
            latest_seen=Subquery(
                visible.filter(opportunity=OuterRef("pk")).order_by("-starts_at").values("starts_at")[:1]
            )
        )
        .prefetch_related(Prefetch("interviews", queryset=interviews.order_by("-starts_at", "-pk"), to_attr="seen"))
        .order_by("-latest_seen", "-pk")
    )


def history_deadlines(opportunities) -> None:
    """Gives each offer outcome of a page of candidate_history its `answer_due`: 17:00 on its answer-by day on the
    interview's clock (followups.rules.offer_deadline_at); None for the rest."""
    for opportunity in opportunities:
        for interview in opportunity.seen:
            for outcome in interview.outcomes.all():
                outcome.answer_due = (
                    rules.offer_deadline_at(answer_by=outcome.answer_by, zone=interview.zone)
                    if outcome.kind == Outcome.Kind.OFFER and outcome.answer_by is not None
                    else None
                )


# --- Progress over time (docs/PRODUCT.md I2) ------------------------------------------------------------------------
# Every read is one query whatever the number of interviews (aggregates in the database, or one flat list grouped
# here); the charts are drawn server-side (insight.charts) so no script or chart library is needed.

CHART_INTERVIEWS = 40  # the most recent interviews drawn; older ones are in the table only as counts
WEAKEST = 5
TOPICS = 12
RECURRING = 8
THEMES_DEBRIEFS = 100  # recurring themes are counted over this many of the latest debriefs


@dataclass
class WeakQuestion:
    text: str
    latest: int
    history: list[tuple[dt.datetime, int, str]] = field(default_factory=list)  # (when, score, company)


def interview_series(*, user: User, limit: int = CHART_INTERVIEWS) -> list[Point]:
    """Overall self-rating and average question score of the user's most recent interviews, oldest first."""
    # The `limit` latest first (newest first on interview_owner_starts_idx), then the average of only theirs: grouping
    # every interview of the account before the LIMIT costs a join with every debrief on the site.
    latest = interviews_owned_by(user=user).filter(starts_at__lte=timezone.now()).order_by("-starts_at", "-pk")[:limit]
    rows = (
        Interview.objects.filter(pk__in=latest.values("pk"))
        .annotate(average=Avg("questions__self_score"))
        .values("pk", "starts_at", "debrief__overall_rating", "average", "opportunity__company__name", "round")
        .order_by("-starts_at", "-pk")
    )
    points = []
    for row in reversed(list(rows)):
        if row["debrief__overall_rating"] is None and row["average"] is None:
            continue
        points.append(
            Point(
                label=row["opportunity__company__name"],
                rating=row["debrief__overall_rating"],
                average=round(row["average"], 1) if row["average"] is not None else None,
                when=row["starts_at"],
                interview_id=row["pk"],
            )
        )
    return points


def topic_averages(*, user: User, limit: int = TOPICS) -> list[dict]:
    """Average self-score per topic, most-asked topics first, then weakest first for display."""
    rows = (
        Question.objects.filter(interview__owner=user, self_score__isnull=False)
        .exclude(topic="")
        .values("topic")
        .annotate(average=Avg("self_score"), asked=Count("pk"))
        .order_by("-asked", "topic")[:limit]
    )
    return sorted(
        ({"topic": r["topic"], "average": round(r["average"], 1), "asked": r["asked"]} for r in rows),
        key=lambda r: (r["average"], r["topic"].casefold()),
    )


def weakest_questions(*, user: User, limit: int = WEAKEST) -> list[WeakQuestion]:
    """The questions whose latest self-score is lowest, each with every score it has had (one query)."""
    rows = (
        Question.objects.filter(interview__owner=user, self_score__isnull=False)
        .values_list(
            "normalized_text", "text", "self_score", "interview__starts_at", "interview__opportunity__company__name"
        )
        .order_by("interview__starts_at", "pk")
    )
    grouped: dict[str, WeakQuestion] = {}
    for key, text, score, when, company in rows.iterator(chunk_size=2000):
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = WeakQuestion(text=text, latest=score)
        entry.text, entry.latest = text, score  # the latest wording and score win
        entry.history.append((when, score, company))
    return sorted(grouped.values(), key=lambda q: (q.latest, -len(q.history), q.text.casefold()))[:limit]


_SPLIT = re.compile(r"[\n;•]+|\.\s+")


def _items(text: str) -> list[str]:
    return [part.strip(" .-*,") for part in _SPLIT.split(text or "") if part.strip(" .-*,")]


def _key(item: str) -> str:
    return " ".join(item.casefold().split())


def recurring_themes(*, user: User, limit: int = RECURRING, debriefs: int = THEMES_DEBRIEFS) -> dict[str, list[dict]]:
    """Strengths and weaknesses said in more than one of the `debriefs` latest debriefs: what went well and the
    strengths on one side, what to do better and the weaknesses on the other. An item counts once per debrief.

    The items are parsed here (free text, split on our own separators), so the work is bounded to the latest
    debriefs rather than growing with the whole account; the first wording written among them is shown."""
    latest = (
        Debrief.objects.filter(interview__owner=user)
        .order_by("-interview__starts_at", "-pk")
        .values_list("pk", "went_well", "strengths", "to_improve", "weaknesses")[:debriefs]
    )
    counts = {"strengths": defaultdict(int), "weaknesses": defaultdict(int)}
    wording: dict[str, str] = {}
    for _, went_well, strengths, to_improve, weaknesses in sorted(latest):
        for side, items in (
            ("strengths", [*(went_well or []), *_items(strengths)]),
            ("weaknesses", [*(to_improve or []), *_items(weaknesses)]),
        ):
            for key in {_key(str(item)): None for item in items if str(item).strip()}:
                counts[side][key] += 1
            for item in items:
                wording.setdefault(_key(str(item)), str(item).strip())
    return {
        side: [
            {"text": wording[key], "debriefs": n}
            for key, n in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
            if n > 1
        ][:limit]
        for side, found in counts.items()
    }


def learning_summary(*, user: User) -> dict:
    totals = learning_items_owned_by(user=user).aggregate(
        open=Count("pk", filter=Q(done=False)), done=Count("pk", filter=Q(done=True))
    )
    open_items = list(learning_items_owned_by(user=user).filter(done=False).order_by("-created_at", "pk")[:10])
    return {"learning_open": totals["open"], "learning_done": totals["done"], "learning_open_items": open_items}


def progress_overview(*, user: User) -> dict:
    points = interview_series(user=user)
    topics = topic_averages(user=user)
    return {
        "points": points,
        "line": line_chart(points),
        "topics": topics,
        "bars": bar_chart(topics),
        "weakest": weakest_questions(user=user),
        "themes": recurring_themes(user=user),
        "themes_debriefs": THEMES_DEBRIEFS,
        **learning_summary(user=user),
    }


# --- Offers side by side (docs/PRODUCT.md I3) -----------------------------------------------------------------------
# The weighted score of an offer is the weighted mean of the candidate's 1–10 ratings, each weight 0–10 set by the
# candidate; a criterion not yet rated counts as 0, so an offer is never ranked up for being half filled in.

CRITERIA_LABELS = {
    "salary": "Salary",
    "benefits": "Benefits",
    "location": "Location",
    "conditions": "Working conditions",
    "security": "Job security",
    "career_fit": "Career fit",
    "interest": "Interest",
}


@dataclass
class RankedOffer:
    offer: Offer
    score: float | None
    ratings: list[dict]
    answer_due: dt.datetime | None = None  # the deadline of its answer-by date, while the offer is open


def offers_of(*, user: User) -> QuerySet[Offer]:
    """The user's offers, each with the answer-by date of its latest offer outcome (`answer_by`, None when there is
    none) and the zone its deadline is worked out in (`answer_zone`)."""
    latest = Outcome.objects.filter(interview__opportunity=OuterRef("opportunity"), kind=Outcome.Kind.OFFER).order_by(
        "-recorded_at", "-pk"
    )
    return (
        Offer.objects.filter(opportunity__in=opportunities_owned_by(user=user))
        .select_related("opportunity__company")
        .annotate(
            answer_by=Subquery(latest.values("answer_by")[:1]),
            answer_zone=Subquery(latest.values("interview__time_zone")[:1]),
        )
    )


def opportunities_without_offer(*, user: User) -> QuerySet[Opportunity]:
    return (
        opportunities_owned_by(user=user)
        .filter(offer__isnull=True, status__in=Opportunity.OPEN_STATUSES)
        .select_related("company")
        .order_by("company__name", "role_title")
    )


def offer_score(*, offer: Offer, weights: OfferWeights) -> float | None:
    total = sum(getattr(weights, name) for name, _ in OfferWeights.CRITERIA)
    if total == 0:
        return None
    points = sum(getattr(weights, name) * (getattr(offer, field) or 0) for name, field in OfferWeights.CRITERIA)
    return round(points / total, 1)


def offers_ranked(*, user: User, weights: OfferWeights) -> list[RankedOffer]:
    """Every offer of the user, best weighted score first (ties by company name). One query."""
    ranked = []
    for offer in offers_of(user=user):
        ratings = [
            {"label": CRITERIA_LABELS[name], "rating": getattr(offer, field), "weight": getattr(weights, name)}
            for name, field in OfferWeights.CRITERIA
        ]
        due = None
        if offer.answer_by and offer.opportunity.status == Opportunity.Status.OFFER:
            due = rules.offer_deadline_at(answer_by=offer.answer_by, zone=zoneinfo.ZoneInfo(offer.answer_zone))
        score = offer_score(offer=offer, weights=weights)
        ranked.append(RankedOffer(offer=offer, score=score, ratings=ratings, answer_due=due))
    ranked.sort(key=lambda r: (-(r.score or 0), r.offer.opportunity.company.name.casefold(), r.offer.pk))
    return ranked


def latest_outcome_of(*, opportunity: Opportunity, kind: str) -> Outcome | None:
    return Outcome.objects.filter(interview__opportunity=opportunity, kind=kind).order_by("-recorded_at", "-pk").first()
