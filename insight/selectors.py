"""Reads of the insight pages: Today (what is due now, and the recruiter's linked candidates), progress over time
and offers side by side. Every interview read starts from a scoping selector of the app below that owns the rule."""

import datetime as dt
import re
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from accounts.selectors import linked_candidate_ids, links_granting
from followups import rules
from followups.models import Outcome
from followups.rules import debrief_is_recorded
from followups.selectors import owed_accounts, owed_by, with_latest_check_in
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

# --- Today -------------------------------------------------------------------------------------------------------

# How far back Today looks for debriefs still to record.
DEBRIEF_TO_RECORD_WINDOW = dt.timedelta(days=30)


def due_now(*, user: User, now: dt.datetime | None = None) -> dict:
    """What the Today page lists first, all from the one derived account (followups.selectors.owed_by): notes to
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


def recruiter_candidates(*, recruiter: User, now: dt.datetime | None = None) -> list[dict]:
    """Each linked candidate with upcoming interviews, latest debriefs (R2 answer first in the template) and what
    they owe, from the one derived account (followups.selectors.owed_accounts): thank-you notes still unsent (the
    oldest few and how many more), follow-ups overdue, offers to answer and notices owed; newest activity first.

    Every interview read starts from interviews_visible_to(user=recruiter), so a private interview, or a candidate
    whose link ended, never shows. A fixed number of queries however many candidates there are, none returning more
    than a few rows per candidate however many interviews they have (the account reads at most ACCOUNT_PER_OWNER).
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
        with_latest_check_in(User.objects.filter(pk__in=linked_candidate_ids(recruiter=recruiter)), recruiter=recruiter)
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
            .select_related("debrief", "opportunity__company", "check_in")
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
