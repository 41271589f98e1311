"""`python bench/run.py delivery` (on its own, not part of `make bench`): reminders delivered through an SMTP server
that waits 150 ms per message, as a real one far away over TLS does, by 1, 2 and 4 Celery worker processes on
Redis; then a burst of twice as many on 4 processes, against the time the 4-process rate predicts.

Environment: BENCH_DELIVERY_REMINDERS (default 5000), BENCH_DELIVERY_PROCESSES (default "1,2,4"), and run.py's.
Counts every Message-ID at the server: duplicates and reminders left due are printed beside the rates.
"""

import asyncio
import datetime as dt
import email
import os
import sys
import threading
import time
from collections import Counter

REMINDERS = int(os.environ.get("BENCH_DELIVERY_REMINDERS", "5000"))
PROCESSES = [int(n) for n in os.environ.get("BENCH_DELIVERY_PROCESSES", "1,2,4").split(",")]
SERVER_DELAY = 0.15  # seconds per message at the server


class SlowSmtp:
    """aiosmtpd handler: every message waits SERVER_DELAY before its 250 (sessions run side by side)."""

    def __init__(self):
        self.ids: Counter = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(SERVER_DELAY)
        with self.lock:
            self.ids[email.message_from_bytes(envelope.content)["Message-ID"]] += 1
        return "250 Message accepted for delivery"


def due_interviews(count: int, now: dt.datetime) -> list[int]:
    """`count` reminders due now, made the way the product makes them: interviews that ended four hours ago with
    nobody met and no debrief (their one reminder: the debrief is not recorded), spread over 100 candidates, then
    the sync. Returns the reminders' ids."""
    from followups.services import follow_up_sync
    from interviews.models import Interview
    from reminders.models import Reminder
    from tests.factories import InterviewFactory, UserFactory

    users = [UserFactory() for _ in range(100)]
    opportunities = {user.pk: InterviewFactory(owner=user, starts_at=now - dt.timedelta(days=30)).opportunity
                     for user in users}  # fmt: skip
    interviews = Interview.objects.bulk_create(
        InterviewFactory.build(
            owner=users[n % len(users)],
            opportunity=opportunities[users[n % len(users)].pk],
            starts_at=now - dt.timedelta(hours=5),
            duration_minutes=60,
        )
        for n in range(count)
    )
    for interview in Interview.objects.filter(pk__in=[i.pk for i in interviews]).select_related("owner"):
        follow_up_sync(interview=interview, now=now)
    return list(
        Reminder.objects.filter(interview__in=interviews, state="scheduled", next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )


def deliver(ids: list[int], processes: int, smtp: SlowSmtp, start_worker, stop) -> dict:
    """Makes `ids` due, starts one worker with `processes` pool processes, nudges the sweep every second as beat
    does, and times until none is scheduled."""
    from django.db.models import F

    from followups.tasks import send_due_reminders
    from reminders.models import Reminder

    Reminder.objects.filter(pk__in=ids).update(
        state="scheduled", sent_at=None, attempts=0, claimed_at=None, next_attempt_at=F("due_at"), last_error=""
    )
    smtp.ids.clear()
    worker = start_worker(processes)
    try:
        began = time.monotonic()
        while Reminder.objects.filter(pk__in=ids, state="scheduled").exists():
            send_due_reminders.delay()
            time.sleep(1)
            if time.monotonic() - began > 3600:
                break
        elapsed = time.monotonic() - began
    finally:
        stop(worker)
    left = Reminder.objects.filter(pk__in=ids, state="scheduled").count()
    return {
        "processes": processes,
        "reminders": len(ids),
        "seconds": elapsed,
        "per_second": len(ids) / elapsed,
        "duplicates": sum(n - 1 for n in smtp.ids.values() if n > 1),
        "received": len(smtp.ids),
        "left_due": left,
    }


def bench_delivery(now: dt.datetime, start, stop) -> dict:
    from aiosmtpd.controller import Controller

    from tests.processes import free_port

    smtp = SlowSmtp()
    port = free_port()
    controller = Controller(smtp, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"

    def start_worker(processes: int):
        args = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--concurrency={processes}",
                "--loglevel=WARNING", "--without-mingle", "--without-gossip"]  # fmt: skip
        return start(args, f"delivery-worker-{processes}.log", env_extra={"EMAIL_URL": os.environ["EMAIL_URL"]})

    try:
        ids = due_interviews(REMINDERS, now)
        runs = [deliver(ids, n, smtp, start_worker, stop) for n in PROCESSES]
        burst_ids = ids + due_interviews(REMINDERS, now + dt.timedelta(seconds=1))
        burst = deliver(burst_ids, max(PROCESSES), smtp, start_worker, stop)
    finally:
        controller.stop()
    by_processes = {run["processes"]: run for run in runs}
    base = by_processes[min(PROCESSES)]["per_second"]
    for run in runs:
        run["ratio_to_1"] = run["per_second"] / base
    top = by_processes[max(PROCESSES)]
    burst["predicted_seconds"] = len(burst_ids) / top["per_second"]
    return {"runs": runs, "burst": burst}


def delivery_table(result: dict) -> str:
    lines = ["| worker processes | reminders | sends/s | × 1 process | duplicates | left due |",
             "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for run in result["runs"]:
        lines.append(
            f"| {run['processes']} | {run['reminders']} | {run['per_second']:.1f} | {run['ratio_to_1']:.2f} | "
            f"{run['duplicates']} | {run['left_due']} |"
        )
    burst = result["burst"]
    lines.append(
        f"\nburst: {burst['reminders']} on {burst['processes']} processes in {burst['seconds']:.0f} s "
        f"(the rate above predicts {burst['predicted_seconds']:.0f} s), {burst['duplicates']} duplicates, "
        f"{burst['left_due']} left due"
    )
    return "\n".join(lines)
