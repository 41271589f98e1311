"""A newcomer signs up in Chromium, confirms the address from the email, logs in, sees Today and logs out;
on a laptop and on a 375×740 phone where the menu is collapsed."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User

PASSWORD = "quiet-harbour-lantern-73"
CONFIRM_LINK = re.compile(r"https?://\S+?(/accounts/confirm-email/\S+/)")


def open_menu_if_collapsed(page):
    toggler = page.get_by_test_id("menu").locator("summary")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator(".site-menu-body")).to_be_visible()


def sign_up(page, live_server, *, email, name):
    page.goto(live_server.url + "/")
    open_menu_if_collapsed(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")

    page.get_by_label("Email").fill(email)
    page.get_by_label("I'm looking for a job").check()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(live_server.url + "/accounts/confirm-email/")


def confirm_from_email(page, live_server, email):
    messages = [m for m in mail.outbox if m.to == [email]]
    assert len(messages) == 1, [(m.to, m.subject) for m in mail.outbox]
    match = CONFIRM_LINK.search(messages[0].body)
    assert match, messages[0].body
    # Links in emails start with SITE_URL; the live server listens elsewhere.
    page.goto(live_server.url + match.group(1))
    # ACCOUNT_CONFIRM_EMAIL_ON_GET is off: opening the link alone (as mail scanners do) confirms nothing.
    assert not EmailAddress.objects.get(email=email).verified
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert EmailAddress.objects.get(email=email).verified


def log_in(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def log_out(page, live_server):
    open_menu_if_collapsed(page)
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("link", name="Create an account")).to_be_visible()


def assert_on_today(page, live_server, name):
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_test_id("greeting")).to_have_text(f"Hello, {name}.")


@pytest.mark.django_db(transaction=True)
def test_candidate_signs_up_confirms_logs_in_and_out_on_a_laptop(new_page, live_server):
    page = new_page(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo")
    email = "laptop.user@example.com"

    sign_up(page, live_server, email=email, name="Lena Laptop")
    user = User.objects.get(email=email)
    assert user.role == User.Role.CANDIDATE
    # static/js/app.js picked the browser's own zone on the empty form.
    assert user.time_zone == "Asia/Tokyo"

    confirm_from_email(page, live_server, email)
    log_in(page, email)
    assert_on_today(page, live_server, "Lena Laptop")

    log_out(page, live_server)
    page.goto(live_server.url + "/me/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/me/profile/"))


@pytest.mark.django_db(transaction=True)
def test_candidate_signs_up_confirms_logs_in_and_out_on_a_phone_through_the_collapsed_menu(new_page, live_server):
    page = new_page(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, timezone_id="America/Chicago"
    )
    email = "phone.user@example.com"

    page.goto(live_server.url + "/")
    # At 375 px the menu starts collapsed: its links are hidden until the toggler opens it.
    toggler = page.get_by_test_id("menu").locator("summary")
    expect(toggler).to_be_visible()
    expect(page.locator(".site-menu-body").get_by_role("link", name="Sign up")).to_be_hidden()

    sign_up(page, live_server, email=email, name="Pat Phone")
    assert User.objects.get(email=email).time_zone == "America/Chicago"
    confirm_from_email(page, live_server, email)
    log_in(page, email)
    assert_on_today(page, live_server, "Pat Phone")
    expect(page.get_by_test_id("logout")).to_be_hidden()

    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    log_out(page, live_server)


@pytest.mark.django_db(transaction=True)
def test_sign_up_with_mismatched_passwords_keeps_the_form_and_the_chosen_zone(new_page, live_server):
    page = new_page(viewport={"width": 375, "height": 740}, timezone_id="Asia/Tokyo")
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("typo.user@example.com")
    page.get_by_label("Your name").fill("Tia Typo")
    page.get_by_label("Time zone").select_option("Europe/Lisbon")
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD + "x")
    page.get_by_role("button", name="Sign Up").click()

    expect(page.locator(".invalid-feedback")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("typo.user@example.com")
    expect(page.get_by_label("Your name")).to_have_value("Tia Typo")
    # The script must not overwrite a choice the person made on a form that came back with errors.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Lisbon")
    assert not User.objects.filter(email="typo.user@example.com").exists()
    assert urlsplit(page.url).path == "/accounts/signup/"
