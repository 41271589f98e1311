from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from .emails import absolute_url


class AccountAdapter(DefaultAccountAdapter):
    """allauth, the Debrief way. Its emails name the site from the Sites framework (set from SITE_URL) and every
    link in them is built on SITE_URL: allauth would build them from the request's Host, which can be any name the
    site answers to (a proxy's, 127.0.0.1), and is not the address the reader should follow."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. For your safety, sign-in is paused for this account; "
            "try again in 15 minutes, or reset your password."
        ),
    }

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email):
        context = {
            "signup_url": absolute_url(reverse("account_signup")),
            "password_reset_url": absolute_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)
