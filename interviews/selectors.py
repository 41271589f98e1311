"""Every read of capture data. Interviews are scoped by `interviews_visible_to`, the one rule for who may see
one; companies, opportunities and people have no recruiter view and are scoped to their owner."""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.models import User
from accounts.selectors import linked_candidate_ids

from .models import (
    DEBRIEF_FIELDS,
    Company,
    Debrief,
    DebriefNote,
    Interview,
    InterviewChange,
    InterviewPerson,
    LearningItem,
    Opportunity,
    Person,
    PlannedQuestionAnswered,
    Question,
    StatedTerms,
    question_text_normalize,
)

OVERVIEW_LIMIT = 10


def interviews_visible_to(*, user: User, full: bool = False) -> QuerySet[Interview]:
    """Who may see an interview, in one place: its owner, and recruiters with a live link to the owner (active,
    not expired: accounts.selectors.links_granting) unless the interview is private. Views, emails, the calendar
    feed and the sweep all go through this.

    What a recruiter sees of it follows the link's scope: every visible interview's summary (stage, when, interest,
    still interested, deadlines), and with `full` only the interviews whose owner shares the full debriefs (the
    answers, scores, questions, notes: the interview page, search, the debrief emails). See interviews_in_full_to."""
    if not user.is_authenticated:
        return Interview.objects.none()
    if user.is_recruiter:
        return Interview.objects.filter(owner__in=linked_candidate_ids(recruiter=user, full=full), is_private=False)
    return Interview.objects.filter(owner=user)


def interviews_in_full_to(*, user: User) -> QuerySet[Interview]:
    """The interviews whose whole debrief (answers, scores, questions, learning items, notes) `user` may read: the
    owner's own, and a recruiter's only through a link sharing the full debriefs. Anything else answers 404."""
    return interviews_visible_to(user=user, full=True)


def interviews_owned_by(*, user: User) -> QuerySet[Interview]:
    """The interviews a user may change, and whose follow-up they manage: only their own (a linked recruiter reads
    through interviews_visible_to, and never writes)."""
    if not user.is_authenticated:
        return Interview.objects.none()
    return Interview.objects.filter(owner=user)


def interview_detail_queryset(*, user: User) -> QuerySet[Interview]:
    """The interview page's interview, with its company, debrief and the people met, and flags (has_questions,
    has_learning_items, has_recruiter_notes, has_changes) so interview_page_lists loads only the lists that have
    rows. A fixed number of queries however many interviews there are.

    The owner comes along only for a recruiter (a candidate's own page never shows it) and the arranging recruiter
    only when there is one (a lazy read then): each join costs the database's planner more than reading the row."""
    interviews = (
        interviews_in_full_to(user=user)
        .select_related("opportunity__company", "debrief", "client_feedback")
        .annotate(
            has_questions=Exists(Question.objects.filter(interview=OuterRef("pk"))),
            has_learning_items=Exists(LearningItem.objects.filter(interview=OuterRef("pk"))),
            has_recruiter_notes=Exists(DebriefNote.objects.filter(debrief__interview=OuterRef("pk"))),
            has_stated_terms=Exists(StatedTerms.objects.filter(interview=OuterRef("pk"))),
            has_changes=Exists(InterviewChange.objects.filter(interview=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("participants", queryset=InterviewPerson.objects.select_related("person")))
    )
    return interviews.select_related("owner") if user.is_authenticated and user.is_recruiter else interviews


def interview_page_lists(*, interview: Interview, user: User) -> dict[str, list]:
    """The questions, learning items, recruiters' notes and history (moves, cancellation) of an interview from
    interview_detail_queryset, and what was stated there (with what other rounds recorded differently, and who
    recorded it: the candidate or a recruiter from the call); a list its flag says is empty costs no query."""
    stated = []
    if interview.has_stated_terms:
        stated = stated_terms_of_opportunity(user=user, opportunity_id=interview.opportunity_id)
    here = next((t for t in stated if t.interview_id == interview.pk), None)
    return {
        "stated_by": here.recorded_by if here is not None else None,
        "changes": list(interview.changes.order_by("changed_at", "pk")) if interview.has_changes else [],
        "stated_rows": stated_terms_rows(here) if here is not None else [],
        "stated_conflicts": stated_terms_conflicts([t for t in stated if not t.is_empty()]),
        "questions": list(interview.questions.select_related("asked_by")) if interview.has_questions else [],
        "learning_items": list(interview.learning_items.order_by("done", "pk")) if interview.has_learning_items else [],
        # The recruiters' notes on its debrief: whoever may see the interview may read them.
        "recruiter_notes": (
            list(interview.debrief.recruiter_notes.select_related("author")) if interview.has_recruiter_notes else []
        ),
    }


def interview_list(*, user: User) -> QuerySet[Interview]:
    """The interview list's rows: only the columns a row shows, so a page of 25 does not load and decode 25 whole
    debriefs (their lists and long texts) to print each one's state."""
    return (
        interviews_owned_by(user=user)
        .select_related("opportunity__company", "debrief")
        .only(
            "round",
            "starts_at",
            "time_zone",
            "state",
            "cancelled_by",
            "duration_minutes",
            "opportunity__role_title",
            "opportunity__company__name",
            "debrief__state",
        )
    )


def debrief_of(interview: Interview) -> Debrief | None:
    try:
        return interview.debrief
    except Debrief.DoesNotExist:
        return None


def question_history(*, user: User, interview: Interview, texts: list[str]) -> dict[str, list[Question]]:
    """Earlier answers to the same questions (matched on normalised text) in the owner's other interviews that
    `user` may see, newest first, keyed by normalised text. One query."""
    keys = {question_text_normalize(text=text) for text in texts if text}
    keys.discard("")
    if not keys:
        return {}
    earlier = (
        Question.objects.filter(
            interview__in=interviews_in_full_to(user=user).filter(owner_id=interview.owner_id),
            normalized_text__in=keys,
        )
        .exclude(interview_id=interview.pk)
        .select_related("interview__opportunity__company")
        .order_by("-interview__starts_at", "position")
    )
    history: dict[str, list[Question]] = {}
    for question in earlier:
        history.setdefault(question.normalized_text, []).append(question)
    return history


def companies_owned_by(*, user: User) -> QuerySet[Company]:
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(owner=user)


def people_of_company(*, user: User, company: Company) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(owner=user, company=company)


def people_owned_by(*, user: User) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(owner=user)


def learning_items_owned_by(*, user: User) -> QuerySet[LearningItem]:
    if not user.is_authenticated:
        return LearningItem.objects.none()
    return LearningItem.objects.filter(owner=user)


def opportunities_owned_by(*, user: User) -> QuerySet[Opportunity]:
    if not user.is_authenticated:
        return Opportunity.objects.none()
    return Opportunity.objects.filter(owner=user)


def opportunity_list(*, user: User, status: str = "", company_id: int | None = None, search: str = "") -> QuerySet:
    """The opportunity list with its filters; one query per page, each row with its round count and latest round.

    The two figures are subqueries per opportunity, so the database works them out for the page's rows only (after
    ORDER BY and LIMIT) and the paginator's COUNT reads opportunities alone; as a GROUP BY over a join they cost a
    scan of every interview on the site, twice."""
    rounds = Interview.objects.filter(opportunity=OuterRef("pk")).order_by().values("opportunity")
    opportunities = (
        opportunities_owned_by(user=user)
        .select_related("company")
        .annotate(
            interview_count=Coalesce(Subquery(rounds.annotate(n=Count("pk")).values("n")), 0),
            last_interview_at=Subquery(rounds.annotate(latest=Max("starts_at")).values("latest")),
        )
        .order_by("-status_changed_at", "-pk")
    )
    if status:
        opportunities = opportunities.filter(status=status)
    if company_id:
        opportunities = opportunities.filter(company_id=company_id)
    search = search.strip()
    if search:
        opportunities = opportunities.filter(
            Q(role_title__icontains=search) | Q(company__name__icontains=search) | Q(agency_name__icontains=search)
        )
    return opportunities


def opportunity_detail_queryset(*, user: User) -> QuerySet[Opportunity]:
    return (
        opportunities_owned_by(user=user)
        .select_related("company", "recruiter")
        .prefetch_related(
            Prefetch(
                "interviews",
                queryset=Interview.objects.select_related("debrief").order_by("starts_at", "pk"),
            ),
            "status_changes",
        )
    )


def capture_overview(*, user: User, now: dt.datetime | None = None) -> dict:
    """What the home page shows of capture: upcoming interviews, debriefs still in draft, and the opportunities in
    play (applied, interviewing, offer: not the wishlist, not the closed ones) against the aim of two or three, with
    how many wait on the wishlist. A fixed number of queries. (The debriefs still to record are follow-up's rule,
    listed by Today with what else is due.)"""
    now = now or timezone.now()
    mine = interviews_owned_by(user=user).select_related("opportunity__company")
    upcoming = list(
        mine.filter(starts_at__gte=now, state=Interview.State.SCHEDULED).order_by("starts_at", "pk")[:OVERVIEW_LIMIT]
    )
    # The drafts through their partial index (debrief_draft_idx): every user's drafts are few, where probing the
    # debrief of each interview of this user costs the whole account (86 ms at 10,000 interviews) and a join to
    # every debrief costs the whole site (8 ms at 20,000).
    drafts = mine.filter(
        pk__in=Debrief.objects.filter(state=Debrief.State.DRAFT).values("interview_id")
    ).select_related("debrief")
    draft_debriefs = [i.debrief for i in drafts.order_by("-starts_at", "-debrief__pk")[:OVERVIEW_LIMIT]]
    # How many are in play and on the wishlist comes with the first ten (windows over every open one, before the
    # LIMIT), in play first.
    in_play = Count("pk", filter=Q(status__in=Opportunity.ACTIVE_STATUSES))
    open_opportunities = list(
        opportunities_owned_by(user=user)
        .filter(status__in=Opportunity.OPEN_STATUSES)
        .select_related("company")
        .annotate(
            in_play_in_all=Window(in_play),
            wishlist_in_all=Window(Count("pk", filter=Q(status=Opportunity.Status.WISHLIST))),
            on_wishlist=ExpressionWrapper(Q(status=Opportunity.Status.WISHLIST), output_field=BooleanField()),
        )
        .order_by("on_wishlist", "-status_changed_at", "-pk")[:OVERVIEW_LIMIT]
    )
    first = open_opportunities[0] if open_opportunities else None
    return {
        "upcoming_interviews": upcoming,
        "draft_debriefs": draft_debriefs,
        "open_opportunities": open_opportunities,
        "in_play_count": first.in_play_in_all if first else 0,
        "wishlist_count": first.wishlist_in_all if first else 0,
    }


# --- What a debrief form was shown ---------------------------------------------------------------------------
# A debrief form carries a short hash of every answer as it was when the page was shown (hidden field "base").
# debrief_save compares them with the answers saved now, so a save from a page that is out of date (a second tab,
# or a phone that kept its text offline for an hour) never silently overwrites what was changed elsewhere.

DEBRIEF_PARTS = (*DEBRIEF_FIELDS, "people", "questions", "learning")


def fingerprint(value) -> str:
    return hashlib.sha256(json.dumps(value, default=str, sort_keys=True).encode()).hexdigest()[:12]


def debrief_part_values(
    *, values: dict, people: list | None = None, questions: list | None = None, learning: list | None = None
) -> dict:
    """Each part of a debrief in one comparable form, whether it comes from the database or from a form: lists
    stripped, people by name (case ignored) and part, learning items as a set."""
    parts = {}
    for name, value in values.items():
        if name in ("went_well", "to_improve"):
            value = [str(item).strip() for item in (value or []) if str(item).strip()]
        parts[name] = value if value is not None else ""
    if people is not None:
        parts["people"] = [[name.strip().casefold(), part.strip()] for name, part in people if name.strip()]
    if questions is not None:
        parts["questions"] = [list(q) for q in questions]
    if learning is not None:
        parts["learning"] = sorted({text.strip().casefold() for text in learning if text.strip()})
    return parts


def debrief_current_parts(*, interview: Interview | None) -> dict:
    """The interview's debrief as saved now, part by part (an unsaved interview: an empty debrief)."""
    saved = interview is not None and interview.pk is not None
    debrief = Debrief.objects.filter(interview=interview).first() if saved else None
    empty = Debrief()
    values = {name: getattr(debrief or empty, name) for name in DEBRIEF_FIELDS}
    if not saved:
        return debrief_part_values(values=values, people=[], questions=[], learning=[])
    rows = InterviewPerson.objects.filter(interview=interview).select_related("person")
    people = [(row.person.name, row.part) for row in rows]
    questions = [
        (q.text.strip(), q.answer_summary, q.self_score, q.topic.strip(), q.asked_by_id)
        for q in Question.objects.filter(interview=interview)
    ]
    learning = list(LearningItem.objects.filter(interview=interview).values_list("text", flat=True))
    return debrief_part_values(values=values, people=people, questions=questions, learning=learning)


def debrief_fingerprints(*, interview: Interview | None) -> dict[str, str]:
    return {name: fingerprint(value) for name, value in debrief_current_parts(interview=interview).items()}


def fingerprints_encode(fingerprints: dict[str, str]) -> str:
    return ",".join(f"{name}:{value}" for name, value in fingerprints.items())


def fingerprints_decode(text: str) -> dict[str, str] | None:
    """The hidden field read back; None (no check) when it is missing or not what the page sent."""
    parts = dict(item.split(":", 1) for item in (text or "").split(",") if ":" in item)
    return parts if parts and set(parts) <= set(DEBRIEF_PARTS) else None


# --- Prepare for the next round: the question bank (PRODUCT.md P2) ---------------------------------------------

# The bank reads the owner's latest questions, this many at most: years of interviewing, in one query.
QUESTION_BANK_MAX = 1000
# Two wordings whose trigram similarity (pg_trgm) reaches this are one question: "Tell me about yourself" and "Tell
# me a little about yourself" are (0.74), "Tell me about a time you failed" is not (0.49).
SIMILAR_WORDING = 0.6
SIMILAR_TYPED_MIN = 3  # characters of normalised text before the full debrief offers earlier questions
SIMILAR_LIMIT = 5
SIMILAR_ANSWERS = 3


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class QuestionGroup:
    """One question of the bank: every time it (or a similar wording) was asked, oldest first."""

    key: str
    asked: list[Question] = field(default_factory=list)

    @property
    def latest(self) -> Question:
        return self.asked[-1]

    @property
    def text(self) -> str:
        return self.latest.text

    @property
    def topic(self) -> str:
        return next((q.topic for q in reversed(self.asked) if q.topic), "")

    @property
    def scores(self) -> list[int]:
        return [q.self_score for q in self.asked if q.self_score is not None]

    @property
    def latest_score(self) -> int | None:
        scores = self.scores
        return scores[-1] if scores else None

    @property
    def trend(self) -> str:
        """ "up", "down" or "same" from the score before the latest to the latest; "" with fewer than two."""
        scores = self.scores
        if len(scores) < 2:
            return ""
        return "up" if scores[-1] > scores[-2] else "down" if scores[-1] < scores[-2] else "same"

    @property
    def to_practise(self) -> bool:
        return any(q.to_practise for q in self.asked)

    @property
    def wordings(self) -> list[str]:
        return list(dict.fromkeys(q.text for q in self.asked))

    @property
    def question_ids(self) -> list[int]:
        return [q.pk for q in self.asked]


def _question_rows(*, user: User) -> QuerySet[Question]:
    """The owner's questions with what the bank and the typeahead show of each time asked."""
    return (
        Question.objects.filter(interview__in=interviews_owned_by(user=user))
        .select_related("interview__opportunity__company", "asked_by")
        .only(
            "text",
            "normalized_text",
            "group_key",
            "answer_summary",
            "self_score",
            "topic",
            "to_practise",
            "interview__round",
            "interview__round_number",
            "interview__starts_at",
            "interview__opportunity__role_title",
            "interview__opportunity__company__name",
            "asked_by__name",
            "asked_by__title",
        )
    )


def question_group_keys(*, owner_id: int, interview_id: int | None, texts: list[str]) -> dict[str, str]:
    """The group (Question.group_key) of each question being saved at one interview, by its normalised text: that
    of the owner's earlier question with the same normalised text or, on PostgreSQL, the most alike wording at
    SIMILAR_WORDING or more; else its own. One query for the whole list, so the bank reads groups and never compares
    wordings itself (every pair of a thousand questions is half a million similarities)."""
    keys = {question_text_normalize(text=text): text for text in texts}
    keys.pop("", None)
    if not keys:
        return {}
    others = Question.objects.filter(interview__owner_id=owner_id)
    if interview_id is not None:
        others = others.exclude(interview_id=interview_id)
    if not on_postgres():
        found = dict(others.filter(normalized_text__in=keys).values_list("normalized_text", "group_key"))
        return {key: found[key] or key if key in found else key for key in keys}

    from django.contrib.postgres.search import TrigramSimilarity

    # `%` (pg_trgm's own threshold, 0.3) lets interview_question_text_trgm_idx find the candidates; the similarity
    # of each to each text decides.
    close = Q(normalized_text__in=keys)
    for text in keys.values():
        close |= Q(text__trigram_similar=text)
    similarity = {f"like_{n}": TrigramSimilarity("text", text) for n, text in enumerate(keys.values())}
    candidates = list(
        others.filter(close)
        .annotate(**similarity)
        .values("normalized_text", "group_key", *similarity)
        .order_by("interview__starts_at", "pk")[:QUESTION_BANK_MAX]
    )
    groups = {}
    for n, key in enumerate(keys):
        same = [c for c in candidates if c["normalized_text"] == key]
        alike = [c for c in candidates if c[f"like_{n}"] >= SIMILAR_WORDING]
        best = same[0] if same else max(alike, key=lambda c: c[f"like_{n}"], default=None)
        groups[key] = (best["group_key"] or best["normalized_text"]) if best else key
    return groups


def question_groups(*, user: User) -> list[QuestionGroup]:
    """Every question the owner was asked (the latest QUESTION_BANK_MAX), by group (Question.group_key: the same
    normalised text, and on PostgreSQL a similar wording, set when the question is saved). Most recently asked
    first. One query."""
    rows = _question_rows(user=user).order_by("-interview__starts_at", "-pk")
    groups: dict[str, QuestionGroup] = {}
    for question in reversed(rows[:QUESTION_BANK_MAX]):  # oldest first
        key = question.group_key or question.normalized_text
        groups.setdefault(key, QuestionGroup(key=key)).asked.append(question)
    return sorted(groups.values(), key=lambda g: (g.latest.interview.starts_at, g.latest.pk), reverse=True)


class BankOrder(models.TextChoices):
    RECENT = "recent", "Newest first"
    WEAKEST = "weakest", "Weakest latest score"
    MOST_ASKED = "most_asked", "Most often asked"


def question_bank(
    *, user: User, topic: str = "", order: str = BankOrder.RECENT, practise_only: bool = False
) -> list[QuestionGroup]:
    """The question bank's groups after its filters: a topic (any time asked under it, case ignored), only those
    flagged to practise, and an order."""
    groups = question_groups(user=user)
    if topic:
        wanted = topic.casefold()
        groups = [g for g in groups if any(q.topic.casefold() == wanted for q in g.asked)]
    if practise_only:
        groups = [g for g in groups if g.to_practise]
    if order == BankOrder.WEAKEST:
        groups.sort(key=lambda g: (g.latest_score is None, g.latest_score or 0))
    elif order == BankOrder.MOST_ASKED:
        groups.sort(key=lambda g: -len(g.asked))
    return groups


def question_topics(*, user: User) -> list[str]:
    """The owner's topics, each once (case ignored, the latest spelling), alphabetically."""
    rows = (
        Question.objects.filter(interview__in=interviews_owned_by(user=user))
        .exclude(topic="")
        .order_by("interview__starts_at", "pk")
        .values_list("topic", flat=True)[:QUESTION_BANK_MAX]
    )
    spelled = {topic.casefold(): topic for topic in rows}
    return sorted(spelled.values(), key=str.casefold)


def questions_similar(*, user: User, text: str, exclude_interview_id: int | None = None) -> list[QuestionGroup]:
    """What the full debrief offers while a question is typed: the owner's earlier questions that contain what was
    typed (normalised), or on PostgreSQL resemble it word by word (pg_trgm's word similarity), best first, each with
    its latest answers. Nothing below SIMILAR_TYPED_MIN characters. One query."""
    text = text.replace("\x00", "")[:1000]
    key = question_text_normalize(text=text)
    if len(key) < SIMILAR_TYPED_MIN:
        return []
    rows = _question_rows(user=user)
    if exclude_interview_id is not None:
        rows = rows.exclude(interview_id=exclude_interview_id)
    if on_postgres():
        from django.contrib.postgres.search import TrigramWordSimilarity

        rows = (
            rows.filter(Q(normalized_text__contains=key) | Q(text__trigram_word_similar=text))
            .annotate(closeness=TrigramWordSimilarity(text, "text"))
            .order_by("-closeness", "-interview__starts_at", "-pk")
        )
    else:
        rows = rows.filter(normalized_text__contains=key).order_by("-interview__starts_at", "-pk")
    groups: dict[str, QuestionGroup] = {}
    for question in rows[: SIMILAR_LIMIT * SIMILAR_ANSWERS * 2]:
        group = groups.get(question.normalized_text)
        if group is None:
            if len(groups) == SIMILAR_LIMIT:
                continue
            group = groups[question.normalized_text] = QuestionGroup(key=question.normalized_text)
        if len(group.asked) < SIMILAR_ANSWERS:
            group.asked.insert(0, question)  # rows come newest first; a group is oldest first
    # What was typed as it was typed first ("tell me ab" is "Tell me about yourself", not "...tell me about it").
    return sorted(groups.values(), key=lambda g: not g.key.startswith(key))


# --- What I stated (PRODUCT.md D8) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatedValue:
    label: str
    compare: Callable[[StatedTerms], object]  # None when nothing was stated
    show: Callable[[StatedTerms], str]


# Every stated value, in the order pages show them; compared on `compare`, so "75,000 EUR a year" and "75,000 EUR a
# month" differ and a note beside the amount does not.
STATED_VALUES = (
    StatedValue(
        "Salary expectation",
        lambda t: (t.salary_amount, t.salary_currency, t.salary_period) if t.salary_amount is not None else None,
        lambda t: t.salary_display,
    ),
    StatedValue(
        "Notice period",
        lambda t: (t.notice_amount, t.notice_unit) if t.notice_amount else (0 if t.notice_amount == 0 else None),
        lambda t: t.notice_display,
    ),
    StatedValue(
        "Earliest start", lambda t: t.earliest_start, lambda t: f"{t.earliest_start.day} {t.earliest_start:%b %Y}"
    ),
    StatedValue("Relocation", lambda t: t.relocation or None, lambda t: t.get_relocation_display()),
    StatedValue("Other processes in play", lambda t: t.other_processes_count, lambda t: str(t.other_processes_count)),
)


@dataclass(frozen=True)
class StatedConflict:
    """One value said differently in two or more rounds of an opportunity: (interview, what was said) per round."""

    label: str
    said: list[tuple[Interview, str]]


def stated_terms_of(interview: Interview) -> StatedTerms | None:
    try:
        return interview.stated_terms
    except StatedTerms.DoesNotExist:
        return None


def stated_terms_rows(terms: StatedTerms) -> list[tuple[str, str]]:
    """(label, what was said) for every value stated, with the notes after their value."""
    rows = [(value.label, value.show(terms)) for value in STATED_VALUES if value.compare(terms) is not None]
    if terms.salary_note:
        rows.insert(1 if terms.salary_amount is not None else 0, ("About the salary", terms.salary_note))
    if terms.other_processes:
        rows.append(("About the other processes", terms.other_processes))
    return rows


def stated_terms_conflicts(terms: list[StatedTerms]) -> list[StatedConflict]:
    """The values that the given rows (the rounds of one opportunity, each with its interview) do not all agree on,
    oldest round first. Reads nothing."""
    ordered = sorted(terms, key=lambda t: (t.interview.starts_at, t.interview.pk))
    conflicts = []
    for value in STATED_VALUES:
        said = [(t, value.compare(t)) for t in ordered if value.compare(t) is not None]
        if len({compared for _, compared in said}) > 1:
            conflicts.append(StatedConflict(value.label, [(t.interview, value.show(t)) for t, _ in said]))
    return conflicts


def stated_terms_of_opportunity(*, user: User, opportunity_id: int) -> list[StatedTerms]:
    """What was stated at each round of an opportunity the user may read in full (their own, or shared in full with
    a recruiter), with its interview and who recorded it. One query."""
    return list(
        StatedTerms.objects.filter(
            interview__in=interviews_in_full_to(user=user), interview__opportunity_id=opportunity_id
        ).select_related("interview", "recorded_by")
    )


# --- The prep sheet (PRODUCT.md P3) ------------------------------------------------------------------------------

_LIST_MARK = re.compile(r"^\s*(?:[-*•·‣◦]+|\(?\d{1,2}[.)])\s*")


@dataclass
class PlannedQuestion:
    """A question the candidate planned to ask if called back (a line of one or more debriefs' "questions to ask
    if called back"), and whether it has been answered since. `debrief` is where its mark is kept: the one marked
    answered, or else the latest that plans it."""

    text: str
    debrief: Debrief
    answered: bool
    planned_at: list[Interview] = field(default_factory=list)


@dataclass
class PersonMetSummary:
    person: Person
    rounds: list[Interview] = field(default_factory=list)
    asked: list[Question] = field(default_factory=list)


def planned_question_lines(text: str) -> list[str]:
    """The questions in a "questions to ask if called back" text: one a line, list marks ("-", "•", "1.") dropped."""
    lines = (_LIST_MARK.sub("", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line and question_text_normalize(text=line)]


def planned_question_key(text: str) -> str:
    """How a planned question is found again: its normalised text, without a list mark."""
    return question_text_normalize(text=_LIST_MARK.sub("", text))


def opportunity_prep(*, user: User, opportunity: Opportunity) -> dict:
    """Everything the prep sheet of one of the owner's opportunities shows, round by round. Six queries however many
    rounds, people and questions it holds."""
    interviews = list(
        interviews_owned_by(user=user)
        .filter(opportunity=opportunity)
        .select_related("debrief", "stated_terms")
        .prefetch_related(Prefetch("participants", queryset=InterviewPerson.objects.select_related("person")))
        .order_by("starts_at", "pk")
    )
    questions = list(
        Question.objects.filter(interview__in=interviews).select_related("asked_by").order_by("interview", "position")
    )
    learning = list(LearningItem.objects.filter(interview__in=interviews, done=False).order_by("created_at", "pk"))
    answered = set(
        PlannedQuestionAnswered.objects.filter(debrief__interview__in=interviews).values_list(
            "debrief_id", "normalized_text"
        )
    )
    by_interview: dict[int, list[Question]] = {}
    for question in questions:
        by_interview.setdefault(question.interview_id, []).append(question)
    people: dict[int, PersonMetSummary] = {}
    rounds = []
    planned: dict[str, PlannedQuestion] = {}  # the same question planned in several rounds is one
    stated = []
    for interview in interviews:
        debrief = debrief_of(interview)
        terms = stated_terms_of(interview)
        asked = by_interview.get(interview.pk, [])
        for row in interview.participants.all():
            people.setdefault(row.person_id, PersonMetSummary(person=row.person)).rounds.append(interview)
        for question in asked:
            if question.asked_by_id is not None:
                people.setdefault(question.asked_by_id, PersonMetSummary(person=question.asked_by))
                people[question.asked_by_id].asked.append(question)
        if debrief is not None:
            for line in planned_question_lines(debrief.questions_if_called_back):
                key = planned_question_key(line)
                entry = planned.setdefault(key, PlannedQuestion(text=line, debrief=debrief, answered=False))
                entry.planned_at.append(interview)
                if (debrief.pk, key) in answered:
                    entry.debrief, entry.answered = debrief, True
                elif not entry.answered:
                    entry.debrief = debrief
        if terms is not None and not terms.is_empty():
            terms.interview = interview
            stated.append(terms)
        rounds.append({"interview": interview, "debrief": debrief, "questions": asked, "terms": terms})
    latest_debrief = next((r["debrief"] for r in reversed(rounds) if r["debrief"] is not None), None)
    return {
        "rounds": rounds,
        "people": list(people.values()),
        "questions_count": len(questions),
        "stated": [{"interview": t.interview, "rows": stated_terms_rows(t)} for t in stated],
        "stated_conflicts": stated_terms_conflicts(stated),
        "feedback": [r for r in rounds if r["debrief"] is not None and r["debrief"].employer_feedback],
        "planned_questions": list(planned.values()),
        "learning_items": learning,
        "latest_debrief": latest_debrief,
    }


def worksheet_prefill(*, interview: Interview) -> dict:
    """What the printable worksheet of one interview is filled in with: its company, role, date and round, and the
    people expected: those already noted for it, or else those met at the opportunity's round before it."""
    people = [row.person for row in interview.participants.select_related("person")]
    carried_over = False
    if not people:
        previous = (
            Interview.objects.filter(opportunity_id=interview.opportunity_id, starts_at__lt=interview.starts_at)
            .order_by("-starts_at", "-pk")
            .first()
        )
        if previous is not None:
            people = [row.person for row in previous.participants.select_related("person")]
            carried_over = bool(people)
    return {"people": people, "carried_over": carried_over}


# --- The pipeline (docs/PRODUCT.md D2) -----------------------------------------------------------------------------

PIPELINE_PER_STATUS = 20


def pipeline(*, user: User, now: dt.datetime | None = None) -> list[dict]:
    """Every status of the pipeline in its order, each with how many opportunities are in it and the
    PIPELINE_PER_STATUS most recently moved (with their round count and next interview). Two queries however many
    there are: the counts, then the first rows of each status numbered in the database."""
    now = now or timezone.now()
    mine = opportunities_owned_by(user=user)
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    rounds = Interview.objects.filter(opportunity=OuterRef("pk")).order_by().values("opportunity")
    upcoming = rounds.filter(starts_at__gte=now, state=Interview.State.SCHEDULED)
    rows = (
        mine.select_related("company")
        .annotate(
            nth=Window(RowNumber(), partition_by=F("status"), order_by=[F("status_changed_at").desc(), F("pk").desc()]),
            interview_count=Coalesce(Subquery(rounds.annotate(n=Count("pk")).values("n")), 0),
            next_interview_at=Subquery(upcoming.annotate(first=Min("starts_at")).values("first")),
        )
        .filter(nth__lte=PIPELINE_PER_STATUS)
        .order_by("status", "nth")
    )
    grouped: dict[str, list[Opportunity]] = {}
    for opportunity in rows:
        grouped.setdefault(opportunity.status, []).append(opportunity)
    return [
        {
            "status": status,
            "label": Opportunity.Status(status).label,
            "count": counts.get(status, 0),
            "opportunities": grouped.get(status, []),
            "more": counts.get(status, 0) - len(grouped.get(status, [])),
            "in_play": status in Opportunity.ACTIVE_STATUSES,
        }
        for status in Opportunity.PIPELINE
    ]


# --- The next round ------------------------------------------------------------------------------------------------

ROUND_AFTER = {
    Interview.Round.SCREEN: Interview.Round.FIRST,
    Interview.Round.FIRST: Interview.Round.SECOND,
    Interview.Round.SECOND: Interview.Round.THIRD,
    Interview.Round.THIRD: Interview.Round.FINAL,
}


def latest_round(*, opportunity: Opportunity) -> Interview | None:
    """The opportunity's latest interview that is still on (a cancelled one was never a round)."""
    return (
        Interview.objects.filter(opportunity=opportunity)
        .exclude(state=Interview.State.CANCELLED)
        .order_by("-starts_at", "-pk")
        .first()
    )


def round_after(round: str) -> str:
    """The round that follows `round`: screening → first → second → third → final; after a final, or an "other",
    another round is "other". Its meeting number starts again at 1: a new round is not a second meeting."""
    return ROUND_AFTER.get(round, Interview.Round.OTHER)


def people_of_round(*, interview: Interview) -> list[InterviewPerson]:
    """Who was met at an interview, in the order met: the people a next round is likely to meet again."""
    return list(InterviewPerson.objects.filter(interview=interview).select_related("person").order_by("position", "pk"))
