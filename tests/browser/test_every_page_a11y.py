"""axe finds no serious or critical problem on any page (issue 18): every page the walk finds (tests/pagewalk.py),
one address per view, for the owner of the world of tests/world.py (something behind every URL), the linked
recruiter and a visitor, in Chromium at 375×740."""

from django.test import Client
from playwright.sync_api import expect

from tests.conftest import browser_login
from tests.pagewalk import first_html_page_per_view, tokens_of

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def test_every_page_passes_axe(live_server, world, owner, recruiter, new_page, assert_no_serious_a11y_violations):
    tokens = tokens_of(world)
    seen = set()
    for user in (owner, recruiter, None):
        client = Client()
        if user:
            client.force_login(user)
        urls = first_html_page_per_view(client, tokens)
        page = new_page(**PHONE)
        if user:
            browser_login(page, live_server, user.email)
            expect(page.get_by_test_id("logout")).to_be_attached()
        for name, url in sorted(urls.items()):
            if (name, user is None) in seen and name != "home":
                continue  # the same page for a second logged-in visitor
            seen.add((name, user is None))
            page.goto(live_server.url + url)
            assert_no_serious_a11y_violations(page)
    assert len(seen) > 40, sorted(seen)
