"""/healthz: 200 while the database and the broker answer and the sweep ran lately, 503 naming what failed; answered
to a load balancer probing by IP over plain HTTP, with no session, no cookie and nothing cached."""

import datetime as dt
import json
import socket
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client

from monitoring import checks
from reminders.models import SweepRun
from reminders.services import sweep_run_record
from tests.processes import free_port, redis_url_answering
from tests.urlwalk import writes_recorded

pytestmark = pytest.mark.django_db

# A load balancer's probe: the node's address as Host, which is in no ALLOWED_HOSTS.
PROBE = {"HTTP_HOST": "10.0.3.7:8000"}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to("2026-12-01 12:00:00Z", tick=False)


@pytest.fixture
def up_for_an_hour(monkeypatch):
    monkeypatch.setattr(checks, "STARTED_AT", checks.timezone.now() - dt.timedelta(hours=1))


@pytest.fixture
def just_started(monkeypatch):
    monkeypatch.setattr(checks, "STARTED_AT", checks.timezone.now() - dt.timedelta(seconds=20))


def probe(client, **extra):
    response = client.get("/healthz", **{**PROBE, **extra})
    return response, json.loads(response.content)


def swept(seconds_ago: float) -> None:
    sweep_run_record(counts={"sent": 2}, now=checks.timezone.now() - dt.timedelta(seconds=seconds_ago))


def test_healthy_site_answers_200_naming_each_check(client, up_for_an_hour, django_assert_num_queries):
    swept(30)
    with django_assert_num_queries(2), writes_recorded() as writes:  # SELECT 1, and the sweep's row
        response, body = probe(client)

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "broker", "sweep"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["sweep"]["detail"] == "last ran 30 s ago"
    assert writes == []


def test_probe_by_ip_over_plain_http_is_answered_while_other_pages_refuse_that_host(client, settings, up_for_an_hour):
    """The load balancer's Host is no host of the site, and it talks HTTP inside the network: /healthz answers
    anyway, while every other page still refuses the Host (400) and production's HTTPS redirect still applies."""
    settings.SECURE_SSL_REDIRECT = True
    swept(10)
    response, _ = probe(client)

    assert response.status_code == 200
    assert client.get("/accounts/login/", **PROBE).status_code == 400
    assert client.get("/accounts/login/").status_code == 301  # an allowed host, plain HTTP: sent to HTTPS


def test_nothing_is_cached_and_no_session_or_cookie_is_made(client, up_for_an_hour):
    swept(10)
    response, _ = probe(client)

    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies
    assert not Session.objects.exists()


def test_a_probe_needs_no_csrf_token_and_a_post_is_refused_like_any_other(client, up_for_an_hour):
    swept(10)
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/healthz", **PROBE).status_code == 200
    assert strict.post("/healthz").status_code == 403  # no token: refused like every POST of the site
    assert client.post("/healthz").status_code == 405  # with one: the probe takes GET (and HEAD) only
    assert client.head("/healthz", **PROBE).status_code == 200


def test_database_down_is_a_503_naming_it(client, up_for_an_hour):
    swept(10)
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response, body = probe(client)

    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["failed"] == ["database", "sweep"]  # the sweep's age cannot be read either
    assert body["checks"]["database"] == {"ok": False, "detail": "does not answer"}
    assert "refused" not in response.content.decode()  # the reason goes to the log, not to the world


def test_broker_down_is_a_503_naming_it(client, settings, up_for_an_hour):
    swept(10)
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"  # a closed port
    response, body = probe(client)

    assert response.status_code == 503
    assert body["failed"] == ["broker"]
    assert body["checks"]["broker"] == {"ok": False, "detail": "does not answer"}
    assert body["checks"]["database"]["ok"] and body["checks"]["sweep"]["ok"]


def test_real_redis_answers(client, settings, up_for_an_hour):
    settings.CELERY_BROKER_URL = redis_url_answering()
    swept(10)
    response, body = probe(client)

    assert response.status_code == 200, body
    assert body["checks"]["broker"]["detail"].startswith("answers, ")


def test_the_embedded_sqlite_broker_answers_and_one_it_cannot_open_fails(tmp_path):
    assert checks.broker_check(url=f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}").ok
    assert (tmp_path / "broker.sqlite3").exists()  # a real round trip: opening a kombu connection alone is lazy

    missing = checks.broker_check(url=f"sqla+sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'broker.sqlite3'}")
    assert missing == checks.Check("broker", False, "does not answer")


def test_a_stale_sweep_is_a_503_once_the_site_has_had_time_to_sweep(client, settings, up_for_an_hour):
    settings.SWEEP_STALE_AFTER_SECONDS = 300
    swept(301)
    response, body = probe(client)

    assert response.status_code == 503
    assert body["failed"] == ["sweep"]
    assert body["checks"]["sweep"]["detail"] == "last ran 301 s ago (limit 300 s)"

    swept(299)
    assert probe(client)[0].status_code == 200


def test_a_sweep_that_never_ran_fails_only_after_the_first_minutes(client, up_for_an_hour):
    assert not SweepRun.objects.exists()
    response, body = probe(client)

    assert response.status_code == 503
    assert body["checks"]["sweep"] == {"ok": False, "detail": "never ran"}


def test_a_fresh_start_is_healthy_before_its_first_sweep(client, just_started):
    """Compose starts the worker and beat only once web is healthy: web must not wait for a sweep to pass."""
    response, body = probe(client)

    assert response.status_code == 200
    assert body["checks"]["sweep"] == {"ok": True, "detail": "waiting for the first sweep"}


def test_a_restart_after_a_long_stop_is_healthy_while_the_sweep_catches_up(client, just_started):
    swept(3 * 24 * 3600)  # the site was down for three days
    assert probe(client)[0].status_code == 200


def test_a_broker_that_accepts_and_never_answers_fails_after_the_timeout():
    """A hung Redis (the port open, nothing said back) must not hang the probe: the socket timeout ends it."""
    with socket.create_server(("127.0.0.1", 0)) as silent:  # the kernel completes the handshake; nobody reads
        port = silent.getsockname()[1]
        assert checks.broker_check(url=f"redis://127.0.0.1:{port}/0", timeout=0.5) == checks.Check(
            "broker", False, "does not answer"
        )
