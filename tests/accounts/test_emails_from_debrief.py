"""Emails come from Debrief (issue 18): allauth's too name the site "Debrief" and link to SITE_URL, whatever Host the
request came with, and every email has a text and an HTML part from the one sender."""

import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.template.loader import get_template

from accounts.services import link_invitation_create
from tests.accounts.test_signup import signup_data

# A name the site answers to (ALLOWED_HOSTS) that is not its public address.
OTHER_HOST = "127.0.0.1"
ALLAUTH_EMAILS = Path(allauth.__file__).parent / "templates" / "account" / "email"


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def assert_from_debrief(message):
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    html = [content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"]
    assert message.body.strip() and len(html) == 1, message.subject
    for part in (message.body, html[0]):
        assert OTHER_HOST not in part
        assert links_in(part), part
        assert all(link.startswith(settings.SITE_URL + "/") for link in links_in(part)), links_in(part)
    return html[0]


@pytest.mark.django_db
def test_the_site_is_debrief_at_site_url():
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Debrief", "testserver")


@pytest.mark.django_db
def test_sign_up_email_from_another_host_greets_from_debrief_and_links_to_site_url(client):
    response = client.post("/accounts/signup/", signup_data(), HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302
    (message,) = mail.outbox
    html = assert_from_debrief(message)
    assert "Hello from Debrief!" in message.body
    assert "Debrief" in html and "/accounts/confirm-email/" in html


@pytest.mark.django_db
def test_password_reset_email_from_another_host_links_to_site_url(client, owner):
    client.post("/accounts/password/reset/", {"email": owner.email}, HTTP_HOST=OTHER_HOST)
    (message,) = mail.outbox
    html = assert_from_debrief(message)
    assert "/accounts/password/reset/key/" in message.body and "/accounts/password/reset/key/" in html


@pytest.mark.django_db
def test_sign_up_again_with_a_taken_address_is_told_so_with_site_url_links(client, owner):
    client.post("/accounts/signup/", signup_data(email=owner.email), HTTP_HOST=OTHER_HOST)
    (message,) = mail.outbox
    assert_from_debrief(message)


def test_every_allauth_email_has_an_html_part():
    texts = sorted(p.name for p in ALLAUTH_EMAILS.glob("*_message.txt") if p.name != "base_message.txt")
    assert len(texts) > 10
    for name in texts:
        html = name.replace(".txt", ".html")
        assert Path(get_template(f"account/email/{html}").origin.name).is_relative_to(settings.BASE_DIR), html


@pytest.mark.django_db
def test_the_link_invitation_email_has_both_parts_and_the_same_sender(owner):
    link_invitation_create(inviter=owner, email="someone@example.com")
    (message,) = mail.outbox
    assert_from_debrief(message)
