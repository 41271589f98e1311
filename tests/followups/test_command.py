import datetime as dt
import io

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.world import interview_ended


def test_send_due_reminders_command_sends_what_is_due_and_says_so(owner):
    with time_machine.travel(timezone.now() - dt.timedelta(hours=30), tick=False):
        interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=1), debrief={})
    out = io.StringIO()

    call_command("send_due_reminders", stdout=out)
    call_command("send_due_reminders", stdout=out)

    assert out.getvalue().splitlines() == ["Reminders: 1 cancelled, 1 sent.", "Reminders: nothing due."]
    assert len(mail.outbox) == 1
