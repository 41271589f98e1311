"""The derived account of what is owed now (docs/PRODUCT.md F8), as the insight pages read it, each only as much as it
shows: Today one candidate's whole account (owed_by), the recruiter's candidate card the same with the unsent notes
(owed_accounts), the desk a summary per candidate (owed_summaries: follow-ups, offers and the notes' next deadline).

Every interview is decided by the one rule, followups.rules.owed, on what followups.selectors.with_owed_state reads;
the SQL here only chooses which interviews are read for it to decide (those that may owe something), and how many per
candidate. The notices owed after accepting an offer are followups.selectors.notices_owed."""

import datetime as dt
import functools
import operator
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from followups import rules
from followups.models import FollowUpPlan, Outcome, ThankYouNote
from followups.selectors import accepted_elsewhere, notices_owed, owed_state_of
from interviews.models import Debrief, Interview, Opportunity, Person
from interviews.selectors import interviews_owned_by, opportunities_owned_by

# How many interviews per candidate the account reads: the oldest first, so whatever has waited longest shows.
ACCOUNT_PER_OWNER = 50
# How many interviews owing only thank-you notes the desk's summary reads per candidate, the earliest begun first: it
# shows the notes' next deadline, not the notes.
SUMMARY_NOTES_PER_OWNER = 3
# The latest zone on Earth (UTC+14) is less than a day ahead of UTC: no local date is later than tomorrow's in UTC.
LATEST_LOCAL_DATE_AHEAD = dt.timedelta(days=1)


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


def _may_owe(interviews: QuerySet[Interview], *, now: dt.datetime) -> tuple[QuerySet[Interview], dict[str, Q]]:
    """`interviews` with what the conditions read, and the conditions, in SQL, of a superset of the interviews
    followups.rules.owed finds owing something now, one per kind, so a reader loads only those: "notes", unsent notes
    of an interview that has begun; "waiting", a promised date or a plan that can already be due (no local date is
    later than tomorrow in UTC); "offer", an offer with an answer-by date; "reply", a rejection not replied to. An
    offer accepted elsewhere is the opportunity's (notices_owed). `owed` decides."""
    latest_local_date = (now + LATEST_LOCAL_DATE_AHEAD).date()
    of_interview = {"interview": OuterRef("pk")}
    outcomes = Outcome.objects.filter(**of_interview)
    drafts = ThankYouNote.objects.filter(**of_interview, state=ThankYouNote.State.DRAFT)
    interviews = interviews.alias(
        may_owe_status=_first(Opportunity.objects.filter(pk=OuterRef("opportunity_id")), "status"),
        may_owe_draft=_first(drafts, "pk"),
        may_owe_kept=_first(drafts.filter(kept_after_outcome=True), "pk"),
        may_owe_hear_back=_first(Debrief.objects.filter(**of_interview), "hear_back_date"),
        may_owe_plan=_first(FollowUpPlan.objects.filter(**of_interview, completed_at__isnull=True), "planned_on"),
        may_owe_outcome=_first(outcomes, "pk"),
        may_owe_offer=_first(outcomes.filter(kind=Outcome.Kind.OFFER, answer_by__isnull=False), "pk"),
        may_owe_reply=_first(outcomes.filter(kind=Outcome.Kind.REJECTED, reply_closed_at__isnull=True), "pk"),
    )
    live = Q(state=Interview.State.SCHEDULED)
    can_be_due = Q(may_owe_hear_back__lte=latest_local_date) | Q(may_owe_plan__lte=latest_local_date)
    return interviews, {
        "notes": live & Q(starts_at__lte=now, may_owe_draft__isnull=False),
        "waiting": live
        & Q(may_owe_status__in=Opportunity.ACTIVE_STATUSES)
        & Q(may_owe_outcome__isnull=True)
        & can_be_due,
        "offer": Q(may_owe_status=Opportunity.Status.OFFER, may_owe_offer__isnull=False),
        "reply": Q(may_owe_status=Opportunity.Status.REJECTED, may_owe_reply__isnull=False),
    }


def _any(conditions) -> Q:
    return functools.reduce(operator.or_, conditions)


def _first_per_owner(interviews: QuerySet[Interview], *, per_owner: int, one_owner: bool) -> list[int]:
    """The ids of the oldest `per_owner` interviews of each owner. `one_owner`: `interviews` are one candidate's, read
    in the order of the (owner, starts_at) index so the scan stops after the first `per_owner`, where numbering them
    all would test every interview of the account."""
    if one_owner:
        return list(interviews.order_by("starts_at", "pk").values_list("pk", flat=True)[:per_owner])
    numbered = interviews.annotate(
        nth=Window(RowNumber(), partition_by=F("owner_id"), order_by=[F("starts_at").asc(), F("pk").asc()])
    )
    return list(numbered.filter(nth__lte=per_owner).values_list("pk", flat=True))


def _decided(ids: list[int], *, notes: bool = False) -> list[tuple[Interview, rules.Owed]]:
    """The interviews of `ids`, oldest first, each with what followups.rules.owed says it owes now (`now` is the
    caller's: see _owed_of). `notes`: with their unsent notes (`draft_notes`)."""
    if not ids:
        return []
    loaded = owed_state_of(Interview.objects.filter(pk__in=ids)).order_by("starts_at", "pk")
    if notes:
        unsent = ThankYouNote.objects.filter(state=ThankYouNote.State.DRAFT).select_related("person").order_by("pk")
        loaded = loaded.prefetch_related(Prefetch("thank_you_notes", queryset=unsent, to_attr="draft_notes"))
    return list(loaded)


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
    owe something, numbered per owner in the database; those interviews through with_owed_state and their unsent
    notes; the opportunities owed a notice; the people to tell; nothing per row.
    """
    now = now or timezone.now()
    owing, conditions = _may_owe(interviews, now=now)
    ids = _first_per_owner(owing.filter(_any(conditions.values())), per_owner=per_owner, one_owner=one_owner)

    by_opportunity: dict[int, OpportunityAccount] = {}
    owners: dict[int, int] = {}  # opportunity id -> owner id

    def account_of(opportunity: Opportunity) -> OpportunityAccount:
        owners[opportunity.pk] = opportunity.owner_id
        return by_opportunity.setdefault(opportunity.pk, OpportunityAccount(opportunity=opportunity))

    for interview in _decided(ids, notes=True):
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
    notices = notices_owed(
        opportunities=candidates, interviews=interviews if opportunities is None else None, per_owner=per_owner
    )
    for notice in notices:
        account = account_of(notice.opportunity)
        account.opportunity = notice.opportunity  # with its owner, for the notices' drafts
        account.notice = True
        account.contacts = notice.contacts

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


# --- The desk's summary -------------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What the desk shows of one candidate's account: every follow-up due and offer to answer (as Account's, oldest
    first), and the thank-you notes' next deadline ({"interview", "due_at"}, or None)."""

    follow_ups: list[dict] = field(default_factory=list)
    offers: list[dict] = field(default_factory=list)
    next_notes: dict | None = None


def owed_summaries(
    *, interviews: QuerySet[Interview], now: dt.datetime | None = None, per_owner: int = ACCOUNT_PER_OWNER
) -> dict[int, Summary]:
    """{owner id: Summary} for each owner among `interviews` (a scoping selector's queryset) who owes a follow-up, an
    offer's answer or thank-you notes now; the same items as owed_accounts' for these kinds, by the same rule.

    The account reads every interview that may owe anything, which for a candidate who never sends notes is
    `per_owner` interviews and their notes to show one deadline. The summary reads, per owner, the interviews that
    may owe a follow-up or an offer (at most `per_owner`) and, of those whose opportunity leaves their notes open
    (followups.rules.notes_closed, in SQL), the SUMMARY_NOTES_PER_OWNER begun first (a note's deadline follows its
    interview's end). Three queries whatever the number of interviews: those two lists of ids, then the interviews."""
    now = now or timezone.now()
    owing, conditions = _may_owe(interviews, now=now)
    others = _first_per_owner(
        owing.filter(conditions["waiting"] | conditions["offer"]), per_owner=per_owner, one_owner=False
    )
    closed = Q(may_owe_status__in=rules.CLOSED_FOR_NOTES) | (
        Q(may_owe_status__in=Opportunity.ACTIVE_STATUSES) & Q(accepted_elsewhere=True)
    )
    notes_open = conditions["notes"] & (Q(may_owe_kept__isnull=False) | ~closed)
    noted = _first_per_owner(
        owing.alias(accepted_elsewhere=accepted_elsewhere()).filter(notes_open),
        per_owner=SUMMARY_NOTES_PER_OWNER,
        one_owner=False,
    )

    summaries: dict[int, Summary] = {}
    offers: dict[int, dict] = {}  # opportunity id -> its latest offer
    for interview in _decided(sorted({*others, *noted})):
        owed = rules.owed(interview, now=now)
        today = now.astimezone(interview.zone).date()
        summary = summaries.setdefault(interview.owner_id, Summary())
        if owed.notes_due_at is not None and (
            summary.next_notes is None or owed.notes_due_at < summary.next_notes["due_at"]
        ):
            summary.next_notes = {"interview": interview, "due_at": owed.notes_due_at}
        if owed.follow_up_on is not None and owed.follow_up_on <= today:
            summary.follow_ups.append(
                {"interview": interview, "day": owed.follow_up_on, "due_at": owed.follow_up_at,
                 "planned": owed.follow_up_planned}
            )  # fmt: skip
        if owed.offer_due_at is not None:
            offer = offers.get(interview.opportunity_id)
            if offer is None or interview.offer_recorded_at > offer["interview"].offer_recorded_at:
                offers[interview.opportunity_id] = {
                    "interview": interview,
                    "due_at": owed.offer_due_at,
                    "opportunity": interview.opportunity,
                }
    for offer in offers.values():
        summaries.setdefault(offer["interview"].owner_id, Summary()).offers.append(offer)
    for summary in summaries.values():
        summary.follow_ups.sort(key=lambda item: (item["due_at"], item["interview"].pk))
        summary.offers.sort(key=lambda item: item["due_at"])
    return {owner_id: s for owner_id, s in summaries.items() if s.follow_ups or s.offers or s.next_notes}
