"""/metrics: the sweep's lag, the reminders by state and the last sweep, in the Prometheus text format, for a scrape
that brings the token; computed per scrape in a fixed number of queries, the lag on the sweep's partial index."""

import datetime as dt

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from reminders.models import Reminder
from reminders.selectors import REMINDER_OLDEST_DUE_SQL
from reminders.services import sweep_run_record
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
TOKEN = "s3cret-scrape-token-0123456789"
K, S = Reminder.Kind, Reminder.State


@pytest.fixture(autouse=True)
def frozen(time_machine, settings):
    time_machine.move_to(NOW, tick=False)
    settings.METRICS_TOKEN = TOKEN


def scrape(client, token=TOKEN, **extra):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="10.0.3.7:8000", **extra)


def samples(response) -> dict:
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def reminders(owner, rows: list[tuple[str, int, str]]) -> None:
    """Rows of (state, seconds from NOW to next_attempt_at, last_error), on interviews of their own."""
    interviews = InterviewFactory.create_batch(len(rows) // len(K.values) + 1, opportunity__owner=owner)
    Reminder.objects.all().delete()
    kinds = [(interview, kind) for interview in interviews for kind in K.values]
    for (state, offset, error), (interview, kind) in zip(rows, kinds, strict=False):
        at = NOW + dt.timedelta(seconds=offset)
        Reminder.objects.create(
            user=owner, interview=interview, kind=kind, due_at=at, next_attempt_at=at, state=state, last_error=error,
            sent_at=at if state == S.SENT else None,
        )  # fmt: skip


def test_the_numbers_match_the_rows(client, owner):
    reminders(
        owner,
        [
            (S.SENT, -3600, ""), (S.SENT, -1800, ""), (S.SENT, -60, ""),
            (S.SCHEDULED, -95, ""),  # the oldest due: 95 s of lag
            (S.SCHEDULED, -10, ""),
            (S.SCHEDULED, 120, "SMTPServerDisconnected: gone"),  # failed, its retry in 2 minutes: not due
            (S.SCHEDULED, 3600, ""),  # due later
            (S.CANCELLED, -7200, ""),
            (S.DROPPED, -99999, "TimeoutError: timed out"),
        ],
    )  # fmt: skip
    sweep_run_record(counts={"sent": 3, "failed": 1}, now=NOW - dt.timedelta(seconds=42))

    response = scrape(client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    found = samples(response)
    assert found[("debrief_reminder_sweep_lag_seconds", ())] == 95
    state = lambda name: (("state", name),)  # noqa: E731
    assert found[("debrief_reminders", state("sent"))] == 3
    assert found[("debrief_reminders", state("scheduled"))] == 4
    assert found[("debrief_reminders", state("cancelled"))] == 1
    assert found[("debrief_reminders", state("dropped"))] == 1
    assert found[("debrief_reminders_failed", state("scheduled"))] == 1
    assert found[("debrief_reminders_failed", state("dropped"))] == 1
    assert found[("debrief_reminders_failed", state("sent"))] == 0
    assert found[("debrief_sweep_age_seconds", ())] == 42
    assert found[("debrief_sweep_last_run_timestamp_seconds", ())] == (NOW - dt.timedelta(seconds=42)).timestamp()
    assert found[("debrief_sweep_last_run_reminders", (("result", "sent"),))] == 3
    assert found[("debrief_sweep_last_run_reminders", (("result", "failed"),))] == 1


def test_an_empty_site_exports_zeros_and_a_sweep_that_never_ran(client):
    found = samples(scrape(client))

    assert found[("debrief_reminder_sweep_lag_seconds", ())] == 0
    assert {labels: v for (name, labels), v in found.items() if name == "debrief_reminders"} == {
        (("state", state),): 0 for state in S.values
    }
    assert found[("debrief_sweep_last_run_timestamp_seconds", ())] == 0
    assert not [name for name, _ in found if name == "debrief_sweep_age_seconds"]


@pytest.mark.parametrize("rows", [3, 30])
def test_a_scrape_costs_three_queries_however_many_reminders(client, owner, rows, django_assert_num_queries):
    reminders(owner, [(S.SCHEDULED if n % 2 else S.SENT, -n, "") for n in range(rows)])
    sweep_run_record(counts={}, now=NOW)
    with django_assert_num_queries(3):  # the lag, the GROUP BY state, the sweep's row
        assert scrape(client).status_code == 200


def test_the_lag_query_uses_the_sweeps_partial_index():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Few rows here: forbid the sequential scan, so the plan shows whether the index can serve the query
            # at all (it can only if the query implies the index's condition, state = 'scheduled').
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + REMINDER_OLDEST_DUE_SQL, [NOW])
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + REMINDER_OLDEST_DUE_SQL, [NOW])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "reminder_sweep_idx" in plan, plan


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer wrong-token"},
        {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
        {"HTTP_AUTHORIZATION": f"Token {TOKEN}"},
        {"HTTP_AUTHORIZATION": "Bearer "},
        {"HTTP_X_METRICS_TOKEN": TOKEN},
    ],
)
def test_without_the_token_the_address_does_not_exist(client, headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()  # the site's own 404, like any other address
    assert client.get(f"/metrics?token={TOKEN}").status_code == 404  # never in a URL, where logs keep it


def test_when_the_setting_is_unset_no_token_opens_it(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer").status_code == 404


def test_a_scrape_without_the_token_is_refused_like_any_address_of_an_unknown_host(client):
    """Only the token's holder skips the host check: to anyone else a scrape by IP is a 400, as for any page."""
    assert scrape(client, token="wrong").status_code == 400


def test_the_scheme_is_read_case_blind_and_only_get_is_answered(client):
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"bearer {TOKEN}").status_code == 200
    assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404
