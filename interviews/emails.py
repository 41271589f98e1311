"""Recruiter emails: a linked recruiter's note to the candidate, a completed debrief to the recruiter who arranged
the interview. Each is a subject, a text body and an HTML body rendered by one helper, times in the reader's zone.

Follow-up has the same helper (followups.emails.render_email); capture cannot import follow-up (dependencies run
accounts → interviews → followups), so this is its twin for capture's own mail.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Debrief, DebriefNote


def one_line(text: str) -> str:
    """Every run of whitespace becomes one space, so a name can never start a new header line."""
    return " ".join(str(text).split())


def render_email(template_prefix: str, context: dict) -> tuple[str, str, str]:
    """(subject, text body, HTML body) from `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html`."""
    subject = one_line(render_to_string(f"{template_prefix}_subject.txt", context))
    return (
        subject,
        render_to_string(f"{template_prefix}.txt", context),
        render_to_string(f"{template_prefix}.html", context),
    )


def _message(*, template_prefix: str, context: dict, to: str) -> EmailMultiAlternatives:
    subject, text, html = render_email(template_prefix, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def recruiter_note_message(*, note: DebriefNote) -> EmailMultiAlternatives:
    """To the candidate: a recruiter left a note on their debrief. `note` comes with its debrief, interview,
    opportunity, company, owner and author loaded."""
    interview = note.debrief.interview
    context = {
        "candidate_name": interview.owner.name,
        "recruiter_name": note.author.name,
        "company": interview.opportunity.company.name,
        "role": interview.opportunity.role_title,
        "round": interview.get_round_display(),
        "text": note.text,
        "interview_url": _absolute(reverse("interviews:detail", args=[interview.pk]) + "#recruiter-notes"),
        "settings_url": _absolute(reverse("interviews:notification_settings")),
    }
    return _message(template_prefix="emails/recruiter_note", context=context, to=interview.owner.email)


def recruiter_debrief_done_message(*, debrief: Debrief) -> EmailMultiAlternatives:
    """To the recruiter who arranged the interview: the candidate completed the debrief."""
    interview = debrief.interview
    recruiter = interview.arranged_by
    context = {
        "recruiter_name": recruiter.name,
        "candidate_name": interview.owner.name,
        "company": interview.opportunity.company.name,
        "role": interview.opportunity.role_title,
        "round": interview.get_round_display(),
        "still_interested": debrief.get_still_interested_display() if debrief.still_interested else "",
        "still_interested_why": debrief.still_interested_why,
        "interest": debrief.interest,
        "overall_rating": debrief.overall_rating,
        "interview_url": _absolute(reverse("interviews:detail", args=[interview.pk])),
        "settings_url": _absolute(reverse("interviews:notification_settings")),
    }
    return _message(template_prefix="emails/recruiter_debrief_done", context=context, to=recruiter.email)
