"""Every HTML page carries the security headers; error pages look like the site and leak nothing; the site
answers only to its own host names; the admin is not where scanners look for it."""

import pytest
from django.conf import settings

HTML_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def assert_security_headers(response):
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


@pytest.mark.django_db
@pytest.mark.parametrize("url", HTML_PAGES)
def test_public_pages_carry_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_security_headers(response)


@pytest.mark.django_db
def test_logged_in_pages_carry_the_security_headers(owner_client):
    for url in ("/", "/me/profile/"):
        assert_security_headers(owner_client.get(url))


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles_the_policy_would_block(owner_client):
    for url in ("/", "/me/profile/", "/accounts/password/change/"):
        page = owner_client.get(url).content.decode()
        assert "<script>" not in page, url
        assert "<style" not in page, url
        assert " style=" not in page, url
        assert " onclick=" not in page, url


@pytest.mark.django_db
def test_missing_page_is_a_404_in_the_sites_style(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert 'class="navbar' in page
    assert "css/debrief.css" in page
    assert "<title>Not found · Debrief</title>" in page
    assert "URLconf" not in page
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.config.boom_urls")
def test_server_error_is_a_500_in_the_sites_style_without_details(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "css/debrief.css" in page
    for secret in ("hunter2", "RuntimeError", "Traceback", settings.SECRET_KEY, "DATABASES", "SECRET_KEY"):
        assert secret not in page
    assert_security_headers(response)


@pytest.mark.django_db
def test_unknown_host_is_refused_with_400(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not understand that request" in page
    assert "attacker.example" not in page
    assert "ALLOWED_HOSTS" not in page


@pytest.mark.django_db
def test_admin_is_not_at_slash_admin(client):
    assert settings.ADMIN_URL != "admin/"
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404


@pytest.mark.django_db
def test_admin_answers_at_its_configured_address(client):
    response = client.get(f"/{settings.ADMIN_URL}")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")


@pytest.mark.django_db
def test_every_page_has_its_own_title(client):
    titles = set()
    for url in HTML_PAGES[1:]:
        page = client.get(url).content.decode()
        titles.add(" ".join(page.split("<title>")[1].split("</title>")[0].split()))
    assert len(titles) == len(HTML_PAGES) - 1
    assert all(title.endswith("· Debrief") and len(title) > len("· Debrief") for title in titles)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code in {301, 302}
    assert response["Location"] == "/static/img/favicon.svg"
