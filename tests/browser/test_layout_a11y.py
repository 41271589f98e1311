"""The shared layout (navigation, footer, flash messages) passes axe at desktop width, logged in and out."""

from tests.conftest import browser_login


def test_logged_in_layout_has_no_serious_accessibility_violations(
    live_server, desktop_page, owner, assert_no_serious_a11y_violations
):
    browser_login(desktop_page, live_server, owner.email)
    for path in ("/", "/me/profile/"):
        desktop_page.goto(live_server.url + path)
        assert_no_serious_a11y_violations(desktop_page)


def test_welcome_page_has_no_serious_accessibility_violations(
    live_server, desktop_page, assert_no_serious_a11y_violations
):
    desktop_page.goto(live_server.url + "/")
    assert_no_serious_a11y_violations(desktop_page)
