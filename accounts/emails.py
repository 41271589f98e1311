"""The one mail helper (allauth renders its own mail): a message is a subject, a text body and an HTML body rendered
from three templates, from DEFAULT_FROM_EMAIL, and sending it logs a failure instead of raising. Accounts, capture and
follow-up build every message here, the app at the bottom of the dependencies; the reminder sweep sends its own
(reminders.sweep.BatchMailer), because a failed reminder is retried, not only logged."""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


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


def email_message(
    template_prefix: str,
    context: dict,
    *,
    to: str,
    subject_prefix: str = "",
    reply_to: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """One message to one address, rendered by render_email."""
    subject, text, html = render_email(template_prefix, context, subject_prefix=subject_prefix)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def email_send(message: EmailMultiAlternatives, *, what: str, pk: int) -> bool:
    """Sends the message; a mail server that refuses or cannot be reached is logged, never raised. Returns whether
    it went. Call it after the commit, never inside a transaction: a slow server must hold no lock."""
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send the %s email for %s", what, pk)
        return False
    return True


def link_invitation_message(*, invitation, token: str) -> EmailMultiAlternatives:
    inviter = invitation.inviter
    context = {
        "inviter_name": one_line(inviter.name),
        "inviter_email": inviter.email,
        "inviter_is_recruiter": inviter.is_recruiter,
        "accept_url": absolute_url(reverse("accounts:link_invitation_accept", kwargs={"token": token})),
        "links_url": absolute_url(reverse("accounts:links")),
        "expires_at": invitation.expires_at,
    }
    return email_message(
        "emails/link_invitation",
        context,
        to=invitation.email,
        subject_prefix=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX,
        reply_to=inviter.email,
    )


def link_ended_message(*, link, expired: bool) -> EmailMultiAlternatives:
    """Tells the recruiter a candidate's link ended (revoked by the candidate, or its expiry passed), so the card
    does not just vanish from their page."""
    context = {
        "candidate_name": one_line(link.candidate.name),
        "expired": expired,
        "ended_at": link.expires_at if expired else link.revoked_at,
        "links_url": absolute_url(reverse("accounts:links")),
        "recruiter_zone": link.recruiter.time_zone,
    }
    return email_message(
        "emails/link_ended", context, to=link.recruiter.email, subject_prefix=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    )


# --- One-click unsubscribe links (RFC 8058) ---------------------------------------------------------------------

# A link found in an old email (a forwarded one, a leaked mailbox) stops working after this; the page it opens then
# says so and points to the settings (accounts.access.unsubscribe_page).
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=60)


@dataclass(frozen=True)
class UnsubscribeLinks:
    """The signed links of one kind of automatic email, each turning one of a user's choices off: a token names the
    user and the choice. `key` is the choice's name in the token, as the links already sent wrote it."""

    salt: str
    key: str
    choices: tuple[str, ...]

    def token(self, *, user_id: int, choice: str) -> str:
        return signing.dumps({"u": user_id, self.key: choice}, salt=self.salt, compress=True)

    def read(self, token: str) -> tuple[int, str]:
        """(user id, choice) from a token made by `token`; raises signing.SignatureExpired when older than
        UNSUBSCRIBE_MAX_AGE and signing.BadSignature (its parent) when altered, forged or naming no choice."""
        data = signing.loads(token, salt=self.salt, max_age=UNSUBSCRIBE_MAX_AGE)
        if not isinstance(data, dict) or data.get(self.key) not in self.choices or not isinstance(data.get("u"), int):
            raise signing.BadSignature("Unexpected payload.")
        return data["u"], data[self.key]


def automatic_headers(*, unsubscribe_url: str) -> dict[str, str]:
    """The headers of an automatic email with a one-click unsubscribe: mail apps may POST to the link (RFC 8058)."""
    return {
        "Auto-Submitted": "auto-generated",
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
