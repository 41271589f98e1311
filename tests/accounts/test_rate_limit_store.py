"""The rate-limit counters' store (issue 12, finding 2): traffic cannot cull a lock. Django's DatabaseCache would
delete a third of its rows, in key order, once it held MAX_ENTRIES (300 by default): 350 password-reset requests
for unknown addresses then wiped an account's login lock. Our store deletes only rows whose time is up."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from tests.accounts.test_login_rate_limit import PAUSED, WRONG, fail_five_times, login

pytestmark = pytest.mark.django_db
ACCOUNT_PAUSED = b"sign-in is paused for this account"
ADDRESS_PAUSED = b"sign-in from your network address is paused"


def flood_password_resets(client, *, requests: int = 350, addresses: int = 25):
    """The repro of the issue: unknown addresses, from 25 loopback addresses, each under its 20-a-minute limit."""
    for n in range(requests):
        response = client.post(
            "/accounts/password/reset/",
            {"email": f"nobody-{n}@example.com"},
            REMOTE_ADDR=f"127.0.0.{n % addresses + 2}",
        )
        assert response.status_code == 302


def test_a_flood_of_password_resets_does_not_wipe_an_accounts_login_lock(client, owner, password):
    with time_machine.travel(timezone.now(), tick=False):
        fail_five_times(client, "owner@example.com")
        flood_password_resets(client)

        response = login(client, "owner@example.com", password, ip="203.0.113.50")

    assert ACCOUNT_PAUSED in response.content
    assert "_auth_user_id" not in client.session


def test_the_store_never_drops_a_live_counter_and_writes_past_the_threshold_clear_expired_ones():
    from django.db import connection

    threshold = cache._max_entries  # past it, each write also cleans the table
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        cache.set("a-lock", [1.0], 900)  # sorts first, as allauth's "allauth:rl:…:login_failed" keys did
        for n in range(threshold + 50):
            cache.set(f"z-short-{n}", n, 60)
        assert cache.get("a-lock") == [1.0]

        traveller.shift(dt.timedelta(minutes=2))
        for n in range(threshold + 50):
            cache.set(f"z-later-{n}", n, 600)

        assert cache.get("a-lock") == [1.0]
        assert all(cache.get(f"z-later-{n}") == n for n in range(threshold + 50))
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM debrief_cache WHERE cache_key LIKE %s", ["%z-short-%"])
            assert cursor.fetchone()[0] == 0


def test_other_people_on_a_paused_address_are_told_it_is_the_address_not_their_account(client, owner, password):
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(5):
            login(client, f"guess{n}@example.com", WRONG, ip="198.51.100.7")

        response = login(client, "owner@example.com", password, ip="198.51.100.7")

    assert PAUSED in response.content
    assert ADDRESS_PAUSED in response.content
    assert ACCOUNT_PAUSED not in response.content
