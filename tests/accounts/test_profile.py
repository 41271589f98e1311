"""The profile page: name and time zone save; bad input gets field errors and changes nothing."""

import html

import pytest

PROFILE = "/me/profile/"


@pytest.mark.django_db
def test_profile_requires_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_profile_shows_the_current_name_and_zone(owner_client):
    page = owner_client.get(PROFILE).content.decode()
    assert 'value="Olivia Owner"' in page
    assert '<option value="Europe/London" selected>' in page


@pytest.mark.django_db
def test_profile_saves_name_and_time_zone(owner_client, owner):
    response = owner_client.post(PROFILE, {"display_name": "  Liv O.  ", "time_zone": "America/New_York"}, follow=True)

    assert response.redirect_chain == [(PROFILE, 302)]
    owner.refresh_from_db()
    assert owner.display_name == "Liv O."
    assert owner.time_zone == "America/New_York"
    page = response.content.decode()
    assert "Your profile is saved." in page
    assert '<option value="America/New_York" selected>' in page


@pytest.mark.django_db
def test_clearing_the_name_falls_back_to_the_email_in_the_menu(owner_client, owner):
    owner_client.post(PROFILE, {"display_name": "", "time_zone": "Europe/London"})
    owner.refresh_from_db()
    assert owner.display_name == ""
    assert ">owner</a>" in owner_client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"display_name": "Liv", "time_zone": "Mars/Olympus_Mons"}, "time_zone", id="unknown-zone"),
        pytest.param({"display_name": "Liv", "time_zone": ""}, "time_zone", id="missing-zone"),
        pytest.param({"display_name": "N" * 10_000, "time_zone": "Asia/Tokyo"}, "display_name", id="10000-chars"),
        pytest.param({"display_name": "N" * 81, "time_zone": "Asia/Tokyo"}, "display_name", id="81-chars"),
    ],
)
def test_bad_profile_input_gets_a_field_error_and_changes_nothing(owner_client, owner, data, field):
    response = owner_client.post(PROFILE, data)

    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert b"invalid-feedback" in response.content
    owner.refresh_from_db()
    assert owner.display_name == "Olivia Owner"
    assert owner.time_zone == "Europe/London"
    page = response.content.decode()
    # The other field keeps what was typed.
    if field == "time_zone":
        assert f'value="{data["display_name"]}"' in page
    else:
        assert f'<option value="{data["time_zone"]}" selected>' in page


@pytest.mark.django_db
def test_script_in_the_name_is_saved_as_text_and_shown_escaped_everywhere(owner_client, owner):
    name = '<script>alert("hi")</script><img src=x onerror=alert(1)>'
    owner_client.post(PROFILE, {"display_name": name, "time_zone": "Europe/London"})
    owner.refresh_from_db()
    assert owner.display_name == name

    for url in (PROFILE, "/"):
        page = owner_client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert html.escape(name) in page


@pytest.mark.django_db
def test_exactly_80_characters_is_accepted(owner_client, owner):
    name = "é" * 80
    owner_client.post(PROFILE, {"display_name": name, "time_zone": "Europe/London"})
    owner.refresh_from_db()
    assert owner.display_name == name
