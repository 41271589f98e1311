"""Password reset by email: the link works once, the new password replaces the old one, and an unknown address
gets exactly the answer a known one gets."""

import re

import pytest
from django.core import mail

RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")
NEW_PASSWORD = "a-brand-new-passphrase-42"


def login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def reset_link_from_outbox() -> str:
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    match = RESET_LINK.search(mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_and_the_old_one_stops_working(client, owner, password):
    response = client.post("/accounts/password/reset/", {"email": "Owner@Example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert mail.outbox[0].to == ["owner@example.com"]
    link = reset_link_from_outbox()

    # The emailed link stores its key in the session and moves to a page without the key in its address.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.get(form_url)
    assert response.status_code == 200
    assert b'name="password1"' in response.content

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"

    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert not owner.check_password(password)

    client.logout()
    refused = login(client, "owner@example.com", password)
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"not correct" in refused.content

    accepted = login(client, "owner@example.com", NEW_PASSWORD)
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@pytest.mark.django_db
def test_reset_link_cannot_be_used_twice(client, owner):
    client.post("/accounts/password/reset/", {"email": "owner@example.com"})
    link = reset_link_from_outbox()
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    # A fresh browser (say, someone who found the email later) follows the same link.
    client.logout()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert b'name="password1"' not in response.content
    assert b"invalid" in response.content.lower()

    # Posting a password straight at the form address does nothing either.
    response = client.post(form_url, {"password1": "yet-another-pass-777", "password2": "yet-another-pass-777"})
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_reset_with_mismatched_passwords_keeps_the_old_password(client, owner, password):
    client.post("/accounts/password/reset/", {"email": "owner@example.com"})
    form_url = client.get(reset_link_from_outbox())["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert response.status_code == 200
    assert b"invalid-feedback" in response.content
    owner.refresh_from_db()
    assert owner.check_password(password)


@pytest.mark.django_db
def test_reset_for_an_unknown_address_answers_exactly_like_a_known_one(client, owner):
    known = client.post("/accounts/password/reset/", {"email": "owner@example.com"}, follow=True)
    assert len(mail.outbox) == 1
    mail.outbox.clear()

    unknown = client.post("/accounts/password/reset/", {"email": "nobody-here@example.com"}, follow=True)

    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain
    assert visible_text(unknown) == visible_text(known)
    assert mail.outbox == []


def visible_text(response) -> str:
    """The page as a person reads it: tags, the per-request CSRF token and whitespace removed."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.split())
