"""Recruiter emails: a linked recruiter's note to the candidate, a completed debrief to the recruiter who arranged
the interview. Each is a subject, a text body and an HTML body rendered by one helper, times in the reader's zone.
"""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accounts.emails import absolute_url, email_message

from .models import Debrief, DebriefNote

AUTOMATIC = {"Auto-Submitted": "auto-generated"}


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
        "interview_url": absolute_url(reverse("interviews:detail", args=[interview.pk]) + "#recruiter-notes"),
        "settings_url": absolute_url(reverse("interviews:notification_settings")),
    }
    return email_message("emails/recruiter_note", context, to=interview.owner.email, headers=AUTOMATIC)


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
        "interview_url": absolute_url(reverse("interviews:detail", args=[interview.pk])),
        "settings_url": absolute_url(reverse("interviews:notification_settings")),
    }
    return email_message("emails/recruiter_debrief_done", context, to=recruiter.email, headers=AUTOMATIC)
