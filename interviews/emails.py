"""Recruiter emails: a linked recruiter's note to the candidate, a completed debrief to the recruiter who arranged
the interview. Each is a subject, a text body and an HTML body rendered by one helper, times in the reader's zone.
"""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accounts.emails import UnsubscribeLinks, absolute_url, automatic_headers, email_message

from .models import Debrief, DebriefNote, NotificationSettings

# Which choice of NotificationSettings each email's one-click unsubscribe turns off.
CHOICES = ("email_on_recruiter_note", "email_on_debrief_complete")
UNSUBSCRIBE = UnsubscribeLinks(salt="interviews.recruiter-email-unsubscribe", key="c", choices=CHOICES)
unsubscribe_token_read = UNSUBSCRIBE.read


def unsubscribe_token(*, user_id: int, choice: str) -> str:
    return UNSUBSCRIBE.token(user_id=user_id, choice=choice)


def _list_headers(*, user_id: int, choice: str) -> tuple[dict[str, str], str]:
    """The headers of a recruiter email (automatic, with a one-click unsubscribe) and the link in them."""
    url = absolute_url(
        reverse("interviews:notification_unsubscribe", args=[unsubscribe_token(user_id=user_id, choice=choice)])
    )
    return automatic_headers(unsubscribe_url=url), url


def choice_label(choice: str) -> str:
    return str(NotificationSettings._meta.get_field(choice).verbose_name)


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
    headers, context["unsubscribe_url"] = _list_headers(user_id=interview.owner_id, choice="email_on_recruiter_note")
    return email_message("emails/recruiter_note", context, to=interview.owner.email, headers=headers)


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
    headers, context["unsubscribe_url"] = _list_headers(user_id=recruiter.pk, choice="email_on_debrief_complete")
    return email_message("emails/recruiter_debrief_done", context, to=recruiter.email, headers=headers)
