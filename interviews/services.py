"""Every write of capture data. Each function is atomic and checks that every object it is handed belongs to the
owner it works for, so a posted id of someone else's company, person or recruiter never links two owners."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.emails import email_send
from accounts.models import User
from accounts.selectors import linked_recruiters, settings_of

from . import emails
from .models import (
    DEBRIEF_FIELDS,
    SHORT_TEXT_MAX,
    ClientFeedback,
    Company,
    Debrief,
    DebriefNote,
    Interview,
    InterviewChange,
    InterviewPerson,
    LearningItem,
    NotificationSettings,
    Opportunity,
    OpportunityStatusChange,
    Person,
    PlannedQuestionAnswered,
    Question,
    StatedTerms,
    question_text_normalize,
)
from .selectors import (
    debrief_current_parts,
    debrief_part_values,
    fingerprint,
    interviews_in_full_to,
    latest_round,
    planned_question_key,
    planned_question_lines,
    question_group_keys,
    round_after,
)
from .signals import interview_changed, opportunity_status_changed

# The promised hear-back date is a date near the interview: not before it, not more than a year after it.
HEAR_BACK_MAX_DAYS = 365

INTERVIEW_FIELDS = (
    "round",
    "round_number",
    "format",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "location",
    "arranged_by",
    "agency_name",
    "is_private",
)


@dataclass(frozen=True)
class PersonMet:
    """One row of the people-met list: someone already known at the company, or a new name."""

    person: Person | None = None
    name: str = ""
    title: str = ""
    part: str = ""


@dataclass(frozen=True)
class QuestionAsked:
    """One row of the questions list; `question` is the stored question this row edits, if any."""

    text: str
    question: Question | None = None
    asked_by: Person | None = None
    answer_summary: str = ""
    self_score: int | None = None
    topic: str = ""


def hear_back_date_check(*, interview: Interview, hear_back_date: dt.date | None) -> None:
    """Raises ValidationError unless the date lies between the interview's day (on the interview's own clock, where
    the promise was made) and a year after it."""
    if hear_back_date is not None:
        interview_day = timezone.localtime(interview.starts_at, interview.zone).date()
        _check_near(hear_back_date, interview_day, what="hear-back date", max_days=HEAR_BACK_MAX_DAYS, within="a year")


def _check_near(day: dt.date, interview_day: dt.date, *, what: str, max_days: int, within: str) -> None:
    """A date promised at an interview lies from its day to `max_days` after it."""
    if day < interview_day:
        raise ValidationError(
            f"The {what} cannot be before the interview (%(day)s).",
            code="before_interview",
            params={"day": f"{interview_day.day} {interview_day:%b %Y}"},
        )
    if (day - interview_day).days > max_days:
        raise ValidationError(f"The {what} must be within {within} of the interview.", code="too_late")


# Foreign keys whose target each service checks itself (_check_owned, _check_arranged_by), so full_clean need not
# read each target again to see that it exists. The check constraints are the database's; the fields' own
# validation already refuses a value outside the choices, so full_clean leaves them out too (validate_constraints).
CHECKED_BY_HAND = ["owner", "company", "opportunity", "recruiter", "arranged_by"]


def _check_owned(obj, *, owner: User, what: str) -> None:
    if obj is not None and obj.owner_id != owner.pk:
        raise ValidationError(f"That {what} does not exist.", code="not_owned")


def _check_arranged_by(*, owner: User, arranged_by: User | None) -> None:
    if arranged_by is not None and not linked_recruiters(candidate=owner).filter(pk=arranged_by.pk).exists():
        raise ValidationError({"arranged_by": "Only a recruiter linked to you can have arranged an interview."})


# --- Companies and opportunities -------------------------------------------------------------------------------


def company_get_or_create(*, owner: User, name: str) -> Company:
    """The owner's company of that name (case ignored), created if new."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Type the company's name."})
    existing = Company.objects.filter(owner=owner, name__iexact=name).first()
    if existing is not None:
        return existing
    company = Company(owner=owner, name=name)
    company.full_clean(exclude=CHECKED_BY_HAND, validate_constraints=False)
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:
        # Two requests created the same name at once; the unique constraint let one win. Use that one.
        return Company.objects.get(owner=owner, name__iexact=name)
    return company


@transaction.atomic
def company_update(*, company: Company, name: str, website: str = "", location: str = "", notes: str = "") -> Company:
    name = name.strip()
    if Company.objects.filter(owner_id=company.owner_id, name__iexact=name).exclude(pk=company.pk).exists():
        raise ValidationError({"name": "You already have a company of that name."})
    company.name, company.website, company.location, company.notes = name, website, location, notes
    company.full_clean(validate_constraints=False)
    company.save()
    return company


@transaction.atomic
def opportunity_create(
    *,
    owner: User,
    company: Company,
    role_title: str,
    recruiter: User | None = None,
    now: dt.datetime | None = None,
) -> Opportunity:
    return _opportunity_create(owner=owner, company=company, role_title=role_title, recruiter=recruiter, now=now)


# An opportunity added on its own, before any interview (docs/PRODUCT.md D2): a role to apply for, or applied for.
STATUSES_TO_ADD = (Opportunity.Status.WISHLIST, Opportunity.Status.APPLIED)


@transaction.atomic
def opportunity_add(
    *,
    owner: User,
    role_title: str,
    status: str,
    company: Company | None = None,
    new_company_name: str = "",
    job_description: str = "",
    job_link: str = "",
    source: str = Opportunity.Source.DIRECT,
    recruiter: User | None = None,
    agency_name: str = "",
    now: dt.datetime | None = None,
) -> Opportunity:
    """An opportunity with no interview yet, on the wishlist or applied for; its company chosen or created."""
    if status not in STATUSES_TO_ADD:
        raise ValidationError({"status": "A new opportunity is on your wishlist or applied for."})
    if not role_title.strip():
        raise ValidationError({"role_title": "Type the role."})
    _check_owned(company, owner=owner, what="company")
    if company is None:
        company = company_get_or_create(owner=owner, name=new_company_name)
    if source != Opportunity.Source.RECRUITER:
        recruiter = None
    return _opportunity_create(
        owner=owner,
        company=company,
        role_title=role_title,
        recruiter=recruiter,
        now=now,
        status=status,
        source=source,
        job_description=job_description,
        job_link=job_link,
        agency_name=agency_name.strip() if source == Opportunity.Source.AGENCY else "",
    )


# The private halves of the services below do the work inside a transaction their caller holds; interview_log runs
# them in its own, so logging an interview costs no savepoint per step.


def _opportunity_create(
    *,
    owner: User,
    company: Company,
    role_title: str,
    recruiter: User | None = None,
    now: dt.datetime | None = None,
    status: str = Opportunity.Status.APPLIED,
    **details,
) -> Opportunity:
    _check_owned(company, owner=owner, what="company")
    _check_arranged_by(owner=owner, arranged_by=recruiter)
    now = now or timezone.now()
    source = details.pop("source", Opportunity.Source.RECRUITER if recruiter else Opportunity.Source.DIRECT)
    opportunity = Opportunity(
        owner=owner,
        company=company,
        role_title=role_title.strip(),
        source=source,
        recruiter=recruiter,
        status=status,
        status_changed_at=now,
        created_at=now,
        **details,
    )
    opportunity.full_clean(exclude=CHECKED_BY_HAND, validate_constraints=False)
    opportunity.save()
    OpportunityStatusChange.objects.create(
        opportunity=opportunity, from_status="", to_status=opportunity.status, changed_at=now
    )
    return opportunity


def _opportunity_get_or_create(
    *, owner: User, company: Company, role_title: str, recruiter: User | None = None
) -> Opportunity:
    """An open opportunity for that role at that company (title case ignored), or a new one."""
    _check_owned(company, owner=owner, what="company")
    existing = (
        Opportunity.objects.filter(
            owner=owner, company=company, role_title__iexact=role_title.strip(), status__in=Opportunity.OPEN_STATUSES
        )
        .order_by("-created_at")
        .first()
    )
    return existing or _opportunity_create(owner=owner, company=company, role_title=role_title, recruiter=recruiter)


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    role_title: str,
    job_description: str = "",
    job_link: str = "",
    source: str = Opportunity.Source.DIRECT,
    recruiter: User | None = None,
    agency_name: str = "",
    agency_contact_name: str = "",
    agency_contact_email: str = "",
) -> Opportunity:
    owner = opportunity.owner
    _check_arranged_by(owner=owner, arranged_by=recruiter)
    if source != Opportunity.Source.RECRUITER:
        recruiter = None
    if source != Opportunity.Source.AGENCY:
        agency_name = agency_contact_name = agency_contact_email = ""
    opportunity.role_title = role_title.strip()
    opportunity.job_description = job_description
    opportunity.job_link = job_link
    opportunity.source = source
    opportunity.recruiter = recruiter
    opportunity.agency_name = agency_name.strip()
    opportunity.agency_contact_name = agency_contact_name.strip()
    opportunity.agency_contact_email = agency_contact_email.strip()
    opportunity.full_clean()
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_set_status(*, opportunity: Opportunity, status: str, now: dt.datetime | None = None) -> bool:
    """Moves the opportunity along its pipeline, records the change and tells follow-up (opportunity_status_changed:
    follow-up brings each of its interviews up to date). Returns whether it moved; setting the same status is a
    no-op. `opportunity` is updated in place."""
    return _opportunity_move(opportunity=opportunity, status=status, now=now)


def _opportunity_move(*, opportunity: Opportunity, status: str, now: dt.datetime | None = None) -> bool:
    if status not in Opportunity.Status.values:
        raise ValidationError({"status": "Choose one of the listed statuses."})
    # Locked so two tabs changing the status at once record two consecutive changes, not two from the same state.
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    old_status = locked.status
    if old_status == status:
        return False
    now = now or timezone.now()
    locked.status = status
    locked.status_changed_at = now
    locked.save(update_fields=["status", "status_changed_at"])
    OpportunityStatusChange.objects.create(opportunity=locked, from_status=old_status, to_status=status, changed_at=now)
    opportunity_status_changed.send(sender=Opportunity, opportunity=locked, old_status=old_status, new_status=status)
    opportunity.status, opportunity.status_changed_at = locked.status, locked.status_changed_at
    return True


# --- Interviews ------------------------------------------------------------------------------------------------


def interview_log(
    *,
    owner: User,
    opportunity: Opportunity | None = None,
    company: Company | None = None,
    new_company_name: str = "",
    role_title: str = "",
    submission_token: uuid.UUID | None = None,
    **fields,
) -> tuple[Interview, bool]:
    """Records an interview, creating its company and role on the way when they are new.

    Returns (interview, created). A submission token already used by this owner returns the interview it made:
    a double-clicked submit or a re-sent form records one interview, not two.
    """
    if submission_token is not None:
        existing = Interview.objects.filter(owner=owner, submission_token=submission_token).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            if opportunity is None:
                _check_owned(company, owner=owner, what="company")
                if company is None:
                    company = company_get_or_create(owner=owner, name=new_company_name)
                opportunity = _opportunity_get_or_create(
                    owner=owner, company=company, role_title=role_title, recruiter=fields.get("arranged_by")
                )
            interview = _interview_create(
                owner=owner, opportunity=opportunity, submission_token=submission_token, **fields
            )
    except IntegrityError:
        # The same token arrived twice at once: the unique constraint let the first one through.
        if submission_token is not None:
            existing = Interview.objects.filter(owner=owner, submission_token=submission_token).first()
            if existing is not None:
                return existing, False
        raise
    return interview, True


def _interview_create(
    *, owner: User, opportunity: Opportunity, submission_token: uuid.UUID | None = None, **fields
) -> Interview:
    _check_owned(opportunity, owner=owner, what="opportunity")
    _check_arranged_by(owner=owner, arranged_by=fields.get("arranged_by"))
    unknown = set(fields) - set(INTERVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Unknown interview fields: {sorted(unknown)}")
    fields.setdefault("time_zone", owner.time_zone)  # typed in the candidate's own zone unless said otherwise
    interview = Interview(owner=owner, opportunity=opportunity, submission_token=submission_token, **fields)
    interview.full_clean(exclude=CHECKED_BY_HAND, validate_constraints=False)
    if opportunity.status in (Opportunity.Status.WISHLIST, Opportunity.Status.APPLIED):
        # Before the interview exists: the status change tells follow-up about the opportunity's other interviews,
        # and follow-up hears of this one once, below.
        _opportunity_move(opportunity=opportunity, status=Opportunity.Status.INTERVIEWING)
    interview.save()
    interview_changed.send(sender=Interview, interview=interview)
    return interview


@transaction.atomic
@transaction.atomic
def next_round_log(
    *,
    interview: Interview,
    starts_at: dt.datetime,
    time_zone: str,
    duration_minutes: int,
    format: str,
    people: list[Person] | None = None,
) -> Interview:
    """After a "next round" outcome: the next interview of the same opportunity, labelled with the round after the
    latest one (a new round, so meeting 1), with the people chosen (the last round's, unless some were left out),
    logged like any interview (so follow-up hears of it, and its notes and reminders follow)."""
    latest = latest_round(opportunity=interview.opportunity) or interview
    new, _ = interview_log(
        owner=interview.owner,
        opportunity=interview.opportunity,
        round=round_after(latest.round),
        round_number=1,
        starts_at=starts_at,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        format=format,
        location=latest.location,
        arranged_by=latest.arranged_by,
        agency_name=latest.agency_name,
        is_private=latest.is_private,
    )
    parts = {row.person_id: row.part for row in InterviewPerson.objects.filter(interview=latest)}
    chosen = people if people is not None else [row.person for row in InterviewPerson.objects.filter(interview=latest)]
    if chosen:
        interview_set_people(interview=new, people=[PersonMet(person=p, part=parts.get(p.pk, "")) for p in chosen])
    return new


def interview_update(
    *, interview: Interview, opportunity: Opportunity | None = None, now: dt.datetime | None = None, **fields
) -> Interview:
    """Edits an interview; a new time (or zone) is a move, kept in its history (interview_reschedule). Follow-up
    hears of it so its due times follow."""
    owner = interview.owner
    moved_from = (interview.starts_at, interview.time_zone, interview.state)
    if opportunity is not None:
        _check_owned(opportunity, owner=owner, what="opportunity")
        if opportunity.company_id != interview.opportunity.company_id and interview.participants.exists():
            raise ValidationError(
                {"opportunity": "The people met belong to the other company; remove them before moving the interview."}
            )
        interview.opportunity = opportunity
    _check_arranged_by(owner=owner, arranged_by=fields.get("arranged_by"))
    for name, value in fields.items():
        if name not in INTERVIEW_FIELDS:
            raise TypeError(f"Unknown interview field: {name}")
        setattr(interview, name, value)
    interview.full_clean(exclude=CHECKED_BY_HAND, validate_constraints=False)
    if (interview.starts_at, interview.time_zone) != moved_from[:2]:
        _record_move(interview=interview, moved_from=moved_from, reason="", now=now)
    interview.save()
    interview_changed.send(sender=Interview, interview=interview)
    return interview


def _record_move(*, interview: Interview, moved_from: tuple, reason: str, now: dt.datetime | None) -> None:
    """Keeps the move in the interview's history and makes it a scheduled interview again (a postponed or
    cancelled one that gets a new time is on again)."""
    now = now or timezone.now()
    old_starts_at, old_zone, _old_state = moved_from
    InterviewChange.objects.create(
        interview=interview,
        kind=InterviewChange.Kind.RESCHEDULED,
        from_starts_at=old_starts_at,
        from_time_zone=old_zone,
        to_starts_at=interview.starts_at,
        to_time_zone=interview.time_zone,
        reason=reason.strip()[:SHORT_TEXT_MAX],
        changed_at=now,
    )
    interview.state = Interview.State.SCHEDULED
    interview.cancelled_by = ""
    interview.state_reason = reason.strip()[:SHORT_TEXT_MAX]
    interview.state_changed_at = now


@transaction.atomic
def interview_reschedule(
    *,
    interview: Interview,
    starts_at: dt.datetime,
    time_zone: str,
    duration_minutes: int | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Interview:
    """Moves an interview to a new time (a postponed or cancelled one gets its new date): the move is kept in its
    history (old → new, when), and follow-up moves its reminders and calendar events with it."""
    _interview_lock(interview=interview)
    moved_from = (interview.starts_at, interview.time_zone, interview.state)
    interview.starts_at, interview.time_zone = starts_at, time_zone
    if duration_minutes is not None:
        interview.duration_minutes = duration_minutes
    interview.full_clean(exclude=CHECKED_BY_HAND, validate_constraints=False)
    _record_move(interview=interview, moved_from=moved_from, reason=reason, now=now)
    interview.save()
    interview_changed.send(sender=Interview, interview=interview)
    return interview


# What a person says happened to an interview that will not take place at its time.
CALL_OFF = {
    "cancelled_by_them": (Interview.State.CANCELLED, Interview.CancelledBy.THEM),
    "cancelled_by_me": (Interview.State.CANCELLED, Interview.CancelledBy.ME),
    "postponed": (Interview.State.POSTPONED, ""),
}


@transaction.atomic
def interview_call_off(
    *, interview: Interview, what: str, reason: str = "", now: dt.datetime | None = None
) -> Interview:
    """Cancels an interview (by them or by me) or postpones it (it waits for a new date: interview_reschedule gives
    it one). Nothing is deleted: the interview stays, with its history; follow-up cancels its reminders and keeps
    its calendar events as cancelled."""
    if what not in CALL_OFF:
        raise ValidationError({"what": "Choose what happened to the interview."})
    state, cancelled_by = CALL_OFF[what]
    _interview_lock(interview=interview)
    now = now or timezone.now()
    reason = reason.strip()
    if len(reason) > SHORT_TEXT_MAX:
        raise ValidationError({"reason": f"Keep the reason to {SHORT_TEXT_MAX} characters."})
    InterviewChange.objects.create(
        interview=interview,
        kind=InterviewChange.Kind.CANCELLED if state == Interview.State.CANCELLED else InterviewChange.Kind.POSTPONED,
        from_starts_at=interview.starts_at,
        from_time_zone=interview.time_zone,
        cancelled_by=cancelled_by,
        reason=reason,
        changed_at=now,
    )
    interview.state, interview.cancelled_by, interview.state_reason = state, cancelled_by, reason
    interview.state_changed_at = now
    interview.save(update_fields=["state", "cancelled_by", "state_reason", "state_changed_at", "updated_at"])
    interview_changed.send(sender=Interview, interview=interview)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    """Deletes the interview with its debrief, people met and questions (the people themselves stay)."""
    interview.delete()


@transaction.atomic
def interview_set_people(*, interview: Interview, people: list[PersonMet]) -> list[InterviewPerson]:
    """Makes the interview's people met exactly `people`, in that order. A new name that matches someone already
    known at the company (case ignored) is that person; existing rows are kept so what hangs off them survives."""
    _interview_lock(interview=interview)
    rows = _interview_set_people(interview=interview, people=people)
    interview_changed.send(sender=Interview, interview=interview)
    return rows


def _interview_lock(*, interview: Interview) -> None:
    """Row-locks the interview for the rest of the transaction. A quick save on the phone and a full save on the
    laptop at the same moment then run one after the other, instead of both creating the one debrief or the same
    person-met row and one of them failing on the unique constraint."""
    Interview.objects.select_for_update().filter(pk=interview.pk).values_list("pk", flat=True).first()


def _interview_set_people(*, interview: Interview, people: list[PersonMet]) -> list[InterviewPerson]:
    owner_id = interview.owner_id
    company_id = interview.opportunity.company_id
    known = {p.pk: p for p in Person.objects.filter(owner_id=owner_id, company_id=company_id)}
    by_name = {}
    for p in sorted(known.values(), key=lambda p: p.pk):
        by_name.setdefault(p.name.casefold(), p)

    wanted: list[tuple[Person, str]] = []
    seen: set[int] = set()
    for entry in people:
        person = entry.person
        if person is not None:
            if person.pk not in known:
                raise ValidationError("That person is not someone you met at this company.", code="not_owned")
            person = known[person.pk]
            if entry.title.strip() and not person.title:
                person.title = entry.title.strip()[:SHORT_TEXT_MAX]
                person.save(update_fields=["title"])
        else:
            name = entry.name.strip()
            if not name:
                continue
            person = by_name.get(name.casefold())
            if person is None:
                person = Person(owner_id=owner_id, company_id=company_id, name=name, title=entry.title.strip())
                person.full_clean()
                person.save()
                known[person.pk] = person
                by_name[name.casefold()] = person
        if person.pk in seen:
            continue
        seen.add(person.pk)
        wanted.append((person, entry.part.strip()))

    current = {row.person_id: row for row in InterviewPerson.objects.filter(interview=interview)}
    InterviewPerson.objects.filter(interview=interview).exclude(person_id__in=seen).delete()
    result = []
    for position, (person, part) in enumerate(wanted):
        row = current.get(person.pk)
        if row is None:
            row = InterviewPerson(interview=interview, person=person)
        row.part, row.position = part[:SHORT_TEXT_MAX], position
        row.save()
        result.append(row)
    return result


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str,
    title: str = "",
    responsibilities: str = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
) -> Person:
    person.name, person.title, person.responsibilities = name.strip(), title.strip(), responsibilities
    person.email, person.phone, person.notes = email, phone.strip(), notes
    person.full_clean()
    person.save()
    for participation in person.participations.select_related("interview"):
        interview_changed.send(sender=Interview, interview=participation.interview)
    return person


def _interview_set_questions(*, interview: Interview, questions: list[QuestionAsked]) -> list[Question]:
    own = {q.pk: q for q in Question.objects.filter(interview=interview)}
    company_people = set(
        Person.objects.filter(owner_id=interview.owner_id, company_id=interview.opportunity.company_id).values_list(
            "pk", flat=True
        )
    )
    kept: list[Question] = []
    groups = question_group_keys(
        owner_id=interview.owner_id, interview_id=interview.pk, texts=[entry.text.strip() for entry in questions]
    )
    for position, entry in enumerate(questions):
        if entry.question is not None and entry.question.pk not in own:
            raise ValidationError("That question belongs to another interview.", code="not_owned")
        if entry.asked_by is not None and entry.asked_by.pk not in company_people:
            raise ValidationError("That person is not someone you met at this company.", code="not_owned")
        question = own.get(entry.question.pk) if entry.question is not None else Question(interview=interview)
        question.text = entry.text.strip()
        question.normalized_text = question_text_normalize(text=question.text)
        question.group_key = groups.get(question.normalized_text, question.normalized_text)
        question.asked_by = entry.asked_by
        question.answer_summary = entry.answer_summary
        question.self_score = entry.self_score
        question.topic = entry.topic.strip()
        question.position = position
        question.full_clean()
        question.save()
        kept.append(question)
    Question.objects.filter(interview=interview).exclude(pk__in=[q.pk for q in kept]).delete()
    return kept


def _interview_set_learning(*, interview: Interview, items: list[str]) -> None:
    """The interview's open learning items become `items`; ones already ticked off stay as a record."""
    existing = {item.text.casefold(): item for item in LearningItem.objects.filter(interview=interview)}
    keep: list[int] = []
    for text in items:
        text = text.strip()[:SHORT_TEXT_MAX]
        if not text:
            continue
        item = existing.get(text.casefold())
        if item is None:
            item = LearningItem.objects.create(owner_id=interview.owner_id, interview=interview, text=text)
            existing[text.casefold()] = item
        keep.append(item.pk)
    LearningItem.objects.filter(interview=interview, done=False).exclude(pk__in=keep).delete()


# --- Debriefs --------------------------------------------------------------------------------------------------


class DebriefChangedElsewhere(Exception):
    """The form was shown before the same answers were saved differently elsewhere (another tab, or a laptop while
    the phone kept its text offline). Nothing is saved: `conflicts` are the parts changed in both places, which the
    person must decide; `keep_current` are parts changed only elsewhere, which a save from this form leaves alone."""

    def __init__(self, *, conflicts: set[str], keep_current: set[str]):
        super().__init__(f"Changed elsewhere meanwhile: {sorted(conflicts)}")
        self.conflicts = conflicts
        self.keep_current = keep_current


def _debrief_merge(
    *, interview: Interview, base: dict[str, str], values: dict, people, questions, learning
) -> tuple[set[str], set[str]]:
    """(conflicts, keep_current): each part the form sends, against what the form was shown and what is saved."""
    posted = debrief_part_values(
        values=values,
        people=None if people is None else [(p.person.name if p.person else p.name, p.part) for p in people],
        questions=None
        if questions is None
        else [
            (q.text.strip(), q.answer_summary, q.self_score, q.topic.strip(), q.asked_by.pk if q.asked_by else None)
            for q in questions
        ],
        learning=learning,
    )
    current = debrief_current_parts(interview=interview)
    conflicts, keep_current = set(), set()
    for name, value in posted.items():
        shown, now, sent = base.get(name), fingerprint(current[name]), fingerprint(value)
        if shown is None or shown == now or sent == now:
            continue  # not changed elsewhere since the page was shown, or changed to the very same thing
        if sent == shown:
            keep_current.add(name)  # changed elsewhere only: this form did not touch it
        else:
            conflicts.add(name)
    return conflicts, keep_current


@transaction.atomic
def debrief_save(
    *,
    interview: Interview,
    values: dict,
    people: list[PersonMet] | None = None,
    questions: list[QuestionAsked] | None = None,
    learning: list[str] | None = None,
    complete: bool = False,
    base: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Debrief:
    """Saves what was typed of the debrief (quick or full) in one go: all of it or, on any error, none of it.

    A new debrief is a draft; `complete=True` marks it complete. Saving again never turns a complete one back into
    a draft. People, questions and learning items are replaced only when passed.

    `base` is what the form was shown (selectors.debrief_fingerprints): a part changed elsewhere since then is
    left as saved there when this form did not touch it, and raises DebriefChangedElsewhere when it did.
    """
    unknown = set(values) - set(DEBRIEF_FIELDS)
    if unknown:
        raise TypeError(f"Unknown debrief fields: {sorted(unknown)}")
    now = now or timezone.now()
    if "hear_back_date" in values:
        try:
            hear_back_date_check(interview=interview, hear_back_date=values["hear_back_date"])
        except ValidationError as error:
            raise ValidationError({"hear_back_date": error.messages}) from error
    _interview_lock(interview=interview)
    if base is not None:
        # Compared under the interview's row lock: a save elsewhere cannot slip in between the check and the write.
        conflicts, keep_current = _debrief_merge(
            interview=interview, base=base, values=values, people=people, questions=questions, learning=learning
        )
        if conflicts:
            raise DebriefChangedElsewhere(conflicts=conflicts, keep_current=keep_current)
        values = {name: value for name, value in values.items() if name not in keep_current}
        people = None if "people" in keep_current else people
        questions = None if "questions" in keep_current else questions
        learning = None if "learning" in keep_current else learning
    debrief = Debrief.objects.filter(interview=interview).first() or Debrief(interview=interview, created_at=now)
    for name, value in values.items():
        if name in ("went_well", "to_improve"):
            value = [str(item).strip() for item in (value or []) if str(item).strip()]
        setattr(debrief, name, value)
    just_completed = complete and debrief.state != Debrief.State.COMPLETE
    if just_completed:
        debrief.state = Debrief.State.COMPLETE
        debrief.completed_at = now
    debrief.full_clean(exclude=["interview"], validate_constraints=False)
    debrief.save()
    if people is not None:
        _interview_set_people(interview=interview, people=people)
    if questions is not None:
        _interview_set_questions(interview=interview, questions=questions)
    if learning is not None:
        _interview_set_learning(interview=interview, items=learning)
    interview_changed.send(sender=Interview, interview=interview)
    if just_completed and interview.arranged_by_id:
        # After the commit and outside it: a slow mail server never holds the interview's row lock, and a save
        # that rolls back tells nobody.
        transaction.on_commit(lambda: _tell_arranging_recruiter(debrief_id=debrief.pk))
    return debrief


def _tell_arranging_recruiter(*, debrief_id: int) -> bool:
    """Emails the recruiter who arranged the interview that its debrief is complete, if they still may see the
    interview (a private interview or an ended link tells them nothing) and have not turned these emails off."""
    debrief = (
        Debrief.objects.select_related("interview__owner", "interview__opportunity__company", "interview__arranged_by")
        .filter(pk=debrief_id)
        .first()
    )
    recruiter = debrief.interview.arranged_by if debrief is not None else None
    if recruiter is None or not recruiter.is_active or not recruiter.is_recruiter:
        return False
    if not interviews_in_full_to(user=recruiter).filter(pk=debrief.interview_id).exists():
        return False
    if not settings_of(NotificationSettings, user=recruiter).email_on_debrief_complete:
        return False
    return email_send(emails.recruiter_debrief_done_message(debrief=debrief), what="debrief complete", pk=debrief_id)


def debrief_note_add(*, debrief: Debrief, author: User, text: str, now: dt.datetime | None = None) -> DebriefNote:
    """A linked recruiter's note on a debrief they may see; the candidate is emailed after the commit unless they
    turned that off. Raises ValidationError for an empty or too long text and PermissionError for a
    debrief the author may not see."""
    if not author.is_recruiter or not interviews_in_full_to(user=author).filter(pk=debrief.interview_id).exists():
        raise PermissionError("Only a linked recruiter can leave a note on this debrief.")
    note = DebriefNote(
        debrief=debrief, author=author, text=text.replace("\r\n", "\n").strip(), created_at=now or timezone.now()
    )
    if not note.text:
        raise ValidationError({"text": "Write something before saving the note."})
    note.full_clean()
    with transaction.atomic():
        note.save()
        transaction.on_commit(lambda: _tell_candidate_of_note(note_id=note.pk))
    return note


def _tell_candidate_of_note(*, note_id: int) -> bool:
    note = (
        DebriefNote.objects.select_related(
            "author", "debrief__interview__owner", "debrief__interview__opportunity__company"
        )
        .filter(pk=note_id)
        .first()
    )
    if note is None:
        return False
    candidate = note.debrief.interview.owner
    if not candidate.is_active or not settings_of(NotificationSettings, user=candidate).email_on_recruiter_note:
        return False
    return email_send(emails.recruiter_note_message(note=note), what="recruiter note", pk=note_id)


def notification_settings_update(*, user: User, **choices: bool) -> NotificationSettings:
    """Sets the given email choices (email_on_recruiter_note, email_on_debrief_complete, check_in_after_interview);
    the others stay."""
    unknown = set(choices) - {"email_on_recruiter_note", "email_on_debrief_complete", "check_in_after_interview"}
    if unknown:
        raise TypeError(f"Unknown notification settings: {sorted(unknown)}")
    settings_row, _ = NotificationSettings.objects.update_or_create(user=user, defaults=choices)
    return settings_row


@transaction.atomic
def debrief_reopen(*, debrief: Debrief) -> Debrief:
    """Back to draft, for a debrief marked complete too early."""
    debrief.state = Debrief.State.DRAFT
    debrief.completed_at = None
    debrief.save(update_fields=["state", "completed_at", "updated_at"])
    interview_changed.send(sender=Interview, interview=debrief.interview)
    return debrief


@transaction.atomic
def learning_item_set_done(*, item: LearningItem, done: bool, now: dt.datetime | None = None) -> LearningItem:
    item.done = done
    item.done_at = (now or timezone.now()) if done else None
    item.save(update_fields=["done", "done_at"])
    return item


# --- Prepare for the next round ---------------------------------------------------------------------------------

STATED_TERMS_FIELDS = (
    "salary_amount",
    "salary_currency",
    "salary_period",
    "salary_note",
    "notice_amount",
    "notice_unit",
    "earliest_start",
    "relocation",
    "other_processes_count",
    "other_processes",
)
# An earliest start is a date near the interview: not before it, not more than two years after it.
EARLIEST_START_MAX_DAYS = 2 * 366


def earliest_start_check(*, interview: Interview, earliest_start: dt.date | None) -> None:
    if earliest_start is not None:
        interview_day = timezone.localtime(interview.starts_at, interview.owner.zone).date()
        _check_near(
            earliest_start, interview_day, what="earliest start", max_days=EARLIEST_START_MAX_DAYS, within="two years"
        )


@transaction.atomic
def stated_terms_save(*, interview: Interview, recorded_by: User, values: dict) -> StatedTerms:
    """Records what was stated at an interview (PRODUCT.md D8), all values at once: by the interview's owner, or by a
    linked recruiter to whom it is shared in full, from the debrief call (the closing risk, R2). `recorded_by` keeps
    who wrote it last, and the candidate's page says so."""
    unknown = set(values) - set(STATED_TERMS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown stated terms: {sorted(unknown)}")
    if not interviews_in_full_to(user=recorded_by).filter(pk=interview.pk).exists():
        raise PermissionError("Only the candidate, or a recruiter they share it with, records what was stated.")
    if "earliest_start" in values:
        try:
            earliest_start_check(interview=interview, earliest_start=values["earliest_start"])
        except ValidationError as error:
            raise ValidationError({"earliest_start": error.messages}) from error
    terms = StatedTerms.objects.select_for_update().filter(interview=interview).first() or StatedTerms(
        interview=interview
    )
    for name, value in values.items():
        setattr(terms, name, value.strip() if isinstance(value, str) else value)
    terms.salary_currency = terms.salary_currency.upper()
    terms.recorded_by = recorded_by
    terms.full_clean(exclude=["interview"])
    terms.save()
    return terms


@transaction.atomic
def question_practise_set(*, owner: User, questions: list[Question], practise: bool) -> int:
    """Flags (or unflags) a question of the bank to practise: every time asked that the bank shows in its group,
    so that "practise" reads the same wherever the question appears. Returns the rows changed."""
    ids = [q.pk for q in questions]
    return Question.objects.filter(pk__in=ids, interview__owner=owner).update(to_practise=practise)


@transaction.atomic
def planned_question_set_answered(
    *, debrief: Debrief, text: str, answered: bool, now: dt.datetime | None = None
) -> bool:
    """Marks a question the candidate planned to ask (a line of the debrief's questions_if_called_back) as answered
    or not. A line that is not in the debrief is refused."""
    key = planned_question_key(text)
    lines = {planned_question_key(line) for line in planned_question_lines(debrief.questions_if_called_back)}
    if not key or key not in lines:
        raise ValidationError("That question is not in the list you planned to ask.", code="not_planned")
    marks = PlannedQuestionAnswered.objects.filter(debrief=debrief, normalized_text=key)
    if not answered:
        # Still to ask, whichever round's debrief planned it: the prep sheet shows the question once.
        PlannedQuestionAnswered.objects.filter(
            debrief__interview__opportunity_id=debrief.interview.opportunity_id, normalized_text=key
        ).delete()
        return False
    if not marks.exists():
        try:
            with transaction.atomic():
                PlannedQuestionAnswered.objects.create(
                    debrief=debrief, normalized_text=key, answered_at=now or timezone.now()
                )
        except IntegrityError:
            pass  # marked in another tab at the same moment: it is answered either way
    return True


# --- Client feedback (PRODUCT.md R6) --------------------------------------------------------------------------------


def client_feedback_save(
    *, interview: Interview, recorded_by: User, decision: str, score: int | None, feedback: str, now=None
) -> ClientFeedback:
    """A linked recruiter records the client's decision, score and feedback on one interview shared with them in
    full. Raises PermissionError for anyone else, ValidationError (by field) for bad values, saving nothing."""
    if not recorded_by.is_recruiter or not interviews_in_full_to(user=recorded_by).filter(pk=interview.pk).exists():
        raise PermissionError("Only a recruiter the interview is shared with records the client's feedback.")
    row = ClientFeedback.objects.filter(interview=interview).first() or ClientFeedback(interview=interview)
    row.decision, row.score, row.feedback = decision, score, feedback.replace("\r\n", "\n").strip()
    row.recorded_by, row.recorded_at = recorded_by, now or timezone.now()
    row.full_clean(exclude=["interview"])
    row.save()
    return row


def learning_item_from_feedback(*, owner: User, feedback: ClientFeedback, line: int) -> tuple[LearningItem, bool]:
    """The candidate turns one line of the client's feedback into a learning item of that interview (once: the
    same line again returns the item made before). Raises ValidationError for a line that is not there."""
    if feedback.interview.owner_id != owner.pk:
        raise PermissionError("Only the candidate adds to their learning list.")
    lines = feedback.lines()
    if not 0 <= line < len(lines):
        raise ValidationError("That line of the feedback is not there any more.")
    text = lines[line][:SHORT_TEXT_MAX]
    return LearningItem.objects.get_or_create(owner=owner, interview=feedback.interview, text=text)
