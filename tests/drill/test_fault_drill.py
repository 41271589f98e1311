"""The fault drill (issue 7): 500 reminders fall due over about 40 seconds while a real Celery worker and two beat
processes send them through a real SMTP server, and the drill breaks things on the way:

1. SIGKILL to the worker's process group (two pool processes sweeping side by side) while it is in the middle of
   sending; a new worker starts.
2. The SMTP server is down (connections refused), then answers 451 to every message, then recovers.
3. SIGKILL to Redis (which keeps nothing on disk: the queued ticks are lost); it starts again empty.

Among them fall due 50 poison rows of two other accounts (issue 12): interviews whose end overflows (starts_at
9999-12-31) or whose time zone does not exist, and a recipient the SMTP server refuses for good (550).

At the end every genuine reminder has been delivered exactly once (counted by Message-ID at the SMTP server), every
poison row is parked with its reason, and none is left due. The timings that are minutes in production (claim
lease, retry unit, beat interval) are seconds here.
"""

import datetime as dt
import time
from collections import Counter

import pytest
from django.db.models import Count, F, Sum
from django.utils import timezone

from followups.rules import DEBRIEF_REMINDER_DELAY
from interviews.models import Interview
from reminders.models import Reminder
from tests.factories import UserFactory
from tests.processes import clean_env, shared_database_url
from tests.world import interview_logged

from .harness import ControlledSmtp, DrillRedis, Process, celery_command, drill_log_dir

REMINDERS = 500
CANDIDATES = 20
POISON = 50
POISON_DOMAIN = "poison.drill"
SPREAD = dt.timedelta(seconds=40)  # the reminders fall due evenly over this long
LEASE_SECONDS = 10
FINISH_WITHIN = 90  # seconds after the last one fell due


def seed_reminders(first_due: dt.datetime) -> None:
    """Interviews whose "debrief not recorded" reminder (their only one: nobody met, no debrief) falls due between
    first_due and first_due + SPREAD, made and scheduled the way capture makes them."""
    users = [UserFactory(display_name=f"Candidate {n}") for n in range(CANDIDATES)]
    for n in range(REMINDERS):
        due = first_due + SPREAD * n / REMINDERS
        interview_logged(
            users[n % CANDIDATES], starts_at=due - DEBRIEF_REMINDER_DELAY - dt.timedelta(minutes=60), people=[]
        )
    # Poison rows, made as genuine ones and broken by poison_them once the clocks are set.
    mallory = UserFactory(display_name="Mallory")
    nobody = UserFactory(display_name="Nobody", email=f"nobody@{POISON_DOMAIN}")
    for n in range(POISON):
        due = first_due + SPREAD * (n + 0.5) / POISON
        interview_logged(
            nobody if n % 3 == 2 else mallory,
            starts_at=due - DEBRIEF_REMINDER_DELAY - dt.timedelta(minutes=60),
            people=[],
            company="Poison Ltd",
        )


def poison_them() -> None:
    """Breaks Mallory's interviews the ways an import once could: every other one ends past the year 9999
    (Interview.ends_at overflows), the rest are in a time zone that does not exist. Nobody's are left as they are:
    the SMTP server refuses that address."""
    mallory = Interview.objects.filter(opportunity__company__name="Poison Ltd").exclude(
        owner__email__endswith=POISON_DOMAIN
    )
    ids = sorted(mallory.values_list("pk", flat=True))
    Interview.objects.filter(pk__in=ids[::2]).update(starts_at=dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC))
    Interview.objects.filter(pk__in=ids[1::2]).update(time_zone="Mars/Olympus_Mons")


def poison_rows():
    return Reminder.objects.filter(interview__opportunity__company__name="Poison Ltd")


def shift_everything(by: dt.timedelta) -> None:
    """Moves interviews and their reminders together, so each reminder is still exactly as due as the sweep's
    re-check computes it."""
    Interview.objects.update(starts_at=F("starts_at") + by)
    Reminder.objects.update(due_at=F("due_at") + by, next_attempt_at=F("next_attempt_at") + by)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fault_drill_every_reminder_delivered_once_through_kills_and_outages(settings):
    database_url = shared_database_url()
    log_dir = drill_log_dir("fault-drill")
    settings.SITE_URL = "http://drill.test"  # as the worker has it: Message-IDs are named after the site
    seed_reminders(first_due=timezone.now() + dt.timedelta(hours=1))
    assert Reminder.objects.filter(state=Reminder.State.SCHEDULED).count() == REMINDERS + POISON

    smtp = ControlledSmtp()
    smtp.refused_domain = POISON_DOMAIN
    base_env = clean_env()
    redis = DrillRedis(log_dir, base_env)
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database_url,
        REDIS_URL=redis.url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        EMAIL_TIMEOUT=5,
        SITE_URL=settings.SITE_URL,
        REMINDER_SWEEP_SECONDS=1,
        REMINDER_CLAIM_LEASE_SECONDS=LEASE_SECONDS,
        REMINDER_RETRY_UNIT_SECONDS=0.5,
    )
    worker = Process(
        "worker",
        celery_command("worker", "--concurrency=2", "--without-mingle", "--without-gossip", "--loglevel=INFO"),
        env=env,
        log_dir=log_dir,
    )
    beats = [
        Process(f"beat{n}", celery_command("beat", "--loglevel=INFO", "-s", str(log_dir / f"beat{n}-schedule")),
                env=env, log_dir=log_dir)
        for n in (1, 2)
    ]  # fmt: skip
    processes = [redis, worker, *beats]
    try:
        smtp.start()
        redis.start()
        worker.start()
        for beat in beats:
            beat.start()
        worker.wait_for_log("ready.")

        # Now the reminders start falling due: the first in two seconds, the last SPREAD later.
        first_due = timezone.now() + dt.timedelta(seconds=2)
        shift_everything(first_due - Reminder.objects.order_by("due_at").first().due_at)
        poison_them()
        last_due = first_due + SPREAD
        worker.wait_for_log("followups.tasks.send_due_reminders", timeout=30)
        time.sleep(3)

        # 1. The worker dies in the middle of sends: their claims are committed, the SMTP server has a recipient and
        # no message yet. Those reminders wait out their lease and go with a later sweep. (Every client is held
        # at RCPT, and the kill waits a second, so that no pool process is between the server's 250 and recording
        # it: that case is the other test in this folder.)
        smtp.hold("RCPT")
        assert smtp.holding.wait(timeout=20), f"no send reached RCPT:\n{worker.log()[-3000:]}"
        time.sleep(1)
        worker.kill()
        smtp.release()
        offset = len(worker.log())
        worker.start()
        worker.wait_for_log("ready.", after=offset)
        time.sleep(2)

        # 2. SMTP down (refused), then deferring (451), then back.
        smtp.refuse_connections()
        time.sleep(4)
        smtp.mode = ControlledSmtp.DEFER
        smtp.start()
        time.sleep(4)
        smtp.mode = ControlledSmtp.ACCEPT
        time.sleep(2)

        # 3. Redis dies with everything queued in it, and comes back empty.
        redis.kill()
        time.sleep(2)
        redis.start()
        assert timezone.now() < last_due - dt.timedelta(seconds=5), "the faults took longer than the reminders last"

        deadline = last_due + dt.timedelta(seconds=FINISH_WITHIN)
        while Reminder.objects.filter(state=Reminder.State.SCHEDULED).exists():
            assert timezone.now() < deadline, drill_report(smtp, processes, log_dir)
            assert_none_exited_by_itself((worker, *beats), log_dir)
            time.sleep(0.5)
        time.sleep(3)  # a sweep still in flight would deliver a second copy now
        assert_none_exited_by_itself((worker, *beats), log_dir)
    finally:
        for process in reversed(processes):
            process.stop()
        smtp.stop()

    report = drill_report(smtp, processes, log_dir)
    # Every poison row parked, with its reason, and none of them ever reached the server's DATA.
    parked = list(poison_rows())
    assert len(parked) == POISON
    assert {(row.state, row.failures) for row in parked} == {(Reminder.State.PARKED, 5)}, report
    reasons = Counter(row.closed_reason.split(":")[0] for row in parked)
    assert reasons == {"OverflowError": 17, "ZoneInfoNotFoundError": 17, "SMTPRecipientsRefused": 16}, reasons
    assert smtp.refused >= 16 * 5, report

    reminders = list(Reminder.objects.exclude(pk__in=[row.pk for row in parked]).select_related("user"))
    assert {reminder.state for reminder in reminders} == {Reminder.State.SENT}, report
    expected = {reminder.message_id: reminder.user.email for reminder in reminders}
    received = smtp.message_ids()
    assert len(expected) == REMINDERS
    # Compared as short lists, not as sets of 500 (pytest takes minutes to print the difference of big sets).
    missing, unexpected = sorted(set(expected) - set(received)), sorted(set(received) - set(expected))
    assert (missing, unexpected) == ([], []), report  # every reminder delivered ...
    assert [mid for mid, copies in received.items() if copies > 1] == [], report  # ... none twice
    recipients = {message["Message-ID"]: message["To"] for message in smtp.messages}
    assert [mid for mid in expected if recipients[mid] != expected[mid]] == []  # ... to its own candidate

    # The faults really hit sends: refused connections and 451s were retried, the killed send came back.
    assert smtp.deferred > 0, report
    assert "ConnectionRefusedError" in worker.log(), report
    genuine = Reminder.objects.exclude(pk__in=[row.pk for row in parked])
    assert genuine.aggregate(total=Sum("attempts"))["total"] > REMINDERS, report
    assert "Connection to broker lost" in worker.log(), report


def assert_none_exited_by_itself(processes, log_dir) -> None:
    """A Celery process the drill did not kill must never stop: in production that is a worker gone until someone
    restarts it. (Redis restarts used to take the worker down with them: see CELERY_TASK_ACKS_LATE.)"""
    for process in processes:
        assert process.running(), (
            f"{process.name} exited by itself with code {process.process.returncode}; every log is in {log_dir}\n"
            f"{process.log()[-4000:]}"
        )


def drill_report(smtp: ControlledSmtp, processes: list[Process], log_dir) -> str:
    states = dict(Reminder.objects.values_list("state").annotate(n=Count("pk")).order_by())
    copies = smtp.message_ids()
    twice = sum(1 for n in copies.values() if n > 1)
    logs = "\n".join(f"--- {p.name} ---\n{p.log()[-2500:]}" for p in processes)
    return (
        f"reminders by state {states}; {len(copies)} Message-IDs received, {twice} more than once; every process's "
        f"whole log is in {log_dir}\n{logs}"
    )
