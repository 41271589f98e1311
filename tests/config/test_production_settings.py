"""Production settings, run for real in subprocesses: no start without a secret key, `check --deploy` clean,
HTTPS-only headers and cookies, static files collected and served by whitenoise."""

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
HOST = "debrief.example.com"


def production_env(tmp_path: Path, **overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        REDIS_URL="",
        EMAIL_URL="",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run(args, env, timeout=120):
    return subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path, DJANGO_SECRET_KEY=None)
    assert "DJANGO_SECRET_KEY" not in env

    result = run([sys.executable, "-c", "import django; django.setup()"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", ["", "short-and-guessable", "x" * 49])
def test_production_refuses_a_short_secret_key(tmp_path, key):
    result = run(
        [sys.executable, "-c", "import django; django.setup()"], production_env(tmp_path, DJANGO_SECRET_KEY=key)
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be at least 50" in result.stderr


@pytest.mark.parametrize("entry", ["config.wsgi", "config.asgi"])
def test_web_entry_points_default_to_production_settings(tmp_path, entry):
    # Importing config.wsgi first imports the config package, whose Celery app sets a development default.
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE=None)
    script = f"import {entry}; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"

    result = run([sys.executable, "-c", script], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.production", "False"]


def test_web_entry_point_keeps_an_explicit_settings_module(tmp_path):
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.local", DJANGO_DEBUG="false")
    script = "import config.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE)"

    result = run([sys.executable, "-c", script], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.local"]


def test_check_deploy_is_clean_with_a_real_secret(tmp_path):
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# One production process serves a handful of requests through Django's test client (no server needed) after
# migrate and collectstatic, as the Docker image does at build and start.
REQUESTS_SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client

    def describe(response):
        return {
            "status": response.status_code,
            "headers": dict(response.headers),
            "cookies": {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]), "samesite": c["samesite"]}
                        for name, c in response.cookies.items()},
            "body": b"".join(response) .decode("utf-8", "replace") if response.streaming
                    else response.content.decode("utf-8", "replace"),
        }

    client = Client(HTTP_HOST="%(host)s")
    results = {
        "login_https": describe(client.get("/accounts/login/", secure=True)),
        "login_http": describe(client.get("/accounts/login/")),
        "missing_https": describe(client.get("/no/such/page/", secure=True)),
        "admin_default_https": describe(client.get("/admin/", secure=True)),
        "unknown_host": describe(Client(HTTP_HOST="attacker.example").get("/", secure=True)),
    }
    from accounts.services import user_create_verified
    user_create_verified(email="prod@example.com", password="prod-pass-phrase-2026", role="candidate")
    results["login_post_https"] = describe(
        Client(HTTP_HOST="%(host)s").post(
            "/accounts/login/", {"login": "prod@example.com", "password": "prod-pass-phrase-2026"}, secure=True
        )
    )
    from django.contrib.staticfiles.storage import staticfiles_storage
    css = staticfiles_storage.url("css/debrief.css")
    results["css_url"] = css
    results["css"] = describe(client.get(css, secure=True))
    for encoding in ("br", "gzip"):
        response = client.get(css, secure=True, HTTP_ACCEPT_ENCODING=encoding)
        results["css_" + encoding] = {"headers": dict(response.headers), "size": len(b"".join(response))}
    results["css_plain_size"] = len(b"".join(client.get(css, secure=True)))
    print("RESULTS" + json.dumps(results))
    """
) % {"host": HOST}


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    result = run([sys.executable, "-c", REQUESTS_SCRIPT], production_env(tmp_path), timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULTS"))
    return json.loads(line.removeprefix("RESULTS"))


def test_production_sends_hsts_and_marks_cookies_secure(production_responses):
    response = production_responses["login_https"]
    assert response["status"] == 200
    hsts = response["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    csrf = response["cookies"]["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]


def test_production_session_cookie_is_secure_and_http_only(production_responses):
    response = production_responses["login_post_https"]
    assert response["status"] == 302
    session = response["cookies"]["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_production_redirects_plain_http_to_https(production_responses):
    response = production_responses["login_http"]
    assert response["status"] == 301
    assert response["headers"]["Location"] == f"https://{HOST}/accounts/login/"


def test_production_html_carries_the_security_headers(production_responses):
    for name in ("login_https", "missing_https"):
        headers = production_responses[name]["headers"]
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert "script-src 'self'" in headers["Content-Security-Policy"], name


def test_production_serves_hashed_static_files_through_whitenoise(production_responses):
    assert production_responses["css_url"].startswith("/static/css/debrief.")
    assert production_responses["css_url"] != "/static/css/debrief.css"
    css = production_responses["css"]
    assert css["status"] == 200
    assert "max-age=315360000" in css["headers"]["Cache-Control"]
    login = production_responses["login_https"]["body"]
    assert production_responses["css_url"] in login


def test_production_sends_static_files_brotli_or_gzip_compressed(production_responses):
    plain = production_responses["css_plain_size"]
    for encoding in ("br", "gzip"):
        response = production_responses["css_" + encoding]
        assert response["headers"]["Content-Encoding"] == encoding
        assert response["size"] < plain / 4, (encoding, response["size"], plain)


def test_production_404_is_the_sites_page_without_debug_details(production_responses):
    response = production_responses["missing_https"]
    assert response["status"] == 404
    assert "We could not find that page" in response["body"]
    assert "URLconf" not in response["body"]
    assert "DEBUG" not in response["body"]


def test_production_admin_is_not_at_the_default_address(production_responses):
    assert production_responses["admin_default_https"]["status"] == 404


def test_production_answers_400_to_an_unknown_host(production_responses):
    response = production_responses["unknown_host"]
    assert response["status"] == 400
    assert "We could not understand that request" in response["body"]
