"""Reads for follow-up. Follow-up is the candidate's own: every queryset of it starts from interviews_owned_by (or,
for what a linked recruiter reads of it, interviews_visible_to).

What is owed is decided by one rule, followups.rules.owed, on what with_owed_state reads: the calendar feed, the
reminders and the follow-up page apply it to the interviews they load, and the insight app's derived account of what
is owed (insight.owed: Today and the recruiter's desk) to a candidate's interviews. The notices owed after accepting
an offer (notices_owed) are the follow-up page's and the account's alike."""

import functools
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber
from django.http import Http404

from accounts.models import User
from accounts.selectors import links_live
from interviews.models import Interview, InterviewPerson, NotificationSettings, Opportunity, Person
from interviews.selectors import interviews_owned_by

from .models import CheckIn, FollowUpAttempt, Outcome, ThankYouNote

# How many opportunities owed a notice are listed per candidate at most, the oldest first.
NOTICES_PER_OWNER = 50


def accepted_elsewhere(*, opportunity_ref: str = "opportunity") -> Exists:
    """Whether another opportunity of the same owner was accepted after this one began (an OuterRef to the
    opportunity: `opportunity_ref` is "opportunity" from an interview, "pk" from an opportunity)."""
    prefix = "" if opportunity_ref == "pk" else f"{opportunity_ref}__"
    return Exists(
        Opportunity.objects.filter(
            owner_id=OuterRef(f"{prefix}owner_id"),
            status=Opportunity.Status.ACCEPTED,
            status_changed_at__gte=OuterRef(f"{prefix}created_at"),
        ).exclude(pk=OuterRef(opportunity_ref if opportunity_ref == "pk" else f"{opportunity_ref}_id"))
    )


def with_owed_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """What followups.rules.owed reads, in one query: opportunity (with its company), debrief and plan, and flags:
    unsent and kept notes, an outcome, the latest attempt, the latest offer's answer-by date (and when it was
    recorded), a rejection still to reply to, an offer accepted elsewhere. See owed_state_of for a scoping
    selector's queryset."""
    drafts = ThankYouNote.objects.filter(interview=OuterRef("pk"), state=ThankYouNote.State.DRAFT)
    offers = Outcome.objects.filter(interview=OuterRef("pk"), kind=Outcome.Kind.OFFER).order_by("-recorded_at", "-pk")
    return queryset.select_related("opportunity__company", "debrief", "follow_up_plan").annotate(
        has_unsent_notes=Exists(drafts),
        has_kept_notes=Exists(drafts.filter(kept_after_outcome=True)),
        has_outcome=Exists(Outcome.objects.filter(interview=OuterRef("pk"))),
        last_attempt_at=Subquery(
            FollowUpAttempt.objects.filter(interview=OuterRef("pk"))
            .order_by()
            .values("interview")
            .annotate(last=Max("happened_at"))
            .values("last")
        ),
        offer_answer_by=Subquery(offers.values("answer_by")[:1]),
        offer_recorded_at=Subquery(offers.values("recorded_at")[:1]),
        rejection_reply_owed=Exists(
            Outcome.objects.filter(interview=OuterRef("pk"), kind=Outcome.Kind.REJECTED, reply_closed_at__isnull=True)
        ),
        accepted_elsewhere=accepted_elsewhere(),
    )


@functools.cache
def _every_interview_with_owed_state() -> QuerySet[Interview]:
    # Built once per process: building the dozen subqueries of with_owed_state cost more than compiling and running
    # them (8.1 ms against 2.1 ms to compile a copy with a filter, on the bench's machine). Nothing in them depends
    # on the time or the user; each read combines a copy with its own filter.
    return with_owed_state(Interview.objects.all())


def owed_state_of(interviews: QuerySet[Interview]) -> QuerySet[Interview]:
    """`interviews` through with_owed_state, the same SQL, from a copy built once. `interviews` is a scoping
    selector's queryset with filters only (no annotations, select_related, slice or distinct of its own)."""
    return _every_interview_with_owed_state() & interviews


def with_followup_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """Everything followups.rules and the calendar read, in one query: with_owed_state, the owner and whether it has
    any notes. `queryset` filters only, as owed_state_of."""
    return (
        owed_state_of(queryset)
        .select_related("owner")
        .annotate(has_notes=Exists(ThankYouNote.objects.filter(interview=OuterRef("pk"))))
    )


def with_reminder_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """with_followup_state and what the check-in reminders read (followups.rules.reminder_due_times):
    `check_in_auto`, and whether any check-in is open (`has_open_check_ins`), which open_check_ins_attach reads. For
    the sync and the sweep only."""
    open_ones = CheckIn.objects.filter(interview=OuterRef("pk"), answered_at__isnull=True)
    return with_followup_state(queryset).annotate(check_in_auto=check_in_auto(), has_open_check_ins=Exists(open_ones))


def open_check_ins_attach(interviews: list[Interview]) -> None:
    """Gives each interview read through with_reminder_state its open check-ins (`open_check_ins`, oldest first, each
    with `asker_sees`): one query, and none when no interview has one, as for nearly every interview logged."""
    asking = [interview for interview in interviews if interview.has_open_check_ins]
    for interview in interviews:
        if not interview.has_open_check_ins:
            interview.open_check_ins = []  # (set on the others, prefetch_related_objects would take it as read)
    if asking:
        open_check_ins = (
            CheckIn.objects.filter(answered_at__isnull=True)
            .annotate(asker_sees=ExpressionWrapper(check_in_asker_sees(), output_field=BooleanField()))
            .order_by("asked_at", "pk")
        )
        prefetch_related_objects(asking, Prefetch("check_ins", queryset=open_check_ins, to_attr="open_check_ins"))


def check_in_asker_sees() -> Q:
    """Whether the recruiter who asked a check-in still sees its interview, as a condition on CheckIn rows: a live
    link to its owner (accounts.selectors.links_live) and the interview not private, which is what
    interviews_visible_to(user=that recruiter) says of it. Either scope will do: still-interested is in the summary.
    The sweep (through followups.rules.check_in_due_at) and the answer (followups.services.check_in_answer) ask it."""
    still_linked = links_live().filter(candidate=OuterRef("interview__owner_id"), recruiter=OuterRef("recruiter_id"))
    return Q(Exists(still_linked), interview__is_private=False)


def check_in_auto() -> Exists:
    """Whether the interview's arranging recruiter, still linked, opted in to asking by themselves (the rule's
    "2 hours after it ends with no debrief" is followups.rules'), and nobody has ever asked about it: so it goes at
    most once per interview."""
    still_linked = links_live().filter(candidate=OuterRef(OuterRef("owner_id")), recruiter=OuterRef("user_id"))
    opted_in = NotificationSettings.objects.filter(
        user=OuterRef("arranged_by_id"), check_in_after_interview=True
    ).filter(Exists(still_linked))
    return Exists(opted_in) & ~Exists(CheckIn.objects.filter(interview=OuterRef("pk")))


def thank_you_notes_of(*, user: User) -> QuerySet[ThankYouNote]:
    """The notes of the user's own interviews (sending them is the candidate's act: a recruiter has none)."""
    return ThankYouNote.objects.filter(interview__in=interviews_owned_by(user=user)).select_related(
        "person", "interview"
    )


def outcomes_of(*, user: User) -> QuerySet[Outcome]:
    return Outcome.objects.filter(interview__in=interviews_owned_by(user=user))


def followup_interview_or_404(*, user: User, pk: int, calendar: bool = False) -> Interview:
    """One of the user's interviews with what the rules read (with_owed_state) and its owner, for the follow-up page
    and its forms; `calendar`: with everything the calendar reads too (with_followup_state), for its event."""
    mine = interviews_owned_by(user=user)
    state = with_followup_state(mine) if calendar else owed_state_of(mine).select_related("owner")
    interview = state.filter(pk=pk).first()
    if interview is None:
        raise Http404("No such interview.")
    return interview


def notes_for_interview(*, interview: Interview) -> list[ThankYouNote]:
    return list(interview.thank_you_notes.select_related("person").order_by("pk"))


def contacts_of(*, opportunities: list[Opportunity], interviews: QuerySet[Interview] | None = None) -> dict:
    """{opportunity id: the people met at its interviews, each once, in the order first met}. One query.
    `interviews`: only the people of these (a recruiter's view leaves private interviews out)."""
    rows = InterviewPerson.objects.filter(interview__opportunity__in=[o.pk for o in opportunities])
    if interviews is not None:
        rows = rows.filter(interview__in=interviews)
    found: dict[int, list[Person]] = {}
    for row in rows.select_related("person", "interview").order_by("interview__starts_at", "position", "pk"):
        people = found.setdefault(row.interview.opportunity_id, [])
        if all(person.pk != row.person_id for person in people):
            people.append(row.person)
    return found


@dataclass(frozen=True)
class Notice:
    """An opportunity owed the courteous notice after an offer was accepted elsewhere, and the people to tell."""

    opportunity: Opportunity
    contacts: list[Person] = field(default_factory=list)


def notices_owed(
    *,
    opportunities: QuerySet[Opportunity],
    interviews: QuerySet[Interview] | None = None,
    per_owner: int = NOTICES_PER_OWNER,
    people: bool = True,
) -> list[Notice]:
    """The opportunities among `opportunities` owed a notice (followups.rules.notice_owed: in play when their owner
    accepted an offer elsewhere after they began), oldest first and at most `per_owner` of each owner, with company
    and owner; `people`: with the people to tell (contacts_of; `interviews`: only the people of these). One query,
    and one more for the people when any is owed."""
    noticed = list(
        opportunities.filter(status__in=Opportunity.ACTIVE_STATUSES)
        .filter(accepted_elsewhere(opportunity_ref="pk"))
        .select_related("company", "owner")
        .annotate(nth=Window(RowNumber(), partition_by=F("owner_id"), order_by=[F("created_at").asc(), F("pk").asc()]))
        .filter(nth__lte=per_owner)
        .order_by("created_at", "pk")
    )
    found = contacts_of(opportunities=noticed, interviews=interviews) if noticed and people else {}
    return [Notice(opportunity=o, contacts=found.get(o.pk, [])) for o in noticed]
