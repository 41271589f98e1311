import datetime as dt

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from interviews.models import Interview
from interviews.signals import interview_changed
from tests.factories import DebriefFactory, InterviewFactory, InterviewPersonFactory


def interview_ended(
    owner,
    *,
    ends_at: dt.datetime,
    people=("Ada Lovelace",),
    company: str = "Acme Analytics",
    debrief: dict | None = None,
    minutes: int = 60,
    **extra,
) -> Interview:
    """An interview of `owner` that ended at `ends_at`, the people met, a recorded debrief (unless debrief={}
    is replaced by None), and the interview_changed signal the capture services send after saving."""
    interview = InterviewFactory(
        opportunity__company__owner=owner,
        opportunity__company__name=company,
        starts_at=ends_at - dt.timedelta(minutes=minutes),
        duration_minutes=minutes,
        **extra,
    )
    for name in people:
        InterviewPersonFactory(interview=interview, person__name=name)
    if debrief is not None:
        DebriefFactory(interview=interview, **({"went_well": ["We agreed on the team's priorities"]} | debrief))
    interview_changed.send(sender=Interview, interview=interview)
    return interview


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down: every send raises, like a refused connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def smtp_down(settings):
    def down(is_down: bool = True):
        settings.EMAIL_BACKEND = (
            "tests.followups.conftest.RefusingBackend" if is_down else "django.core.mail.backends.locmem.EmailBackend"
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
