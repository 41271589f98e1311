import time
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
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
        # The per-address limit (ACCOUNT_RATE_LIMITS "login_failed" per ip) paused it, not this account's: others
        # on one network (an office, a phone carrier) must not read that their account is under attack.
        "too_many_login_attempts_from_address": (
            "Too many failed sign-in attempts from your network address. For your safety, sign-in from your network "
            "address is paused; try again in 15 minutes."
        ),
    }

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            if self._login_limit_reached(request, key=key, per="key"):
                raise
            raise self.validation_error("too_many_login_attempts_from_address") from None

    @staticmethod
    def _login_limit_reached(request, *, key: str, per: str) -> bool:
        """Whether the "login_failed" limit counted per `per` ("ip" or "key") is used up, read as allauth reads it
        (allauth.core.internal.ratelimit) without recording a hit."""
        for rate in ratelimit.get_rates(app="allauth.account", action="login_failed"):
            if rate.per != per:
                continue
            cache_key = ratelimit.get_cache_key(
                request, app="allauth.account", action="login_failed", rate=rate, key=key
            )
            allowed, _ = ratelimit.apply_rate(list(cache.get(cache_key, [])), time.time(), rate, dry_run=True)
            if not allowed:
                return True
        return False

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
