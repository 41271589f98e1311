"""Two sweeps at once, in two processes, over the same 200 due reminders: each is sent exactly once."""

import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest
import time_machine
from django.conf import settings

from reminders.models import Reminder
from tests.processes import clean_env, shared_database_url, stop
from tests.world import interview_ended

UTC = dt.UTC
ENDS = dt.datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
SWEEP_AT = dt.datetime(2026, 6, 10, 19, 30, tzinfo=UTC)  # after the window closed: one "passed" reminder each

SWEEP_SCRIPT = textwrap.dedent(
    """
    import datetime as dt, json, pathlib, sys, time
    import django
    django.setup()
    from django.core import mail
    from django.core.mail.backends import locmem
    from followups.tasks import reminders_send_due

    # Each message takes a few milliseconds, as it does at a mail server (real ones take 100 ms and more): without
    # it one process could send all 200 before the other is scheduled on a busy machine, and nothing would race.
    send_now = locmem.EmailBackend.send_messages

    def send_in_a_while(self, messages):
        time.sleep(0.01)
        return send_now(self, messages)

    locmem.EmailBackend.send_messages = send_in_a_while

    go_file, now = pathlib.Path(sys.argv[1]), dt.datetime.fromisoformat(sys.argv[2])
    mail.outbox = []
    print("ready", flush=True)
    while not go_file.exists():  # both processes start sweeping at the same instant
        time.sleep(0.005)
    counts = reminders_send_due(now=now, limit=1000)
    print(json.dumps({"counts": counts, "subjects": [m.subject for m in mail.outbox]}))
    """
)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_in_two_processes_send_each_of_200_reminders_exactly_once(owner, tmp_path):
    database_url = shared_database_url()
    with time_machine.travel(ENDS, tick=False):
        for i in range(200):
            interview_ended(owner, ends_at=ENDS, company=f"Company {i:03d}", people=["Ada Lovelace"], debrief={})
    assert Reminder.objects.filter(kind=Reminder.Kind.THANKS_PASSED, state="scheduled").count() == 200

    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database_url)
    go_file = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SWEEP_SCRIPT, str(go_file), SWEEP_AT.isoformat()],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    results = []
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        go_file.touch()
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for process in processes:
            stop(process)

    subjects = [subject for result in results for subject in result["subjects"]]
    assert len(subjects) == 200
    assert len(set(subjects)) == 200
    assert all(result["subjects"] for result in results), "both sweeps should have taken part"
    sent = Reminder.objects.filter(kind=Reminder.Kind.THANKS_PASSED)
    assert sent.filter(state=Reminder.State.SENT).count() == 200
    assert set(sent.values_list("attempts", flat=True)) == {1}
