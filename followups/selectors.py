"""Reads for follow-up. Follow-up is the candidate's own: every queryset of it starts from interviews_owned_by."""

import dataclasses

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.selectors import linked_recruiters
from composer import drafts
from composer.checks import Check, draft_checks
from composer.drafts import Contact
from interviews.models import Interview, Opportunity
from interviews.selectors import interviews_owned_by

from .models import FollowUpPlan, Outcome, Reminder, ThankYouNote

Kind = Reminder.Kind


def with_followup_state(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    """Everything the reminder rules read, in one query: owner (zone), opportunity, debrief, plan and two flags."""
    return queryset.select_related("owner", "opportunity__company", "debrief", "follow_up_plan").annotate(
        has_unsent_notes=Exists(ThankYouNote.objects.filter(interview=OuterRef("pk"), state=ThankYouNote.State.DRAFT)),
        has_outcome=Exists(Outcome.objects.filter(interview=OuterRef("pk"))),
    )


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


def follow_up_plan_of(interview: Interview) -> FollowUpPlan | None:
    """The interview's follow-up plan, or None: the one way to ask (read with the interview by with_followup_state)."""
    try:
        return interview.follow_up_plan
    except FollowUpPlan.DoesNotExist:
        return None


def notes_for_interview(*, interview: Interview) -> list[ThankYouNote]:
    return list(interview.thank_you_notes.select_related("person").order_by("pk"))


def note_goes_through_recruiter(*, interview: Interview) -> bool:
    """A linked recruiter or an outside agency arranged the interview: the notes may go through them."""
    return bool(
        interview.arranged_by_id or interview.agency_name or interview.opportunity.source == Opportunity.Source.AGENCY
    )


def note_recruiter_contact(*, interview: Interview) -> Contact | None:
    """Whom a note "through the recruiter" is addressed to: the recruiter who arranged the interview or placed the
    opportunity, while their link with the candidate is active; else the agency contact on the opportunity."""
    opportunity = interview.opportunity
    wanted = [pk for pk in (interview.arranged_by_id, opportunity.recruiter_id) if pk]
    if wanted:
        recruiters = {r.pk: r for r in linked_recruiters(candidate=interview.owner).filter(pk__in=wanted)}
        recruiter = next((recruiters[pk] for pk in wanted if pk in recruiters), None)
        if recruiter is not None:
            return Contact(name=recruiter.name, email=recruiter.email, kind="recruiter")
    if opportunity.agency_contact_email:
        return Contact(name=opportunity.agency_contact_name, email=opportunity.agency_contact_email, kind="agency")
    return None


@dataclasses.dataclass(frozen=True)
class NoteSending:
    """What the page shows beside an unsent note: its checks, its "open in your mail app" link and, for a note
    "through the recruiter", whom that link addresses (None: no address known)."""

    checks: list[Check]
    mailto: str
    contact: Contact | None


def note_sendings(*, interview: Interview, notes: list[ThankYouNote]) -> dict[int, NoteSending]:
    """{note id: NoteSending} for the notes of one interview (`interview` with owner and opportunity__company
    loaded), each checked against the others. The recruiter contact is read once, and only when a note needs it."""
    through = note_goes_through_recruiter(interview=interview)
    wants_contact = through or any(note.channel == ThankYouNote.Channel.RECRUITER for note in notes)
    contact = note_recruiter_contact(interview=interview) if wants_contact else None
    opportunity = interview.opportunity
    sendings = {}
    for note in notes:
        draft = drafts.Draft(note.subject, note.body)
        if note.channel == ThankYouNote.Channel.RECRUITER:
            forward = drafts.forward_to_recruiter(
                draft=draft,
                person_name=note.person.name,
                contact=contact,
                role=opportunity.role_title,
                company=opportunity.company.name,
                sender=interview.owner.display_name,
            )
            mailto = drafts.mailto(to=contact.email if contact else "", subject=forward.subject, body=forward.body)
        else:
            mailto = drafts.mailto(to=note.person.email, subject=draft.subject, body=draft.body)
        checks = note_checks(
            note=note, others=notes, company_name=opportunity.company.name, through_recruiter=through, contact=contact
        )
        sendings[note.pk] = NoteSending(checks=checks, mailto=mailto, contact=contact)
    return sendings


def note_checks(
    *,
    note: ThankYouNote,
    others: list[ThankYouNote],
    company_name: str,
    through_recruiter: bool,
    contact: Contact | None = None,
) -> list[Check]:
    """The checks shown next to a thank-you note: the composer's checks of its text (composer.checks.draft_checks)
    and the warnings about where it goes. `through_recruiter`: a recruiter or an agency arranged the interview;
    `contact` is who a note "through the recruiter" is addressed to (None: no address known)."""
    checks = draft_checks(
        subject=note.subject,
        body=note.body or "",
        person_name=note.person.name,
        company_name=company_name,
        others=[(other.person.name, other.body) for other in others if other.pk != note.pk],
        tone=note.tone,
    )
    if through_recruiter:
        checks.append(
            Check(
                "recruiter",
                False,
                "A recruiter arranged this interview: check with them first. They may prefer to pass it on.",
                warning_only=True,
            )
        )
    if note.channel == ThankYouNote.Channel.EMAIL and not note.person.email:
        checks.append(
            Check(
                "address",
                False,
                f"There is no email address for {drafts.inline(note.person.name)}: add it on their page, or copy the "
                "note into your own message.",
                warning_only=True,
            )
        )
    elif note.channel == ThankYouNote.Channel.RECRUITER and contact is None:
        checks.append(
            Check(
                "address",
                False,
                "There is no address to send it through: add the agency contact's email on the opportunity, or "
                "copy the note into your own message.",
                warning_only=True,
            )
        )
    return checks
