"""Reads for follow-up. Follow-up is the candidate's own: every queryset of it starts from interviews_owned_by."""

import dataclasses

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.selectors import linked_recruiters
from interviews.models import Interview, Opportunity
from interviews.selectors import interviews_owned_by

from . import composer
from .checks import Check, note_checks
from .composer import Contact
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
        draft = composer.Draft(note.subject, note.body)
        if note.channel == ThankYouNote.Channel.RECRUITER:
            forward = composer.forward_to_recruiter(
                draft=draft,
                person_name=note.person.name,
                contact=contact,
                role=opportunity.role_title,
                company=opportunity.company.name,
                sender=interview.owner.display_name,
            )
            mailto = composer.mailto(to=contact.email if contact else "", subject=forward.subject, body=forward.body)
        else:
            mailto = composer.mailto(to=note.person.email, subject=draft.subject, body=draft.body)
        checks = note_checks(
            note=note, others=notes, company_name=opportunity.company.name, through_recruiter=through, contact=contact
        )
        sendings[note.pk] = NoteSending(checks=checks, mailto=mailto, contact=contact)
    return sendings
