"""Times are shown in the viewer's own zone; visitors and broken zones see UTC."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.test.signals import template_rendered
from django.utils import timezone

from accounts.middleware import UserTimezoneMiddleware

# 09:30 UTC on a summer day: 10:30 in London (BST), 05:30 in New York (EDT), 18:30 in Tokyo.
MOMENT = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)


def render_moment(request):
    html = Template("{{ moment|date:'H:i e' }}").render(Context({"moment": MOMENT}))
    return HttpResponse(html)


def shown_to(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    try:
        return UserTimezoneMiddleware(render_moment)(request).content.decode()
    finally:
        timezone.deactivate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Europe/London", "10:30 BST"), ("America/New_York", "05:30 EDT"), ("Asia/Tokyo", "18:30 JST")],
)
def test_times_are_shown_in_the_users_zone(owner, zone, expected):
    owner.time_zone = zone
    assert shown_to(owner) == expected


def test_visitors_see_utc():
    assert shown_to(AnonymousUser()) == "09:30 UTC"


@pytest.mark.django_db
def test_a_stored_zone_that_no_longer_exists_falls_back_to_utc(owner):
    owner.time_zone = "Nowhere/Gone"
    assert shown_to(owner) == "09:30 UTC"


@pytest.mark.django_db
def test_the_zone_of_one_request_does_not_leak_into_the_next(owner):
    owner.time_zone = "Asia/Tokyo"
    middleware = UserTimezoneMiddleware(render_moment)
    first = RequestFactory().get("/")
    first.user = owner
    second = RequestFactory().get("/")
    second.user = AnonymousUser()
    try:
        assert middleware(first).content.decode() == "18:30 JST"
        assert middleware(second).content.decode() == "09:30 UTC"
    finally:
        timezone.deactivate()


@pytest.mark.django_db
def test_the_users_zone_is_active_while_a_real_page_renders(owner_client, owner):
    seen = []

    def capture(sender, **kwargs):
        seen.append(timezone.get_current_timezone_name())

    template_rendered.connect(capture)
    try:
        owner_client.get("/me/profile/")
    finally:
        template_rendered.disconnect(capture)
    assert seen
    assert set(seen) == {"Europe/London"}
