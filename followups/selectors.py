"""Reads for follow-up. Follow-up is the candidate's own: every queryset of it starts from interviews_owned_by (or,
for what a linked recruiter reads of it, interviews_visible_to).

`owed_accounts` is the derived account of what is owed (docs/PRODUCT.md F8), opportunity by opportunity: Today, the
recruiter's card and (issue 17) the recruiter's desk read it; the calendar feed, the reminders and the follow-up page
apply the same rule, followups.rules.owed, to the interviews they load."""

import datetime as dt
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
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import links_live
from interviews.models import Debrief, Interview, InterviewPerson, NotificationSettings, Opportunity, Person
from interviews.selectors import interviews_owned_by, opportunities_owned_by

from . import rules
from .models import CheckIn, FollowUpAttempt, FollowUpPlan, Outcome, ThankYouNote

# How many interviews per candidate the account reads: the oldest first, so whatever has waited longest shows.
ACCOUNT_PER_OWNER = 50
# The latest zone on Earth (UTC+14) is less than a day ahead of UTC: no local date is later than tomorrow's in UTC.
LATEST_LOCAL_DATE_AHEAD = dt.timedelta(days=1)


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


def with_followup_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """Everything followups.rules and the calendar read, in one query: owner, opportunity, debrief and plan, and
    flags: any notes, unsent and kept ones, an outcome, the latest attempt, the latest offer's answer-by date, a
    rejection still to reply to, an offer accepted elsewhere."""
    drafts = ThankYouNote.objects.filter(interview=OuterRef("pk"), state=ThankYouNote.State.DRAFT)
    offers = Outcome.objects.filter(interview=OuterRef("pk"), kind=Outcome.Kind.OFFER).order_by("-recorded_at", "-pk")
    return queryset.select_related("owner", "opportunity__company", "debrief", "follow_up_plan").annotate(
        has_notes=Exists(ThankYouNote.objects.filter(interview=OuterRef("pk"))),
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


def with_reminder_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """with_followup_state and what the check-in reminders read (followups.rules.reminder_due_times): the open
    check-ins (`open_check_ins`, oldest first, each with `asker_sees`) and `check_in_auto`. For the sync and the
    sweep only: one more query per batch of interviews, which no page needs."""
    open_check_ins = (
        CheckIn.objects.filter(answered_at__isnull=True)
        .annotate(asker_sees=ExpressionWrapper(check_in_asker_sees(), output_field=BooleanField()))
        .order_by("asked_at", "pk")
    )
    return (
        with_followup_state(queryset)
        .annotate(check_in_auto=check_in_auto())
        .prefetch_related(Prefetch("check_ins", queryset=open_check_ins, to_attr="open_check_ins"))
    )


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


def followup_interview_or_404(*, user: User, pk: int) -> Interview:
    interview = with_followup_state(interviews_owned_by(user=user)).filter(pk=pk).first()
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


# --- The derived account of what is owed ------------------------------------------------------------------------


@dataclass
class OpportunityAccount:
    """What one opportunity owes now: by its interviews (notes, follow-ups, a rejection reply, the offer) and by
    itself (the notice after an offer accepted elsewhere, with the people to tell)."""

    opportunity: Opportunity
    notes: list[dict] = field(default_factory=list)  # {"interview", "due_at", "overdue", "notes": the unsent ones}
    follow_ups: list[dict] = field(default_factory=list)  # {"interview", "day", "due_at", "planned"}
    rejection_replies: list[Interview] = field(default_factory=list)
    offer: dict | None = None  # {"interview", "due_at"}
    notice: bool = False
    contacts: list[Person] = field(default_factory=list)


@dataclass
class Account:
    """What one candidate owes, opportunity by opportunity, and the same as lists by kind (oldest first)."""

    opportunities: list[OpportunityAccount] = field(default_factory=list)

    def _all(self, name: str) -> list:
        return [item for account in self.opportunities for item in getattr(account, name)]

    @property
    def notes(self) -> list[dict]:
        return sorted(self._all("notes"), key=lambda item: (item["due_at"], item["interview"].pk))

    @property
    def follow_ups(self) -> list[dict]:
        return sorted(self._all("follow_ups"), key=lambda item: (item["due_at"], item["interview"].pk))

    @property
    def rejection_replies(self) -> list[Interview]:
        return sorted(self._all("rejection_replies"), key=lambda interview: (interview.starts_at, interview.pk))

    @property
    def offers(self) -> list[dict]:
        offers = [{**a.offer, "opportunity": a.opportunity} for a in self.opportunities if a.offer]
        return sorted(offers, key=lambda item: item["due_at"])

    @property
    def notices(self) -> list[OpportunityAccount]:
        return [account for account in self.opportunities if account.notice]

    @property
    def is_empty(self) -> bool:
        return not self.opportunities


def _first(queryset: QuerySet, column: str) -> Subquery:
    """`column` of the first row of a correlated `queryset`, as a scalar subquery. PostgreSQL runs one of these as
    one probe of an index per outer row; written as a join or an EXISTS inside an OR it is planned as a scan of the
    whole table (every user's notes, debriefs and opportunities), whose cost grows with the site and not with the
    account (measured 28 ms against 0.3 ms for a candidate with 1,000 interviews among 20,000)."""
    return Subquery(queryset.order_by().values(column)[:1])


def _may_owe(interviews: QuerySet[Interview], *, now: dt.datetime) -> QuerySet[Interview]:
    """A superset, in SQL, of the interviews followups.rules.owed finds owing something now, so the account loads
    only those: unsent notes of an interview that has begun; a promised date or a plan that can already be due
    (no local date is later than tomorrow in UTC); an offer with an answer-by date; a rejection not replied to; an
    offer accepted elsewhere. `owed` decides."""
    latest_local_date = (now + LATEST_LOCAL_DATE_AHEAD).date()
    of_interview = {"interview": OuterRef("pk")}
    outcomes = Outcome.objects.filter(**of_interview)
    interviews = interviews.alias(
        may_owe_status=_first(Opportunity.objects.filter(pk=OuterRef("opportunity_id")), "status"),
        may_owe_draft=_first(ThankYouNote.objects.filter(**of_interview, state=ThankYouNote.State.DRAFT), "pk"),
        may_owe_hear_back=_first(Debrief.objects.filter(**of_interview), "hear_back_date"),
        may_owe_plan=_first(FollowUpPlan.objects.filter(**of_interview, completed_at__isnull=True), "planned_on"),
        may_owe_outcome=_first(outcomes, "pk"),
        may_owe_offer=_first(outcomes.filter(kind=Outcome.Kind.OFFER, answer_by__isnull=False), "pk"),
        may_owe_reply=_first(outcomes.filter(kind=Outcome.Kind.REJECTED, reply_closed_at__isnull=True), "pk"),
    )
    live = Q(state=Interview.State.SCHEDULED)
    can_be_due = Q(may_owe_hear_back__lte=latest_local_date) | Q(may_owe_plan__lte=latest_local_date)
    waiting = live & Q(may_owe_status__in=Opportunity.ACTIVE_STATUSES) & Q(may_owe_outcome__isnull=True) & can_be_due
    offer = Q(may_owe_status=Opportunity.Status.OFFER, may_owe_offer__isnull=False)
    reply = Q(may_owe_status=Opportunity.Status.REJECTED, may_owe_reply__isnull=False)
    return interviews.filter((live & Q(starts_at__lte=now, may_owe_draft__isnull=False)) | waiting | offer | reply)


def owed_accounts(
    *,
    interviews: QuerySet[Interview],
    opportunities: QuerySet[Opportunity] | None = None,
    now: dt.datetime | None = None,
    per_owner: int = ACCOUNT_PER_OWNER,
    one_owner: bool = False,
) -> dict[int, Account]:
    """The one derived account of what is owed now (docs/PRODUCT.md F8), for each owner among `interviews`:
        {owner id: Account}. Owners who owe nothing are left out.

        `interviews` is a scoping selector's queryset (interviews_owned_by for a candidate, interviews_visible_to for a
        recruiter: a private interview then never counts); `opportunities` the opportunities whose notice may be owed
        (opportunities_owned_by for a candidate: an applied one with no interview yet is told too; None: only those of
        `interviews`). For each interview, followups.rules.owed decides; a follow-up counts once its day has come on
        the interview's clock. At most `per_owner` interviews per owner, oldest first, and as many opportunities;
    `one_owner`: `interviews` are one candidate's (a cheaper query for the same rows).

        A fixed number of queries (at most five) whatever the number of interviews: the ids of the interviews that may
        owe something, numbered per owner in the database; those interviews through with_followup_state and their
        unsent notes; the opportunities owed a notice; the people to tell; nothing per row.
    """
    now = now or timezone.now()
    owing = _may_owe(interviews, now=now)
    if one_owner:
        # One candidate's own: the oldest per_owner in the order of the (owner, starts_at) index, so the scan stops
        # after the first per_owner that may owe, where numbering them all would test every interview of the account.
        ids = list(owing.order_by("starts_at", "pk").values_list("pk", flat=True)[:per_owner])
    else:
        numbered = owing.annotate(
            nth=Window(RowNumber(), partition_by=F("owner_id"), order_by=[F("starts_at").asc(), F("pk").asc()])
        )
        ids = list(numbered.filter(nth__lte=per_owner).values_list("pk", flat=True))
    unsent = Prefetch(
        "thank_you_notes",
        queryset=ThankYouNote.objects.filter(state=ThankYouNote.State.DRAFT).select_related("person").order_by("pk"),
        to_attr="draft_notes",
    )
    loaded = (
        list(
            with_followup_state(Interview.objects.filter(pk__in=ids))
            .prefetch_related(unsent)
            .order_by("starts_at", "pk")
        )
        if ids
        else []
    )

    by_opportunity: dict[int, OpportunityAccount] = {}
    owners: dict[int, int] = {}  # opportunity id -> owner id

    def account_of(opportunity: Opportunity) -> OpportunityAccount:
        owners[opportunity.pk] = opportunity.owner_id
        return by_opportunity.setdefault(opportunity.pk, OpportunityAccount(opportunity=opportunity))

    for interview in loaded:
        account = rules.owed(interview, now=now)
        today = now.astimezone(interview.zone).date()
        if account.notes_due_at is not None:
            closed = rules.notes_closed(
                opportunity=interview.opportunity, accepted_elsewhere=interview.accepted_elsewhere
            )
            account_of(interview.opportunity).notes.append(
                {
                    "interview": interview,
                    "due_at": account.notes_due_at,
                    "overdue": account.notes_due_at <= now,
                    "notes": [note for note in interview.draft_notes if note.kept_after_outcome or not closed],
                }
            )
        if account.follow_up_on is not None and account.follow_up_on <= today:
            account_of(interview.opportunity).follow_ups.append(
                {
                    "interview": interview,
                    "day": account.follow_up_on,
                    "due_at": account.follow_up_at,
                    "planned": account.follow_up_planned,
                }
            )
        if account.rejection_reply_owed:
            account_of(interview.opportunity).rejection_replies.append(interview)
        if account.offer_due_at is not None:
            offer = account_of(interview.opportunity).offer
            if offer is None or interview.offer_recorded_at > offer["interview"].offer_recorded_at:
                account_of(interview.opportunity).offer = {"interview": interview, "due_at": account.offer_due_at}

    candidates = (
        opportunities
        if opportunities is not None
        else Opportunity.objects.filter(pk__in=interviews.values("opportunity_id"))
    )
    noticed = list(
        candidates.filter(status__in=Opportunity.ACTIVE_STATUSES)
        .filter(accepted_elsewhere(opportunity_ref="pk"))
        .select_related("company", "owner")
        .annotate(nth=Window(RowNumber(), partition_by=F("owner_id"), order_by=[F("created_at").asc(), F("pk").asc()]))
        .filter(nth__lte=per_owner)
        .order_by("created_at", "pk")
    )
    if noticed:
        people = contacts_of(opportunities=noticed, interviews=interviews if opportunities is None else None)
        for opportunity in noticed:
            account = account_of(opportunity)
            account.opportunity = opportunity  # with its owner, for the notices' drafts
            account.notice = True
            account.contacts = people.get(opportunity.pk, [])

    result: dict[int, Account] = {}
    for opportunity_id, account in by_opportunity.items():
        result.setdefault(owners[opportunity_id], Account()).opportunities.append(account)
    return result


def owed_by(*, user: User, now: dt.datetime | None = None) -> Account:
    """The derived account of one candidate's own interviews and opportunities (Today reads it)."""
    if not user.is_authenticated or user.is_recruiter:
        return Account()
    accounts = owed_accounts(
        interviews=interviews_owned_by(user=user),
        opportunities=opportunities_owned_by(user=user),
        now=now,
        one_owner=True,
    )
    return accounts.get(user.pk, Account())
