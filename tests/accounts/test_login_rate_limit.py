"""Failed logins are limited to 5 per 15 minutes per account and per IP; the pause ends by itself.

allauth keeps its counters in the cache (the database cache here) stamped with time.time(), so time-machine
moves both the stamps and the cache's expiry."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import make_user

WRONG = "not-the-password-0"
PAUSED = b"Too many failed sign-in attempts"


def login(client, email, password, ip="127.0.0.1"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def fail_five_times(client, email, ip="127.0.0.1"):
    for _ in range(5):
        response = login(client, email, WRONG, ip=ip)
        assert response.status_code == 200
        assert PAUSED not in response.content


@pytest.mark.django_db
def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_message(client, owner, password):
    with time_machine.travel(timezone.now(), tick=False):
        fail_five_times(client, "owner@example.com")

        response = login(client, "owner@example.com", password)

    assert response.status_code == 200
    assert PAUSED in response.content
    assert b"try again in 15 minutes" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_works_again_after_the_cool_off(client, owner, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        fail_five_times(client, "owner@example.com")

        traveller.shift(dt.timedelta(minutes=14))
        assert PAUSED in login(client, "owner@example.com", password).content

        traveller.shift(dt.timedelta(minutes=1, seconds=1))
        response = login(client, "owner@example.com", password)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@pytest.mark.django_db
def test_the_account_limit_holds_when_the_attacker_changes_ip(client, owner, password):
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(5):
            login(client, "owner@example.com", WRONG, ip=f"198.51.100.{n + 1}")

        response = login(client, "OWNER@example.com", password, ip="203.0.113.9")

    assert PAUSED in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_ip_limit_holds_when_the_attacker_changes_account(client, owner, password):
    make_user("someone@example.com")
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(5):
            login(client, f"guess{n}@example.com", WRONG, ip="198.51.100.7")

        from_same_ip = login(client, "owner@example.com", password, ip="198.51.100.7")
        from_elsewhere = login(client, "someone@example.com", password, ip="203.0.113.9")

    assert PAUSED in from_same_ip.content
    assert from_elsewhere.status_code == 302


@pytest.mark.django_db
def test_successful_logins_do_not_use_up_the_limit(client, owner, password):
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(7):
            assert login(client, "owner@example.com", password).status_code == 302
            client.logout()
        fail_five_times(client, "owner@example.com")
