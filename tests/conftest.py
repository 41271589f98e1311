"""Fixtures every test can use: an owner, another candidate, recruiters, the world of tests/world.py, logged-in
clients, and Chromium."""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.models import User
from accounts.services import user_create_verified
from tests.processes import IN_CI

# Property-based tests (hypothesis) run a modest number of examples so the suite stays within CI's budget; each
# example runs the database and renders pages. HYPOTHESIS_PROFILE=thorough runs many more, by hand.
hypothesis_settings.register_profile(
    "debrief",
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile("thorough", parent=hypothesis_settings.get_profile("debrief"), max_examples=500)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "debrief"))

PASSWORD = "correct-horse-battery-9"
CHROMIUM = "/usr/bin/chromium"


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser/ drives Chromium: marked at collection, so `-m "not browser"` deselects them
    (a marker added by a fixture comes too late for -m)."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


def make_user(email: str, *, role: str = User.Role.CANDIDATE, time_zone: str = "Europe/London", name: str = ""):
    user, _ = user_create_verified(email=email, password=PASSWORD, role=role, display_name=name, time_zone=time_zone)
    return user


def wait_for_live_server_requests(timeout: float = 10) -> None:
    """Waits until the live server's request threads have finished. A page closed at the end of a test may have
    left a request (a service worker's fetch, an outbox retry) running on the server; the flush after the test
    would meet it ("database table is locked" on SQLite, whose in-memory database those threads share)."""
    deadline = time.monotonic() + timeout
    while any("process_request_thread" in thread.name for thread in threading.enumerate()):
        if time.monotonic() > deadline:
            return
        time.sleep(0.02)


@pytest.fixture(autouse=True)
def _settle_after_committing_tests(request, django_db_blocker):
    """After a test that commits: the live server's last requests finish, then the cache is emptied. The cache is
    a database table that pytest-django's flush does not empty: rate-limit counters committed by a live-server
    test would otherwise make a later test's login answer 429."""
    yield
    if "live_server" in request.fixturenames:
        wait_for_live_server_requests()
    marker = request.node.get_closest_marker("django_db")
    committed = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback"))
    if committed or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def owner(db):
    return make_user("owner@example.com", name="Olivia Owner")


@pytest.fixture
def other_candidate(db):
    return make_user("other@example.com", name="Oscar Other")


@pytest.fixture
def recruiter(db):
    return make_user("recruiter@example.com", role=User.Role.RECRUITER, name="Rita Recruiter")


@pytest.fixture
def unlinked_recruiter(db):
    return make_user("stranger.recruiter@example.com", role=User.Role.RECRUITER, name="Sam Stranger")


@pytest.fixture
def world(owner, other_candidate, recruiter, unlinked_recruiter):
    """The cast of tests/world.py, built through the services: the one world the matrix and the security tests walk."""
    from tests.world import build_world

    return build_world(
        owner=owner, other_candidate=other_candidate, recruiter=recruiter, unlinked_recruiter=unlinked_recruiter
    )


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def other_client(client, other_candidate):
    client.force_login(other_candidate)
    return client


# --- Browser tests -------------------------------------------------------------------------------------------
# pytest-playwright drives Debian's Chromium; it never downloads a browser of its own.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does this)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_inside_playwright():
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make there are still
    # synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def phone_page(browser):
    """A page the size of a phone (375×740), the way candidates use Debrief right after an interview."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def browser_login(page, live_server, email: str, password: str = PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


@pytest.fixture
def assert_no_serious_a11y_violations():
    """Runs axe-core (shipped inside axe-playwright-python, no network) and fails on serious or critical issues."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in bad
        )
        assert not bad, f"Accessibility violations on {page.url}:\n{details}"

    return check


assert settings.TIME_ZONE == "UTC"
