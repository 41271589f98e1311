"""The one way Debrief renders its own mail (allauth renders its own): each message is a subject, a text body and
an HTML body. Capture and follow-up import these helpers from here, the app at the bottom of the dependencies."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def one_line(text: str) -> str:
    """Collapses every run of whitespace, newlines included, so user text cannot add a mail header."""
    return " ".join(str(text).split())


def absolute_url(path: str) -> str:
    # Links in mail point at SITE_URL, whatever host the request (or a Celery task) came from.
    return settings.SITE_URL + path


def render_email(template_prefix: str, context: dict, *, subject_prefix: str = "") -> tuple[str, str, str]:
    """(subject, text body, HTML body) from `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html`."""
    subject = one_line(subject_prefix + render_to_string(f"{template_prefix}_subject.txt", context))
    text = render_to_string(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    return subject, text, html


def send_link_invitation_email(*, invitation, token: str) -> None:
    inviter = invitation.inviter
    context = {
        "inviter_name": one_line(inviter.name),
        "inviter_email": inviter.email,
        "inviter_is_recruiter": inviter.is_recruiter,
        "accept_url": absolute_url(reverse("accounts:link_invitation_accept", kwargs={"token": token})),
        "links_url": absolute_url(reverse("accounts:links")),
        "expires_at": invitation.expires_at,
    }
    subject, text, html = render_email(
        "emails/link_invitation", context, subject_prefix=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[inviter.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
