"""In a real browser on a phone: two notes made identical are flagged, one is fixed, both are marked sent, and the
Today page then shows nothing due for that interview."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import browser_login
from tests.world import interview_ended

SAME = "Dear friend, many thanks for meeting me at Acme Analytics today. I enjoyed it. Ada Lovelace, Grace Hopper"


def test_identical_notes_warn_then_fixed_and_marked_sent_leave_nothing_due(
    live_server, phone_page, owner, assert_no_serious_a11y_violations
):
    now = timezone.now()
    interview = interview_ended(
        owner,
        ends_at=now - dt.timedelta(hours=2),
        people=["Ada Lovelace", "Grace Hopper"],
        debrief={},
        complete=True,
    )
    notes = list(interview.thank_you_notes.order_by("pk"))
    page = phone_page
    browser_login(page, live_server, owner.email)
    expect(page.get_by_test_id("due-notes")).to_contain_text("Acme Analytics")

    page.get_by_role("link", name="Thank-you notes for Acme Analytics").click()
    expect(page.get_by_role("heading", name="To Ada Lovelace")).to_be_visible()
    assert_no_serious_a11y_violations(page)

    for note in notes:
        page.locator(f"#id_note-{note.pk}-body").fill(SAME)
        page.locator(f"#note-{note.pk}").get_by_role("button", name="Save note").click()
        expect(page.get_by_text(f"Your note to {note.person.name} is saved.")).to_be_visible()
    for note in notes:
        similar = page.locator(f'#note-{note.pk} [data-check="similar"]')
        expect(similar).to_contain_text("the same as another note")
        expect(similar).to_have_attribute("data-ok", "false")

    grace = notes[1]
    page.locator(f"#id_note-{grace.pk}-body").fill(
        "Hi Grace, thank you for walking me through how Acme Analytics plans its releases. Speak soon!"
    )
    page.locator(f"#note-{grace.pk}").get_by_role("button", name="Save note").click()
    for note in notes:
        expect(page.locator(f'#note-{note.pk} [data-check="similar"]')).to_have_attribute("data-ok", "true")

    # The Copy button's script runs under the site's CSP (no inline scripts) and reports what it did.
    page.locator(f"#note-{grace.pk}").get_by_role("button", name="Copy").click()
    expect(page.locator(f'[data-copy-status="copy-{grace.pk}"]')).to_have_text(re.compile(r"\S"))

    for note in notes:
        page.locator(f"#note-{note.pk}").get_by_role("button", name="Mark sent").click()
        expect(page.locator(f"#note-{note.pk}").get_by_test_id("note-state")).to_contain_text("Sent")

    page.get_by_role("link", name="← Today").click()
    expect(page.get_by_test_id("nothing-due")).to_be_visible()
    expect(page.locator(f'[data-interview="{interview.pk}"]')).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
