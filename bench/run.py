"""`make bench`: the reminder sweep, the heaviest pages, HTTP load and memory, each as a ratio to a baseline measured
in the same run (medians over repeats), on a PostgreSQL database of its own that it creates and drops.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/debrief_bench; the database is dropped
and created again), BENCH_INTERVIEWS and BENCH_CANDIDATES (the seed's scale), BENCH_REPEATS, BENCH_WRK_SECONDS
(at most 30), BENCH_WRK_CONNECTIONS (at most 50), BENCH_REDIS_URL (the Celery worker's broker), BENCH_KEEP_DB=1.
Prints a table and writes bench/results.json. Benchmarks, not tests: nothing here fails on a slow machine.
"""

import contextlib
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from tests.processes import free_port, stop  # noqa: E402  (the same helpers as the tests that start processes)

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/debrief_bench")
INTERVIEWS = int(os.environ.get("BENCH_INTERVIEWS", "20000"))
CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "1000"))
HEAVY_INTERVIEWS = 1000  # the user whose pages are measured (target: at most 3× the trivial page)
HEAVIER_INTERVIEWS = 10_000  # and a second one, ten times as busy (target: at most 4×)
RECRUITER_CANDIDATES = 10  # the measured recruiter's active links: the heavy user and nine others
DESK_CANDIDATES, DESK_INTERVIEWS = 20, 50  # the desk's recruiter (issue 17): 20 candidates of 50 interviews each
DUE_REMINDERS = 1000  # what one measured sweep sends
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
WRK_SECONDS = min(int(os.environ.get("BENCH_WRK_SECONDS", "15")), 30)
WRK_CONNECTIONS = min(int(os.environ.get("BENCH_WRK_CONNECTIONS", "50")), 50)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
TARGETS = {
    "sweep_idle": ("<=", 3.0),
    "sweep_send": ("<=", 1.5),
    "queries_per_sent": ("<=", 3.0),
    "page": ("<=", 3.0),
    "page_heavier": ("<=", 4.0),
    "http": (">=", 0.5),
}

TMP = Path(tempfile.mkdtemp(prefix="debrief-bench-"))
PROCESSES: list[subprocess.Popen] = []


# --- Database and Django -----------------------------------------------------------------------------------------


def admin_url() -> tuple[str, str]:
    parts = urlparse(DATABASE_URL)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"BENCH_DATABASE_URL: unexpected database name {name!r}")
    return urlunparse(parts._replace(scheme="postgresql", path="/postgres")), name


def database_create() -> None:
    import psycopg

    url, name = admin_url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    url, name = admin_url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=DATABASE_URL,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(TMP / "static"),
        EMAIL_URL="",
        EMAIL_FILE_PATH=str(TMP / "mail"),
        REDIS_URL=REDIS_URL,
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="60",
    )
    return env


def django_setup() -> None:
    os.environ.update(environment())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


# --- Seed ------------------------------------------------------------------------------------------------------


def seed(now: dt.datetime) -> dict:
    """INTERVIEWS interviews of CANDIDATES candidates, written with bulk_create (the services would take an hour at
    this scale): the first candidate has HEAVY_INTERVIEWS of them, each with two people met, a debrief, thank-you
    notes and reminders, and the second HEAVIER_INTERVIEWS alike (each account's interviews within the last 30
    days); everyone's reminders are a sent one and a scheduled one a week ahead, so the sweep's table is large and
    nothing is due. The recruiter has active links (as an accepted invitation leaves them) to
    RECRUITER_CANDIDATES candidates, the heavy one among them, so the recruiter home reads all of their interviews.
    A second recruiter's desk has DESK_CANDIDATES candidates (the ones after the two measured) of DESK_INTERVIEWS
    each."""
    from accounts.models import RecruiterLink, User
    from followups.models import FollowUpSettings, ThankYouNote
    from interviews.models import Company, Debrief, Interview, InterviewPerson, Opportunity, Person
    from reminders.models import Reminder

    users = User.objects.bulk_create(
        [
            User(email=f"candidate{i}@bench.example", display_name=f"Candidate {i}", password="!")
            for i in range(CANDIDATES)
        ]
    )
    recruiter = User.objects.create(email="recruiter@bench.example", display_name="Rita", role="recruiter")
    heavy, heavier = users[0], users[1]
    RecruiterLink.objects.bulk_create(
        RecruiterLink(
            candidate=u, recruiter=recruiter, invited_by=u, status=RecruiterLink.Status.ACTIVE, accepted_at=now
        )
        for u in users[:RECRUITER_CANDIDATES]
    )
    desk_recruiter = User.objects.create(email="desk@bench.example", display_name="Dee", role="recruiter")
    RecruiterLink.objects.bulk_create(
        RecruiterLink(
            candidate=u, recruiter=desk_recruiter, invited_by=u, status=RecruiterLink.Status.ACTIVE, accepted_at=now
        )
        for u in users[2 : 2 + DESK_CANDIDATES]
    )
    FollowUpSettings.objects.bulk_create([FollowUpSettings(user=u) for u in users])

    others = INTERVIEWS - HEAVY_INTERVIEWS - HEAVIER_INTERVIEWS - DESK_CANDIDATES * DESK_INTERVIEWS
    rest = CANDIDATES - 2 - DESK_CANDIDATES
    if others < rest:
        raise SystemExit(
            "bench: BENCH_INTERVIEWS must be at least "
            f"{HEAVY_INTERVIEWS + HEAVIER_INTERVIEWS + DESK_CANDIDATES * DESK_INTERVIEWS + rest}"
        )
    per_user = [HEAVY_INTERVIEWS, HEAVIER_INTERVIEWS] + [DESK_INTERVIEWS] * DESK_CANDIDATES + [
        others // rest + (1 if i < others % rest else 0) for i in range(rest)]  # fmt: skip
    companies, plan = [], []
    for user, count in zip(users, per_user, strict=True):
        n_companies = max(1, count // 10)
        for c in range(n_companies):
            companies.append(Company(owner=user, name=f"Company {c} of {user.pk}"))
        plan.append((user, count, n_companies))
    companies = Company.objects.bulk_create(companies, batch_size=2000)
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(owner_id=c.owner_id, company=c, role_title="Backend engineer", status="interviewing")
            for c in companies
        ],
        batch_size=2000,
    )
    people = Person.objects.bulk_create(
        [Person(owner_id=c.owner_id, company=c, name=f"{who} at {c.name}") for c in companies for who in "AB"],
        batch_size=2000,
    )
    people_of = {}
    for p in people:
        people_of.setdefault(p.company_id, []).append(p)

    interviews, k = [], 0
    for user, count, n_companies in plan:
        mine = opportunities[k : k + n_companies]
        k += n_companies
        spacing = min(37, 30 * 24 * 60 // count)  # minutes
        for i in range(count):
            opportunity = mine[i % n_companies]
            starts = now - dt.timedelta(days=30) + dt.timedelta(minutes=spacing * i)
            interviews.append(
                Interview(
                    owner_id=user.pk,
                    opportunity=opportunity,
                    starts_at=starts,
                    time_zone=user.time_zone,
                    duration_minutes=60,
                )
            )
    interviews = Interview.objects.bulk_create(interviews, batch_size=2000)
    opportunity_company = {o.pk: o.company_id for o in opportunities}
    participants, notes, debriefs, reminders = [], [], [], []
    for interview in interviews:
        company_people = people_of[opportunity_company[interview.opportunity_id]]
        for position, person in enumerate(company_people):
            participants.append(InterviewPerson(interview=interview, person=person, position=position))
            notes.append(
                ThankYouNote(interview=interview, person=person, subject="Thank you", body="Thank you for today.")
            )
        debriefs.append(
            Debrief(
                interview=interview,
                state="complete",
                completed_at=now,
                went_well=["System design", "The team"],
                to_improve=["SQL window functions"],
                interest=8,
                overall_rating=7,
                hear_back_date=(now + dt.timedelta(days=10)).date(),
            )
        )
        reminders.append(
            Reminder(user_id=interview.owner_id, interview=interview, kind="thanks_passed", due_at=now,
                     next_attempt_at=now, state="sent", sent_at=now, attempts=1)
        )  # fmt: skip
        later = now + dt.timedelta(days=7)
        reminders.append(
            Reminder(user_id=interview.owner_id, interview=interview, kind="hear_back_passed", due_at=later,
                     next_attempt_at=later)
        )  # fmt: skip
    InterviewPerson.objects.bulk_create(participants, batch_size=5000)
    ThankYouNote.objects.bulk_create(notes, batch_size=5000)
    Debrief.objects.bulk_create(debriefs, batch_size=5000)
    Reminder.objects.bulk_create(reminders, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    heavy_interview = Interview.objects.filter(owner=heavy).order_by("-starts_at").first()
    heavier_interview = Interview.objects.filter(owner=heavier).order_by("-starts_at").first()
    return {"heavy": heavy, "heavier": heavier, "recruiter": recruiter, "desk_recruiter": desk_recruiter,
            "interview": heavy_interview, "heavier_interview": heavier_interview, "users": users}  # fmt: skip


def due_reminders_prepare(now: dt.datetime, users) -> list[int]:
    """DUE_REMINDERS reminders due now, made the way the product makes them: interviews that ended a day ago with no
    debrief and their notes unsent, then the sync (so each row is exactly what the sweep re-checks)."""
    from followups.services import follow_up_sync
    from interviews.models import Debrief, Interview
    from reminders.models import Reminder

    ids = list(Interview.objects.filter(owner__in=users[2:]).order_by("owner_id", "pk").values_list("pk", flat=True))[
        : DUE_REMINDERS // 2
    ]
    Debrief.objects.filter(interview_id__in=ids).delete()
    Reminder.objects.filter(interview_id__in=ids).delete()
    Interview.objects.filter(pk__in=ids).update(starts_at=now - dt.timedelta(hours=27))
    for interview in Interview.objects.filter(pk__in=ids):
        follow_up_sync(interview=interview, now=now)
    due = list(
        Reminder.objects.filter(interview_id__in=ids, state="scheduled", next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    Reminder.objects.filter(interview_id__in=ids).exclude(pk__in=due).delete()
    return due


def due_reminders_reset(ids: list[int]) -> None:
    from django.db.models import F

    from reminders.models import Reminder

    Reminder.objects.filter(pk__in=ids).update(
        state="scheduled", sent_at=None, attempts=0, claimed_at=None, next_attempt_at=F("due_at"), last_error=""
    )


# --- Measuring -----------------------------------------------------------------------------------------------------


def timed(fn, repeats: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), runs


def count_queries(fn) -> tuple[int, object]:
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        result = fn()
    return count, result


def bench_sweep(now: dt.datetime, users) -> dict:
    from django.core import mail
    from django.db import connection
    from django.test.utils import override_settings

    from followups import delivery
    from followups.emails import reminder_message
    from followups.tasks import reminders_send_due
    from reminders.models import Reminder
    from reminders.sweep import BATCH_SIZE, interviews_for_reminders

    out = {}
    # (a) Nothing due: the sweep against the raw SQL of its own query through the partial index.
    sql = (
        "SELECT id, user_id, interview_id, kind, due_at, state, next_attempt_at, attempts FROM followups_reminder "
        "WHERE state = 'scheduled' AND next_attempt_at <= %s ORDER BY next_attempt_at, id LIMIT 50"
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, [now])
            return cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, [now])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert not raw() and reminders_send_due(now=now) == {}, "something is due in the idle measurement"
    for _ in range(20):
        raw(), reminders_send_due(now=now)
    sweep_idle, _ = timed(lambda: reminders_send_due(now=now), 200)
    raw_idle, _ = timed(raw, 200)
    out["sweep_idle"] = {
        "sweep_ms": sweep_idle * 1000,
        "raw_sql_ms": raw_idle * 1000,
        "ratio": sweep_idle / raw_idle,
        "uses_partial_index": "reminder_sweep_idx" in plan,
        "reminder_rows": Reminder.objects.count(),
    }

    # (b) DUE_REMINDERS due: the sweep sending them to locmem against rendering and sending the same directly.
    ids = due_reminders_prepare(now, users)
    sent_at = now + dt.timedelta(minutes=1)

    def sweep():
        result = reminders_send_due(now=sent_at, limit=len(ids) + 10)
        assert result == {"sent": len(ids)}, result
        return result

    def direct():
        # The same rows read the way the sweep reads them (in batches, with their interviews, settings and notes),
        # so that the ratio is the cost of claiming, re-checking and recording, and nothing else.
        reminders = list(Reminder.objects.filter(pk__in=ids).order_by("next_attempt_at", "pk"))
        interviews = {}
        for start in range(0, len(reminders), BATCH_SIZE):
            interviews.update(interviews_for_reminders(reminders[start : start + BATCH_SIZE], delivery=delivery))
        for reminder in reminders:
            reminder_message(reminder=reminder, interview=interviews[reminder.interview_id], now=sent_at).send()

    sweep_runs, direct_runs, queries = [], [], []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for _ in range(REPEATS):
            due_reminders_reset(ids)
            mail.outbox = []
            start = time.perf_counter()
            n, _ = count_queries(sweep)
            sweep_runs.append(time.perf_counter() - start)
            queries.append(n)
            assert len(mail.outbox) == len(ids)
            mail.outbox = []
            start = time.perf_counter()
            direct()
            direct_runs.append(time.perf_counter() - start)
            assert len(mail.outbox) == len(ids)
            mail.outbox = []
    out["sweep_send"] = {
        "reminders": len(ids),
        "sweep_s": statistics.median(sweep_runs),
        "direct_s": statistics.median(direct_runs),
        "ratio": statistics.median(sweep_runs) / statistics.median(direct_runs),
        "queries_per_sent": statistics.median(queries) / len(ids),
    }
    due_reminders_reset(ids)  # due again: the Celery worker sends them in the memory measurement
    return {"sweep": out, "due_ids": ids}


def bench_pages(heavy, heavier, recruiter, interview, heavier_interview, desk_recruiter) -> dict:
    from django.test import Client

    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    from django.urls import reverse

    owner, agent = client_for(heavy), client_for(recruiter)
    pages = [("trivial (baseline)", owner, "/bench/trivial/")]
    # Each candidate page for the user with HEAVY_INTERVIEWS, then for the one with HEAVIER_INTERVIEWS.
    heavier_label = f" ({HEAVIER_INTERVIEWS:,})"
    for suffix, client, one in (("", owner, interview), (heavier_label, client_for(heavier), heavier_interview)):
        pages += [
            (f"home{suffix}", client, "/"),
            (f"interview list{suffix}", client, "/interviews/"),
            (f"opportunity list{suffix}", client, "/interviews/opportunities/"),
            (f"interview page{suffix}", client, f"/interviews/{one.pk}/"),
            (f"follow-up page{suffix}", client, f"/followups/interviews/{one.pk}/"),
            (f"progress page{suffix}", client, reverse("insight:progress")),
        ]  # fmt: skip
    pages.append(("recruiter home", agent, "/"))
    pages.append(("desk, 20 candidates x 50", client_for(desk_recruiter), "/"))
    results, baseline_runs = {}, []
    _, _, baseline_url = pages[0]
    for label, client, url in pages:
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        if label == "recruiter home":  # measured with its candidates, not as the empty page of an unlinked recruiter
            cards = response.content.count(b'data-testid="desk-row"')
            assert cards == RECRUITER_CANDIDATES, f"the recruiter home shows {cards} candidates"
        if label.startswith("desk"):
            rows = response.content.count(b'data-testid="desk-row"')
            assert rows == DESK_CANDIDATES, f"the desk shows {rows} candidates"
        queries, _ = count_queries(lambda c=client, u=url: c.get(u))
        # The baseline is timed in turn with each page, so load from elsewhere on the machine weighs on both alike.
        runs, baseline = [], []
        for _ in range(max(REPEATS * 4, 10)):
            baseline.append(timed(lambda: owner.get(baseline_url), 1)[0])
            runs.append(timed(lambda c=client, u=url: c.get(u), 1)[0])
        baseline_runs += baseline
        median = statistics.median(runs)
        ratio = median / statistics.median(baseline)
        target = "page_heavier" if label.endswith(heavier_label) else "page"
        results[label] = {"url": url, "ms": median * 1000, "queries": queries, "ratio": ratio, "target": target}
    results[pages[0][0]]["ms"] = statistics.median(baseline_runs) * 1000
    return results


def start(args, log_name: str, env_extra: dict | None = None) -> subprocess.Popen:
    log = (TMP / log_name).open("w")
    env = environment() | {"DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"]} | (env_extra or {})
    process = subprocess.Popen(
        args, cwd=BASE_DIR, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    PROCESSES.append(process)
    return process


def process_tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                todo.extend(int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split())
    return found


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk(url: str, cookie: str) -> dict:
    args = ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency", "-H", f"Cookie: {cookie}", url]
    text = subprocess.run(args, capture_output=True, text=True, timeout=WRK_SECONDS + 30, check=True).stdout
    with (TMP / "wrk.log").open("a") as log:
        log.write(f"$ {' '.join(args[:-3])} {url}\n{text}\n")

    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        errors += sum(int(g) for g in m.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": ms(re.search(r"\s50%\s+(\S+)", text).group(1)),
        "p99_ms": ms(re.search(r"\s99%\s+(\S+)", text).group(1)),
        "errors": errors,
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
    }


def http_get(url: str, cookie: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"bench: timed out waiting for {what}; logs in {TMP}")


def bench_phone(base_url: str, interview) -> dict:
    """The quick debrief of an ordinary candidate's interview, first load at one bar of signal (bench/phone.py)."""
    from django.test import Client

    from bench.phone import first_load

    client = Client()
    client.force_login(interview.owner)
    path = f"/interviews/{interview.pk}/debrief/quick/"
    return {k: v for k, v in first_load(base_url, client.cookies["sessionid"].value, path).items() if k != "by_url"}


def bench_http_and_memory(heavy, interview, due_ids, light_interview) -> dict:
    from django.test import Client

    from reminders.models import Reminder

    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (apt-get install -y wrk)"}
    client = Client()
    client.force_login(heavy)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    port = free_port()
    workers = 2 * (os.cpu_count() or 1) + 1
    gunicorn = start(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--no-control-socket",
        ],
        "gunicorn.log",
    )  # fmt: skip

    def answers() -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
        return False

    results = {"workers": workers, "connections": WRK_CONNECTIONS, "seconds": WRK_SECONDS}
    try:
        wait_for(answers, 30, "gunicorn")
        base = f"http://127.0.0.1:{port}"
        for url in ("/bench/trivial/", f"/interviews/{interview.pk}/"):
            status, body = http_get(base + url, cookie)
            assert status == 200, f"{url} answered {status} under gunicorn: {body[:2000]}"
        for url in ("/bench/trivial/", f"/interviews/{interview.pk}/"):  # warm every worker
            subprocess.run(["wrk", "-t1", "-c10", "-d2s", "-H", f"Cookie: {cookie}", base + url], capture_output=True)
        results["trivial"] = wrk(base + "/bench/trivial/", cookie)
        results["interview page"] = wrk(base + f"/interviews/{interview.pk}/", cookie)
        results["ratio"] = results["interview page"]["rps"] / results["trivial"]["rps"]
        results["phone"] = bench_phone(base, light_interview)
        children = [pid for pid in process_tree(gunicorn.pid) if pid != gunicorn.pid]
        results["web_worker_peak_rss_mb"] = max(peak_rss_mb(pid) for pid in children)
    finally:
        stop(gunicorn)

    # The Celery worker as `make worker` runs it, after sending the due reminders (files under the bench's tmp).
    worker = start(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=2", "--loglevel=INFO",
         "--without-mingle", "--without-gossip"],
        "worker.log",
    )  # fmt: skip
    try:
        from followups.tasks import send_due_reminders

        # One task handles at most SWEEP_LIMIT (two at once split them, "taken"), as beat's ticks do: nudge again
        # every few seconds until none is left.
        last = 0.0

        def drained() -> bool:
            nonlocal last
            left = Reminder.objects.filter(pk__in=due_ids, state="scheduled").exists()
            if left and time.monotonic() - last > 5:
                send_due_reminders.delay()
                last = time.monotonic()
            return not left

        wait_for(drained, 180, "the worker")
        results["celery_worker_peak_rss_mb"] = max(peak_rss_mb(pid) for pid in process_tree(worker.pid))
        results["celery_sent"] = Reminder.objects.filter(pk__in=due_ids, state="sent").count()
    finally:
        stop(worker)
    return results


# --- Report -------------------------------------------------------------------------------------------------------


def verdict(kind: str, value: float) -> str:
    op, target = TARGETS[kind]
    ok = value <= target if op == "<=" else value >= target
    return f"{op} {target:g}  {'ok' if ok else 'MISSED'}"


def table(results: dict) -> str:
    rows = [("figure", "value", "target"), ("---", "---", "---")]
    s = results["sweep"]
    idle, send = s["sweep_idle"], s["sweep_send"]
    rows.append(("sweep, nothing due / raw SQL on the partial index",
                 f"{idle['ratio']:.2f}×  ({idle['sweep_ms']:.2f} / {idle['raw_sql_ms']:.2f} ms)",
                 verdict("sweep_idle", idle["ratio"])))  # fmt: skip
    rows.append((f"sweep sending {send['reminders']} / render+send directly",
                 f"{send['ratio']:.2f}×  ({send['sweep_s']:.2f} / {send['direct_s']:.2f} s)",
                 verdict("sweep_send", send["ratio"])))  # fmt: skip
    rows.append(("queries per sent reminder", f"{send['queries_per_sent']:.2f}",
                 verdict("queries_per_sent", send["queries_per_sent"])))  # fmt: skip
    for label, page in results["pages"].items():
        if label.startswith("trivial"):
            rows.append((f"page: {label}", f"{page['ms']:.1f} ms, {page['queries']} queries", ""))
        else:
            rows.append((f"page: {label} / trivial", f"{page['ratio']:.2f}×  ({page['ms']:.1f} ms, "
                         f"{page['queries']} queries)", verdict(page["target"], page["ratio"])))  # fmt: skip
    http = results["http"]
    if "skipped" in http:
        rows.append(("HTTP load", http["skipped"], ""))
    else:
        for label in ("trivial", "interview page"):
            h = http[label]
            rows.append((f"HTTP {label}", f"{h['rps']:.0f} req/s, p50 {h['p50_ms']:.1f} ms, p99 {h['p99_ms']:.1f} ms, "
                         f"{h['errors']} errors", ""))  # fmt: skip
        rows.append(("HTTP interview page / trivial (req/s)", f"{http['ratio']:.2f}", verdict("http", http["ratio"])))
        phone = http["phone"]
        rows.append(
            (
                "quick debrief, first load at 400 kbit/s, 400 ms",
                f"{phone['bytes'] / 1024:.1f} KB, {phone['requests']} responses",
                "< 80 KB  " + ("ok" if phone["bytes"] < 80 * 1024 else "MISSED"),
            )
        )
        rows.append(("quick debrief, its load event then", f"{phone['seconds']:.2f} s",
                     "< 2.5 s  " + ("ok" if phone["seconds"] < 2.5 else "MISSED")))  # fmt: skip
        rows.append(("peak RSS, web worker", f"{http['web_worker_peak_rss_mb']:.0f} MB", ""))
        rows.append(("peak RSS, Celery worker", f"{http['celery_worker_peak_rss_mb']:.0f} MB", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows)


def main_delivery() -> int:
    """`python bench/run.py delivery`: only the delivery benchmark (bench/delivery.py), on the bench's database."""
    database_create()
    try:
        django_setup()
        from django.utils import timezone

        from bench.delivery import bench_delivery, delivery_table

        result = bench_delivery(timezone.now().replace(microsecond=0), start, stop)
        (BASE_DIR / "bench" / "delivery-results.json").write_text(json.dumps(result, indent=2) + "\n")
        print(f"\nDebrief delivery bench, {os.cpu_count()} CPUs, SMTP server waiting 150 ms per message\n")
        print(delivery_table(result))
    finally:
        for process in PROCESSES:
            stop(process)
        if os.environ.get("BENCH_KEEP_DB") != "1":
            database_drop()
    return 0


def main() -> int:
    began = time.monotonic()
    database_create()
    finished = False
    try:
        django_setup()
        from django.utils import timezone

        now = timezone.now().replace(microsecond=0)
        world = seed(now)
        seeded = time.monotonic() - began
        print(f"bench: seeded {INTERVIEWS} interviews of {CANDIDATES} candidates "
              f"({HEAVY_INTERVIEWS} and {HEAVIER_INTERVIEWS} for the measured users) in {seeded:.0f} s",
              flush=True)  # fmt: skip
        sweep = bench_sweep(now, world["users"])
        print("bench: sweep done", flush=True)
        pages = bench_pages(
            world["heavy"],
            world["heavier"],
            world["recruiter"],
            world["interview"],
            world["heavier_interview"],
            world["desk_recruiter"],
        )
        print("bench: pages done", flush=True)
        from interviews.models import Interview

        light = (
            Interview.objects.exclude(owner__in=[world["heavy"], world["heavier"]])
            .select_related("owner")
            .order_by("pk")
            .first()
        )
        http = bench_http_and_memory(world["heavy"], world["interview"], sweep["due_ids"], light)
        results = {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "scale": {
                "interviews": INTERVIEWS,
                "candidates": CANDIDATES,
                "heavy_user_interviews": HEAVY_INTERVIEWS,
                "heavier_user_interviews": HEAVIER_INTERVIEWS,
            },
            "repeats": REPEATS,
            "sweep": sweep["sweep"],
            "pages": pages,
            "http": http,
            "seconds": round(time.monotonic() - began),
        }
        (BASE_DIR / "bench" / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"\nDebrief bench: {INTERVIEWS} interviews of {CANDIDATES} candidates, {os.cpu_count()} CPUs, "
              f"medians of {REPEATS}+ runs, {results['seconds']} s in all\n")  # fmt: skip
        print(table(results))
        print("\nwritten to bench/results.json")
        finished = True
    finally:
        for process in PROCESSES:
            stop(process)
        if os.environ.get("BENCH_KEEP_DB") != "1":
            database_drop()
        if finished:
            shutil.rmtree(TMP, ignore_errors=True)
        else:
            print(f"bench: logs kept in {TMP}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main_delivery() if sys.argv[1:] == ["delivery"] else main())
