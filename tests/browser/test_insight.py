"""On a phone, as the demo candidate: Today lists the due note first, Progress shows its charts and tables, the data
page downloads an export; axe finds nothing serious on either page."""

import json
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from insight.management.commands.seed_demo import CANDIDATE_EMAIL, DEMO_PASSWORD
from tests.conftest import browser_login


def _login_demo(page, live_server):
    call_command("seed_demo", stdout=None)
    browser_login(page, live_server, CANDIDATE_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("button", name="Sign In")).to_have_count(0)


def test_progress_shows_charts_and_tables_on_a_phone(live_server, phone_page, assert_no_serious_a11y_violations):
    page = phone_page
    _login_demo(page, live_server)
    page.goto(f"{live_server.url}/progress/")
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    expect(page.get_by_test_id("chart-scores").locator("svg[role=img]")).to_be_visible()
    expect(page.get_by_test_id("table-scores").locator("tbody tr")).to_have_count(6)
    expect(page.get_by_test_id("table-topics")).to_be_visible()
    expect(page.get_by_test_id("weakest-questions").locator("> li")).to_have_count(5)
    expect(page.get_by_test_id("learning-counts")).to_contain_text("1 open, 1 done")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_a11y_violations(page)


def test_today_lists_the_due_note_first(live_server, phone_page, assert_no_serious_a11y_violations):
    page = phone_page
    _login_demo(page, live_server)
    page.goto(f"{live_server.url}/")
    first_due = page.get_by_test_id("due-now").locator("li").first
    expect(first_due).to_contain_text("Northwind Analytics")
    assert_no_serious_a11y_violations(page)


def test_data_page_downloads_the_json_export(live_server, phone_page, assert_no_serious_a11y_violations):
    page = phone_page
    _login_demo(page, live_server)
    page.goto(f"{live_server.url}/me/profile/")
    page.get_by_test_id("your-data-link").click()
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()
    assert_no_serious_a11y_violations(page)
    with page.expect_download() as info:
        page.get_by_test_id("export-json").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert len(exported["tables"]["interviews.interview"]) == 6


def test_offers_reorder_when_a_weight_changes(live_server, phone_page, owner, assert_no_serious_a11y_violations):
    from insight.models import Offer
    from tests.factories import OpportunityFactory

    for company, salary_rating, interest in (("Paysalot", 10, 3), ("Lovely", 4, 10)):
        opportunity = OpportunityFactory(company__owner=owner, company__name=company, status="offer")
        Offer.objects.create(opportunity=opportunity, salary=1000, salary_rating=salary_rating, interest=interest)
    page = phone_page
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/offers/")
    ranking = page.get_by_test_id("offer")
    expect(ranking.first).to_have_attribute("data-company", "Lovely")
    assert_no_serious_a11y_violations(page)

    page.get_by_label("Salary").fill("10")
    page.get_by_label("Interest").fill("0")
    page.get_by_role("button", name="Save weights and rank again").click()
    expect(page.get_by_text("the offers are ranked again")).to_be_visible()
    expect(ranking.first).to_have_attribute("data-company", "Paysalot")

    page.get_by_label("Interest").fill("11")
    page.get_by_role("button", name="Save weights and rank again").click()
    expect(page.locator(".invalid-feedback")).to_be_visible()
    expect(ranking.first).to_have_attribute("data-company", "Paysalot")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
