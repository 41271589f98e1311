"""Test doubles for the delivery machine's mail: a server that is down, and one that runs a hook while it talks."""

import pytest
from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down: every send raises, like a refused connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def smtp_down(settings):
    def down(is_down: bool = True):
        settings.EMAIL_BACKEND = (
            "tests.reminders.conftest.RefusingBackend" if is_down else "django.core.mail.backends.locmem.EmailBackend"
        )

    return down


class HookBackend(BaseEmailBackend):
    """Delivers like locmem, after running `HookBackend.during_send` (something that happens while SMTP talks)."""

    during_send = None

    def send_messages(self, email_messages):
        from django.core import mail

        if HookBackend.during_send is not None:
            HookBackend.during_send()
        mail.outbox.extend(email_messages)
        return len(email_messages)
