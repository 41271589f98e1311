"""Sign-up: bad input gets field errors with the rest of the input kept and nothing created; good input creates
an unverified candidate or recruiter and sends the verification email."""

import html

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User

GOOD_PASSWORD = "plum-orchard-sunrise-48"
SCRIPT_NAME = "<script>alert('x')</script> Ann"


def signup_data(**overrides):
    data = {
        "email": "new.person@example.com",
        "role": "candidate",
        "display_name": "Nina Newcomer",
        "time_zone": "Europe/Berlin",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def field_errors(response, field):
    form = response.context["form"]
    return form.errors.get(field, [])


@pytest.mark.django_db
def test_good_sign_up_creates_an_unverified_user_with_the_chosen_role_and_zone(client):
    response = client.post("/accounts/signup/", signup_data(role="recruiter", email="Nina@Example.com"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get()
    assert user.email.lower() == "nina@example.com"
    assert user.role == User.Role.RECRUITER
    assert user.display_name == "Nina Newcomer"
    assert user.time_zone == "Europe/Berlin"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    # Mandatory verification: signing up does not log in.
    assert "_auth_user_id" not in client.session


BAD_INPUT = [
    pytest.param({"email": "not-an-email"}, "email", id="malformed-email"),
    pytest.param({"email": "two@@example.com"}, "email", id="double-at-email"),
    pytest.param({"email": ""}, "email", id="missing-email"),
    pytest.param({"password1": "short-1", "password2": "short-1"}, "password1", id="too-short-password"),
    pytest.param({"password1": "password123", "password2": "password123"}, "password1", id="common-password"),
    pytest.param({"password1": "8675309123456", "password2": "8675309123456"}, "password1", id="numeric-password"),
    pytest.param({"password2": GOOD_PASSWORD + "!"}, "password2", id="mismatched-passwords"),
    pytest.param({"time_zone": "Mars/Olympus_Mons"}, "time_zone", id="unknown-time-zone"),
    pytest.param({"time_zone": "US/Pacific"}, "time_zone", id="legacy-zone-alias"),
    pytest.param({"role": "admin"}, "role", id="unknown-role"),
    pytest.param({"display_name": "N" * 10_000}, "display_name", id="10000-character-name"),
    pytest.param({"email": "a" * 10_000 + "@example.com"}, "email", id="10000-character-email"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), BAD_INPUT)
def test_bad_sign_up_input_gets_a_field_error_keeps_the_input_and_creates_nothing(client, overrides, field):
    data = signup_data(**overrides)

    response = client.post("/accounts/signup/", data)

    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert b"invalid-feedback" in response.content
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []
    page = response.content.decode()
    # What the person typed is still there (passwords excepted, as browsers expect).
    for name in ("email", "display_name"):
        if data[name]:
            assert f'value="{html.escape(data[name])}"' in page, name
    if field != "time_zone":
        assert f'<option value="{data["time_zone"]}" selected>' in page


@pytest.mark.django_db
def test_an_existing_email_in_other_letter_case_creates_no_second_account(client, owner):
    # Enumeration is prevented (ACCOUNT_PREVENT_ENUMERATION): the page must not reveal that the address is
    # registered, so the answer is the same as for a new address, and the real owner is told by email instead.
    response = client.post("/accounts/signup/", signup_data(email="OWNER@example.COM"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact="owner@example.com").count() == 1
    assert User.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert "already" in mail.outbox[0].subject.lower()
    owner.refresh_from_db()
    assert owner.display_name == "Olivia Owner"
    assert owner.time_zone == "Europe/London"


@pytest.mark.django_db
def test_script_in_the_name_is_shown_escaped_when_the_form_comes_back(client):
    response = client.post("/accounts/signup/", signup_data(display_name=SCRIPT_NAME, password2="mismatch-0000"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert html.escape(SCRIPT_NAME) in page
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_script_in_the_name_is_stored_as_text_and_shown_escaped_after_sign_up(client):
    client.post("/accounts/signup/", signup_data(display_name=SCRIPT_NAME))
    user = User.objects.get()
    assert user.display_name == SCRIPT_NAME.strip()

    EmailAddress.objects.filter(user=user).update(verified=True)
    client.post("/accounts/login/", {"login": user.email, "password": GOOD_PASSWORD})
    page = client.get("/").content.decode()
    assert "<script>alert" not in page
    assert html.escape(SCRIPT_NAME) in page


@pytest.mark.django_db
def test_password_too_similar_to_the_email_is_refused(client):
    response = client.post(
        "/accounts/signup/",
        signup_data(email="winterbottom.ann@example.com", password1="winterbottom.ann", password2="winterbottom.ann"),
    )
    assert response.status_code == 200
    assert field_errors(response, "password1")
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_unverified_user_cannot_log_in(client):
    client.post("/accounts/signup/", signup_data())
    mail.outbox.clear()

    response = client.post("/accounts/login/", {"login": "new.person@example.com", "password": GOOD_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
