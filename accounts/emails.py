"""The mail accounts sends itself (allauth sends its own): each is a subject, a text and an HTML body."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def one_line(text: str) -> str:
    """Collapses every run of whitespace, newlines included, so user text cannot add a mail header."""
    return " ".join(str(text).split())


def absolute_url(path: str) -> str:
    # Links in mail point at SITE_URL, whatever host the request came from.
    return settings.SITE_URL + path


def render_email(*, template_prefix: str, context: dict) -> tuple[str, str, str]:
    """Renders `<prefix>_subject.txt`, `<prefix>_body.txt` and `<prefix>_body.html` into (subject, text, html)."""
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = one_line(prefix + render_to_string(f"{template_prefix}_subject.txt", context))
    text = render_to_string(f"{template_prefix}_body.txt", context)
    html = render_to_string(f"{template_prefix}_body.html", context)
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
    subject, text, html = render_email(template_prefix="emails/link_invitation", context=context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[inviter.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
