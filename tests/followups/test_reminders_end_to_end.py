"""End to end for real: Celery beat and a worker (subprocesses) on real Redis send a reminder through a real SMTP
server (aiosmtpd, run by this test) to the candidate, exactly once, with a link that works."""

import datetime as dt
import email
import json
import re
import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from reminders.models import Reminder
from tests.conftest import make_user
from tests.processes import clean_env, free_port, redis_url_answering, shared_database_url, stop
from tests.world import interview_ended

WAIT_SECONDS = 90


@pytest.fixture
def redis_url():
    return redis_url_answering()


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def body_text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


# On SQLite, pytest-django's test database lives in this process's memory, so the candidate, the interview and the
# check of the link run in small processes of their own against an SQLite file the worker can open too.
SETUP_SCRIPT = """
import datetime as dt, json
import django
django.setup()
from django.utils import timezone
from reminders.models import Reminder
from tests.conftest import make_user
from tests.world import interview_ended
owner = make_user("owner@example.com", name="Olivia Owner")
interview = interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=25), debrief={})
kinds = list(Reminder.objects.filter(state="scheduled").values_list("kind", flat=True))
print(json.dumps({"interview": interview.pk, "email": owner.email, "scheduled": kinds}))
"""

CHECK_SCRIPT = """
import json, sys
import django
django.setup()
from django.test import Client
from accounts.models import User
from reminders.models import Reminder
client = Client()
client.force_login(User.objects.get(email=sys.argv[2]))
page = client.get(sys.argv[1])
reminder = Reminder.objects.get(kind="thanks_passed")
print(json.dumps({"status": page.status_code, "content": page.content.decode(), "state": reminder.state,
                  "attempts": reminder.attempts}))
"""


def run_script(script: str, env: dict, *args: str) -> dict:
    command = [sys.executable, "-c", script, *args]
    done = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


class InProcess:
    """PostgreSQL: this test's own (transactional) test database, which the worker opens too."""

    def __init__(self):
        self.url = shared_database_url()

    def setup(self, env):
        owner = make_user("owner@example.com", name="Olivia Owner")
        interview = interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=25), debrief={})
        kinds = list(Reminder.objects.filter(state="scheduled").values_list("kind", flat=True))
        return {"interview": interview.pk, "email": owner.email, "scheduled": kinds}

    def check(self, env, link, email):
        client = Client()
        client.force_login(User.objects.get(email=email))
        page = client.get(link)
        reminder = Reminder.objects.get(kind="thanks_passed")
        return {"status": page.status_code, "content": page.content.decode(), "state": reminder.state,
                "attempts": reminder.attempts}  # fmt: skip


class SqliteFile:
    def __init__(self, tmp_path):
        self.url = f"sqlite:///{tmp_path / 'e2e.sqlite3'}"

    def setup(self, env):
        for command in (["migrate", "--noinput", "-v", "0"], ["createcachetable"]):
            done = subprocess.run(
                [sys.executable, "manage.py", *command], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr[-3000:]
        return run_script(SETUP_SCRIPT, env)

    def check(self, env, link, email):
        return run_script(CHECK_SCRIPT, env, link, email)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_beat_and_worker_send_one_reminder_through_real_smtp(redis_url, smtp_server, tmp_path):
    database = InProcess() if connection.vendor == "postgresql" else SqliteFile(tmp_path)
    inbox, port = smtp_server
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database.url,
        REDIS_URL=redis_url,
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        SITE_URL="http://testserver",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        # Beat ticks every 5 s here instead of every minute, so the wait is short; the chain is the same.
        REMINDER_SWEEP_SECONDS=5,
    )
    # Ended 25 hours ago with its notes unsent: the thank-you window has passed, and nothing else is due.
    created = database.setup(env)
    assert created["scheduled"] == ["thanks_passed"]

    common = dict(cwd=settings.BASE_DIR, env=env, stderr=subprocess.STDOUT, start_new_session=True)
    worker_log = (tmp_path / "worker.log").open("w+")
    beat_log = (tmp_path / "beat.log").open("w+")
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    worker = subprocess.Popen(
        [*celery, "worker", "--pool=solo", "--without-mingle", "--without-gossip", "--loglevel=INFO"],
        stdout=worker_log,
        **common,
    )
    beat = subprocess.Popen(
        [*celery, "beat", "--loglevel=INFO", "-s", str(tmp_path / "beat-schedule")], stdout=beat_log, **common
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not inbox.messages and time.monotonic() < deadline:
            assert worker.poll() is None and beat.poll() is None, "a Celery process exited early"
            time.sleep(0.5)
        time.sleep(12)  # two more ticks: a second email would arrive now
    finally:
        stop(beat)
        stop(worker)
        worker_log.seek(0)
        beat_log.seek(0)
        logs = f"--- worker ---\n{worker_log.read()[-3000:]}\n--- beat ---\n{beat_log.read()[-2000:]}"
        worker_log.close()
        beat_log.close()

    assert len(inbox.messages) == 1, logs
    recipients, message = inbox.messages[0]
    assert recipients == [created["email"]]
    assert message["To"] == created["email"]
    assert message["List-Unsubscribe"]
    link = re.search(r"http://testserver(/followups/interviews/\d+/)", body_text(message)).group(1)
    assert link == f"/followups/interviews/{created['interview']}/"
    checked = database.check(env, link, created["email"])
    assert checked["status"] == 200
    assert "Thank-you notes" in checked["content"] and "Acme Analytics" in checked["content"]
    assert (checked["state"], checked["attempts"]) == ("sent", 1)
