from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. For your safety, sign-in is paused for this account; "
            "try again in 15 minutes, or reset your password."
        ),
    }

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL

    def build_absolute_uri(self, request, location, **kwargs):
        # Links in emails point at SITE_URL, whatever host the request (or a Celery task) came from.
        if location.startswith(("http://", "https://")):
            return location
        return settings.SITE_URL + location
