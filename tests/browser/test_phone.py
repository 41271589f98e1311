"""In the car park with one bar of signal (issue 18), in Chromium at 375×740: an interview and its quick debrief typed
with no network are kept on the phone and reach the server once, when the network is back; a page killed while
typing gets its draft back; the quick debrief's first load stays under 80 KB; it can be captured with the keyboard
alone; and without JavaScript the menu works and an interview is logged with two people."""

import datetime as dt
import os
import re
import signal
import time

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Debrief, Interview, InterviewPerson
from tests.conftest import browser_login
from tests.factories import InterviewFactory

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
SAVED_HERE = "Saved on this phone; it will be sent when you are back online"
BUDGET_BYTES = 80 * 1024


def eventually(check, *, timeout: float = 15, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(message or "condition not met in time")


def kept_pages(page) -> list[str]:
    return page.evaluate(
        "() => caches.open('debrief-pages').then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))"
    )


def wait_until_kept_for_offline(page, *paths):
    eventually(
        lambda: (
            page.evaluate("() => Boolean(navigator.serviceWorker.controller)") and set(paths) <= set(kept_pages(page))
        ),
        message=f"the service worker did not keep {paths}: {kept_pages(page)}",
    )


def yesterday_at(owner, hour: int) -> str:
    day = timezone.localtime(timezone.now(), owner.zone).date() - dt.timedelta(days=1)
    return f"{day.isoformat()}T{hour:02d}:00"


def log_form_fill(page, owner, company: str = "Initech"):
    page.get_by_label("New company's name").fill(company)
    page.get_by_label("Role", exact=True).fill("Data engineer")
    page.get_by_label("Starts at").fill(yesterday_at(owner, 10))


def test_offline_interview_and_quick_debrief_reach_the_server_once_when_back_online(live_server, owner, new_page):
    page = new_page(**PHONE)
    browser_login(page, live_server, owner.email)
    expect(page.get_by_test_id("home-log")).to_be_visible()
    wait_until_kept_for_offline(page, "/interviews/new/", "/interviews/new/debrief/")

    page.context.set_offline(True)
    page.goto(live_server.url + "/interviews/new/")
    log_form_fill(page, owner)
    page.get_by_test_id("log-submit").click()
    expect(page.get_by_test_id("saved-on-phone")).to_contain_text(SAVED_HERE)

    page.get_by_test_id("offline-debrief").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quick debrief")
    page.locator("#id_people-0-name").fill("Lee Park")
    page.get_by_test_id("add-person").click()
    page.locator("#id_people-1-name").fill("Dana Díaz")
    page.get_by_label("How interested are you, from 1 to 10?").fill("8")
    page.get_by_label("What went well?").fill("Clear story\nGood rapport")
    page.get_by_test_id("quick-save").click()
    expect(page.get_by_test_id("saved-on-phone")).to_contain_text(SAVED_HERE)

    page.reload()  # still offline: the page comes from the phone, and so does what was typed
    expect(page.get_by_test_id("outbox-entry")).to_have_count(2)
    expect(page.locator("[data-outbox-status]")).to_contain_text(SAVED_HERE)
    expect(page.get_by_label("What went well?")).to_have_value("Clear story\nGood rapport")
    assert not Interview.objects.filter(owner=owner).exists()

    page.context.set_offline(False)  # nothing else is done: the page sends both by itself
    expect(page.get_by_test_id("outbox-sent")).to_have_count(2)
    eventually(lambda: Debrief.objects.filter(interview__owner=owner).exists(), message="the debrief never arrived")
    interview = Interview.objects.get(owner=owner)
    assert interview.opportunity.company.name == "Initech"
    debrief = Debrief.objects.get(interview=interview)
    assert (debrief.interest, debrief.went_well) == (8, ["Clear story", "Good rapport"])
    names = list(InterviewPerson.objects.filter(interview=interview).values_list("person__name", flat=True))
    assert names == ["Lee Park", "Dana Díaz"]

    page.goto(live_server.url + "/")  # opening the site again sends nothing twice
    expect(page.locator("[data-outbox-panel]")).to_be_hidden()
    expect(page.get_by_text("Interview logged.")).to_be_visible()  # the server's own word that it got them
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assert Interview.objects.filter(owner=owner).count() == 1
    assert Debrief.objects.filter(interview__owner=owner).count() == 1


def test_a_send_whose_answer_is_lost_is_sent_again_and_still_makes_one_interview(live_server, owner, new_page):
    page = new_page(**PHONE)
    browser_login(page, live_server, owner.email)
    page.goto(live_server.url + "/interviews/new/")
    log_form_fill(page, owner, company="Globex")
    lost = []

    def reach_the_server_then_lose_the_answer(route):
        if route.request.method == "POST" and not lost:
            route.fetch()  # the server records the interview ...
            lost.append(True)
            route.abort()  # ... and the phone never hears back
        else:
            route.continue_()

    page.route("**/interviews/new/", reach_the_server_then_lose_the_answer)
    page.get_by_test_id("log-submit").click()
    expect(page.get_by_test_id("saved-on-phone")).to_contain_text(SAVED_HERE)
    assert Interview.objects.filter(owner=owner).count() == 1
    page.unroute("**/interviews/new/")

    page.goto(live_server.url + "/")  # the next visit sends it again, with the same submission token
    expect(page.get_by_test_id("outbox-entry")).to_have_count(0)
    assert Interview.objects.filter(owner=owner).count() == 1


def test_a_debrief_changed_elsewhere_while_offline_keeps_both_texts(live_server, owner, new_page):
    from interviews import services

    interview = InterviewFactory(opportunity__company__owner=owner)
    services.debrief_save(interview=interview, values={"next_steps": "Wait for a call"})
    page = new_page(**PHONE)
    browser_login(page, live_server, owner.email)
    url = f"{live_server.url}/interviews/{interview.pk}/debrief/quick/"
    page.goto(url)
    wait_until_kept_for_offline(page, f"/interviews/{interview.pk}/debrief/quick/")

    page.context.set_offline(True)
    page.get_by_label("What next steps did they state?").fill("A second round next week")
    page.get_by_test_id("quick-save").click()
    expect(page.get_by_test_id("saved-on-phone")).to_contain_text(SAVED_HERE)
    services.debrief_save(interview=interview, values={"next_steps": "They will email an offer"})  # the laptop

    page.context.set_offline(False)
    expect(page.locator('[data-testid="outbox-entry"][data-state="conflict"]')).to_contain_text("changed elsewhere")
    assert Debrief.objects.get(interview=interview).next_steps == "They will email an offer"
    page.get_by_test_id("outbox-open").click()
    expect(page.get_by_label("What next steps did they state?")).to_have_value("A second round next week")
    expect(page.locator('[data-saved-elsewhere="next_steps"]')).to_contain_text("They will email an offer")
    page.get_by_test_id("quick-save").click()
    expect(page.get_by_test_id("debrief-state")).to_have_text("Draft")
    assert Debrief.objects.get(interview=interview).next_steps == "A second round next week"


def kill_renderers(page):
    """SIGKILLs the page's renderer process, as a phone does to a tab in the background: no unload, nothing more."""
    info = page.context.browser.new_browser_cdp_session().send("SystemInfo.getProcessInfo")
    renderers = [p["id"] for p in info["processInfo"] if p["type"] == "renderer"]
    assert renderers
    with page.expect_event("crash"):
        for pid in renderers:
            os.kill(pid, signal.SIGKILL)


def open_page(context):
    try:
        return context.new_page()
    except Exception:  # the dead renderer is still being cleared away
        return None


def test_a_page_killed_while_typing_gets_its_draft_back(live_server, owner, new_page):
    interview = InterviewFactory(opportunity__company__owner=owner)
    page = new_page(**PHONE)
    browser_login(page, live_server, owner.email)
    url = f"{live_server.url}/interviews/{interview.pk}/debrief/"
    page.goto(url)
    page.get_by_label("What was the tone of the interview?").press_sequentially("Warm, then a hard system design")
    page.get_by_label("Skills or tools to learn").fill("Kafka")
    kill_renderers(page)

    again = eventually(lambda: open_page(page.context), message="no new page after the crash")
    again.goto(url)
    expect(again.get_by_test_id("draft-restored")).to_be_visible()
    expect(again.get_by_label("What was the tone of the interview?")).to_have_value("Warm, then a hard system design")
    expect(again.get_by_label("Skills or tools to learn")).to_have_value("Kafka")
    again.get_by_test_id("full-save").click()
    expect(again.get_by_test_id("debrief-state")).to_have_text("Draft")
    again.goto(url)
    expect(again.get_by_test_id("draft-restored")).to_have_count(0)
    assert Debrief.objects.get(interview=interview).tone == "Warm, then a hard system design"


@pytest.fixture
def production_server(tmp_path, settings, transactional_db):
    """The site as production serves it: hashed, gzip- and brotli-compressed static files through whitenoise
    (collectstatic into a temporary STATIC_ROOT), not the test server's plain static handler."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    # No static handler in front: whitenoise, in the middleware, serves /static/ as in production.
    unwrapped = lambda handler: handler.application  # noqa: E731
    thread = LiveServerThread("127.0.0.1", static_handler=unwrapped, connections_override=shared)
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


def first_load(browser, base_url: str, cookies: list, path: str) -> dict:
    """Opens `path` in a fresh context (empty cache, no service worker) and adds up Chromium's own count of the
    bytes each response took on the wire (Network.loadingFinished: encodedDataLength, headers included)."""
    context = browser.new_context(**PHONE, service_workers="block")
    context.add_cookies(cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes, urls = {}, {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(base_url + path, wait_until="networkidle")
    result = {urls.get(request, request): size for request, size in sizes.items()}
    context.close()
    return result


def test_quick_debrief_first_load_is_under_80_kb_on_the_wire(production_server, browser, owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    login = browser.new_context(**PHONE)
    page = login.new_page()
    browser_login(page, type("Server", (), {"url": production_server})(), owner.email)
    expect(page.get_by_test_id("home-log")).to_be_visible()
    cookies = login.cookies()
    login.close()

    loaded = first_load(browser, production_server, cookies, f"/interviews/{interview.pk}/debrief/quick/")
    total = sum(loaded.values())
    assert any(re.search(r"/static/css/debrief\.[0-9a-f]{12}\.css$", url) for url in loaded), loaded
    assert any("/debrief/quick/" in url for url in loaded), loaded
    assert total < BUDGET_BYTES, f"{total} bytes: {loaded}"


def focus_ring(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
        return {tag: el.tagName, name: el.name || el.textContent.trim().slice(0, 30), outline: s.outlineStyle,
                width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
    )


def tab_to(page, selector: str, *, limit: int = 60):
    """Presses Tab until `selector` has the focus, checking on the way that every control shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        assert (ring["outline"] != "none" and ring["width"] >= 2) or ring["shadow"] != "none", ring
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_quick_debrief_captured_with_the_keyboard_alone(live_server, owner, new_page):
    interview = InterviewFactory(opportunity__company__owner=owner)
    page = new_page(**PHONE)
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/debrief/quick/")
    tab_to(page, "#id_people-0-name")
    page.keyboard.type("Lee Park")
    tab_to(page, "[data-testid=add-person]")
    page.keyboard.press("Enter")
    page.keyboard.type("Dana Díaz")  # the new row's first box has the focus
    tab_to(page, "input[name=still_interested][value=yes]")
    page.keyboard.press("Space")
    tab_to(page, "#id_interest")
    page.keyboard.type("7")
    tab_to(page, "#id_went_well")
    page.keyboard.type("Calm answers")
    page.keyboard.press("Enter")
    page.keyboard.type("Good questions back")
    tab_to(page, "[data-testid=quick-save]")
    page.keyboard.press("Enter")

    expect(page.get_by_test_id("debrief-state")).to_have_text("Draft")
    debrief = Debrief.objects.get(interview=interview)
    assert (debrief.interest, debrief.still_interested) == (7, "yes")
    assert debrief.went_well == ["Calm answers", "Good questions back"]
    assert interview.participants.count() == 2


def test_without_javascript_the_menu_works_and_an_interview_is_logged_with_two_people(live_server, owner, browser):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, live_server, owner.email)
        expect(page.get_by_role("link", name="Log interview")).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        page.get_by_role("link", name="Log interview").click()
        log_form_fill(page, owner, company="Hooli")
        page.get_by_test_id("log-submit").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Quick debrief")
        page.locator("#id_people-0-name").fill("Lee Park")
        page.locator("#id_people-0-part").fill("hiring manager")
        page.get_by_test_id("add-person").click()  # sends the form back with a blank second row
        expect(page.locator("#id_people-0-name")).to_have_value("Lee Park")
        page.locator("#id_people-1-name").fill("Dana Díaz")
        page.get_by_label("What went well?").fill("Good rapport")
        page.get_by_test_id("quick-save").click()

        expect(page.get_by_test_id("people-met")).to_contain_text("Lee Park")
        expect(page.get_by_test_id("people-met")).to_contain_text("Dana Díaz")
        interview = Interview.objects.get(owner=owner)
        assert interview.participants.count() == 2
        assert Debrief.objects.get(interview=interview).went_well == ["Good rapport"]
    finally:
        context.close()
