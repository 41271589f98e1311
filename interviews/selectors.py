"""Every read of capture data. Interviews are scoped by `interviews_visible_to`, the one rule for who may see
one; companies, opportunities and people have no recruiter view and are scoped to their owner."""

import datetime as dt

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from accounts.selectors import linked_candidate_ids

from .models import (
    Company,
    Debrief,
    DebriefNote,
    Interview,
    InterviewPerson,
    LearningItem,
    NotificationSettings,
    Opportunity,
    Person,
    Question,
    question_text_normalize,
)

# How far back the home page looks for interviews that still have no debrief at all.
TO_DEBRIEF_WINDOW = dt.timedelta(days=30)
OVERVIEW_LIMIT = 10


def interviews_visible_to(*, user: User) -> QuerySet[Interview]:
    """Who may see an interview, in one place: its owner, and recruiters with an active link to the owner
    unless the interview is private. Views, emails, the calendar feed and the sweep all go through this."""
    if not user.is_authenticated:
        return Interview.objects.none()
    if user.is_recruiter:
        return Interview.objects.filter(owner__in=linked_candidate_ids(recruiter=user), is_private=False)
    return Interview.objects.filter(owner=user)


def interviews_editable_by(*, user: User) -> QuerySet[Interview]:
    """The visible interviews a user may also change: only their own (a linked recruiter reads, never writes)."""
    if not user.is_authenticated:
        return Interview.objects.none()
    return interviews_visible_to(user=user).filter(owner=user)


def interview_detail_queryset(*, user: User) -> QuerySet[Interview]:
    """Everything the interview page shows, in a fixed number of queries however many interviews there are."""
    return (
        interviews_visible_to(user=user)
        .select_related("owner", "opportunity__company", "arranged_by", "debrief")
        .prefetch_related(
            Prefetch("participants", queryset=InterviewPerson.objects.select_related("person")),
            Prefetch("questions", queryset=Question.objects.select_related("asked_by")),
            Prefetch("learning_items", queryset=LearningItem.objects.order_by("done", "pk")),
        )
    )


def interview_list(*, user: User) -> QuerySet[Interview]:
    return interviews_editable_by(user=user).select_related("opportunity__company", "debrief")


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
            interview__in=interviews_visible_to(user=user).filter(owner_id=interview.owner_id),
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
    """The opportunity list with its filters; one query per page, each row with its round count and latest round."""
    opportunities = (
        opportunities_owned_by(user=user)
        .select_related("company")
        .annotate(interview_count=Count("interviews"), last_interview_at=Max("interviews__starts_at"))
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
    """What the home page shows of capture: upcoming interviews, interviews still without a debrief, debriefs still
    in draft, and the open opportunities against the aim of two or three. A fixed number of queries."""
    now = now or timezone.now()
    mine = interviews_editable_by(user=user).select_related("opportunity__company")
    upcoming = list(mine.filter(starts_at__gte=now).order_by("starts_at", "pk")[:OVERVIEW_LIMIT])
    # The debrief's state as a correlated subquery: one probe of its unique index per interview of this user. As a
    # join (LEFT JOIN ... IS NULL, NOT EXISTS, state = 'draft') it is planned as a scan of every user's debriefs,
    # which costs more the more the whole site holds (measured 8 ms against 1.6 ms at 20,000 debriefs).
    mine = mine.alias(debrief_state=Subquery(Debrief.objects.filter(interview=OuterRef("pk")).values("state")[:1]))
    to_debrief = list(
        mine.filter(debrief_state__isnull=True, starts_at__lt=now, starts_at__gte=now - TO_DEBRIEF_WINDOW).order_by(
            "-starts_at", "-pk"
        )[:OVERVIEW_LIMIT]
    )
    drafts = mine.filter(debrief_state=Debrief.State.DRAFT).select_related("debrief")
    draft_debriefs = [i.debrief for i in drafts.order_by("-starts_at", "-debrief__pk")[:OVERVIEW_LIMIT]]
    open_qs = opportunities_owned_by(user=user).filter(status__in=Opportunity.OPEN_STATUSES)
    open_opportunities = list(open_qs.select_related("company").order_by("-status_changed_at", "-pk")[:OVERVIEW_LIMIT])
    return {
        "upcoming_interviews": upcoming,
        "interviews_to_debrief": to_debrief,
        "draft_debriefs": draft_debriefs,
        "open_opportunities": open_opportunities,
        "open_opportunity_count": open_qs.count(),
    }


def notification_settings_for(*, user: User) -> NotificationSettings:
    """The user's email choices; an unsaved row with the defaults (both on) until they change one."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


def debrief_notes_visible_to(*, user: User, interview: Interview) -> list[DebriefNote]:
    """The recruiters' notes on an interview's debrief: the candidate sees all of them, a linked recruiter sees
    them too (the interview itself already passed interviews_visible_to)."""
    if not interviews_visible_to(user=user).filter(pk=interview.pk).exists():
        return []
    return list(DebriefNote.objects.filter(debrief__interview=interview).select_related("author"))
