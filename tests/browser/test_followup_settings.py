"""On a phone: turn a reminder kind off, create a private calendar link that works, then revoke it."""

from playwright.sync_api import expect

from followups.models import FollowUpSettings
from tests.conftest import browser_login


def test_reminder_choices_and_calendar_link_from_the_profile(
    live_server, phone_page, owner, client, assert_no_serious_a11y_violations
):
    page = phone_page
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/me/profile/")
    page.get_by_test_id("reminder-settings-link").click()
    expect(page.get_by_role("heading", name="Reminders and calendar")).to_be_visible()
    assert_no_serious_a11y_violations(page)

    page.get_by_label("Thank-you window closes in 2 hours").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your reminder choices are saved.")).to_be_visible()
    row = FollowUpSettings.objects.get(user=owner)
    assert row.remind_thanks_closing is False and row.remind_thanks_passed is True

    page.get_by_role("button", name="Create a link").click()
    feed_url = page.get_by_test_id("feed-url").input_value()
    path = feed_url.removeprefix(live_server.url)
    assert client.get(path).status_code == 200

    page.get_by_role("button", name="Revoke the link").click()
    expect(page.get_by_text("The calendar link is revoked.")).to_be_visible()
    assert client.get(path).status_code == 404
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
