"""Changing the password while logged in: the current one is required, the new one works at once."""

import pytest
from django.core import mail

NEW_PASSWORD = "lighthouse-meadow-copper-5"


@pytest.mark.django_db
def test_password_change_needs_the_current_password(owner_client, owner, password):
    response = owner_client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-my-password-1", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.get("oldpassword")
    owner.refresh_from_db()
    assert owner.check_password(password)


@pytest.mark.django_db
def test_password_change_keeps_the_person_logged_in_and_tells_them_by_email(owner_client, owner, password):
    response = owner_client.post(
        "/accounts/password/change/",
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert owner_client.get("/me/profile/").status_code == 200
    # ACCOUNT_EMAIL_NOTIFICATIONS: the owner hears about it, in case it was not them.
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


@pytest.mark.django_db
def test_password_change_refuses_a_weak_new_password(owner_client, owner, password):
    response = owner_client.post(
        "/accounts/password/change/", {"oldpassword": password, "password1": "12345678901", "password2": "12345678901"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors.get("password1")
    owner.refresh_from_db()
    assert owner.check_password(password)
