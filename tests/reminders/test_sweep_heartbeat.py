"""The sweep's heartbeat: one row, written once per run of the Celery task (and of the management command)."""

import pytest
from django.core.management import call_command

from followups.tasks import send_due_reminders
from reminders.models import SweepRun
from tests.urlwalk import writes_recorded

pytestmark = pytest.mark.django_db


def test_each_run_of_the_task_updates_the_one_row_with_one_write(time_machine):
    time_machine.move_to("2026-12-01 10:00:00Z", tick=False)
    send_due_reminders.delay()
    first = SweepRun.objects.get()

    time_machine.move_to("2026-12-01 10:01:00Z", tick=False)
    with writes_recorded() as writes:
        send_due_reminders.delay()

    assert [table for table, _ in writes] == ["followups_sweeprun"]  # nothing was due: the heartbeat alone
    last = SweepRun.objects.get()
    assert (last.finished_at - first.finished_at).total_seconds() == 60
    assert last.counts == {"claimed": 0, "batches": 0}  # the beat task claims and hands batches on


def test_the_management_command_records_its_run_too():
    call_command("send_due_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SweepRun.objects.count() == 1
