"""Links in emails come from SITE_URL whatever Host the request came with (issue 12, finding 6): the password reset,
the sign-up confirmation and the "you already have an account" mail, in both their text and HTML bodies."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.accounts.test_signup import signup_data

pytestmark = pytest.mark.django_db
SITE = "https://debrief.example"
OTHER_HOST = {"HTTP_HOST": "127.0.0.1:8123"}  # a name the site answers to, not its public address
URL = re.compile(r"https?://[^\s\"'<>]+")


def links_of(message) -> list[str]:
    bodies = [message.body, *(content for content, _ in getattr(message, "alternatives", []))]
    return [url for body in bodies for url in URL.findall(body)]


def assert_links_on_site(message):
    links = links_of(message)
    assert links, message.body
    assert all(url.startswith(SITE + "/") for url in links), links
    assert "127.0.0.1" not in message.body


@override_settings(SITE_URL=SITE)
def test_password_reset_links_come_from_site_url_not_the_requests_host(client, owner):
    response = client.post("/accounts/password/reset/", {"email": owner.email}, **OTHER_HOST)

    assert response.status_code == 302
    (message,) = mail.outbox
    assert_links_on_site(message)
    assert any("/accounts/password/reset/key/" in url for url in links_of(message))


@override_settings(SITE_URL=SITE)
def test_sign_up_confirmation_links_come_from_site_url_not_the_requests_host(client):
    response = client.post("/accounts/signup/", signup_data(), **OTHER_HOST)

    assert response.status_code == 302
    (message,) = mail.outbox
    assert_links_on_site(message)
    assert any("/accounts/confirm-email/" in url for url in links_of(message))


@override_settings(SITE_URL=SITE)
def test_signing_up_again_with_a_known_address_mails_links_on_site_url(client, owner):
    response = client.post("/accounts/signup/", signup_data(email=owner.email), **OTHER_HOST)

    assert response.status_code == 302
    (message,) = mail.outbox
    assert_links_on_site(message)
