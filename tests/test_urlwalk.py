"""The URL walker and the write recorder that the permission matrix and the security checklist share."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache

from accounts.models import User
from tests.urlwalk import endpoints, writes_recorded

pytestmark = pytest.mark.django_db


def test_an_update_that_writes_the_same_value_is_still_a_write(owner):
    with writes_recorded() as writes:
        User.objects.filter(pk=owner.pk).update(display_name=owner.display_name)
        owner.save()

    assert [table for table, _ in writes] == ["accounts_user", "accounts_user"]


def test_inserts_and_deletes_are_writes_and_reads_are_not(owner):
    with writes_recorded() as writes:
        list(User.objects.all())
        other = User.objects.create_user(email="someone@example.com", password="x" * 12)
        other.delete()

    assert {table for table, _ in writes} >= {"accounts_user"}
    assert all(sql.split()[0].upper() in {"INSERT", "DELETE", "UPDATE"} for _, sql in writes)


def test_the_requests_own_session_and_the_cache_are_not_watched():
    with writes_recorded() as writes:
        session = SessionStore()
        session["seen"] = True
        session.save()
        cache.set("counter", 1)

    assert writes == []


def test_every_pattern_is_walked_admin_ones_marked():
    found = {endpoint.name: endpoint for endpoint in endpoints()}

    assert found["interviews:detail"].params == ("pk",) and not found["interviews:detail"].admin
    assert found["admin:index"].admin
    unnamed = {e.route: e for e in found.values() if not e.named}
    catch_all = next(e for route, e in unnamed.items() if route.endswith("(?P<url>.*)$"))
    assert catch_all.admin and catch_all.url({"url": "nowhere/"}).endswith("/nowhere/")
    redirect = next(e for route, e in unnamed.items() if route.endswith("group/<path:object_id>/"))
    assert redirect.url({"object_id": 7}).endswith("/auth/group/7/")
