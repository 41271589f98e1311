"""On a phone (375×740): a panel of five gets five different untouched drafts with no warning at all; one is given a
gap, "Mark sent" asks "Send anyway?", the answer is recorded; a handwritten card lays out on the narrow screen."""

import re

from playwright.sync_api import expect

from followups.models import ThankYouNote
from tests.composer.corpus import HEAR_BACK, Case, P, Q, build
from tests.conftest import browser_login

PANEL = Case(
    "browser-panel-of-five",
    "Cobalt Labs",
    "Platform engineer",
    (
        P("Helen Ward", "Head of Platform", "hiring manager", email="helen@cobalt.example"),
        P("Tom Okafor", "Senior engineer", "panel", email="tom@cobalt.example"),
        P("Ana Lopes", "Talent partner", "HR", email="ana@cobalt.example"),
        P("Dr Sam Patel", "CTO", email="sam@cobalt.example"),
        P("Mei Lin", "SRE", "future peer", email="mei@cobalt.example"),
    ),
    (
        Q("Walk me through a Kubernetes upgrade you led.", 0, "Kubernetes upgrades", "Blue-green, two clusters", 8),
        Q("How do you keep cloud costs down?", 0, "Cloud costs", "Tagging, budgets and a weekly review", 5),
        Q("Design a rate limiter.", 1, "System design", "A token bucket in Redis", 6),
        Q("When could you start?", 2, "Notice period", "In two months", 7),
        Q("Where should the platform be in two years?", 3, "Strategy", "Self-service for every team", 7),
        Q("What is your on-call experience?", 4, "On-call", "Five years, follow-the-sun", 9),
    ),
    {"went_well": ["Rapport with the CTO", "I explained the cost model clearly"], **HEAR_BACK},
    {"strengths": "Kubernetes at scale\nCost control"},
)


def test_five_clean_drafts_then_a_gap_asks_send_anyway_and_the_answer_is_recorded(
    live_server, phone_page, owner, assert_no_serious_a11y_violations
):
    interview = build(PANEL, owner=owner)
    notes = list(ThankYouNote.objects.filter(interview=interview).select_related("person").order_by("pk"))
    page = phone_page
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/followups/interviews/{interview.pk}/")

    cards = page.get_by_test_id("note")
    expect(cards).to_have_count(5)
    for note in notes:
        card = page.locator(f"#note-{note.pk}")
        expect(card.get_by_test_id("draft-state")).to_be_visible()
        checks = card.locator("[data-check]")
        expect(checks).to_have_count(4)  # name, company, gaps, near-copies: no warning added to them
        expect(card.locator('[data-check][data-ok="false"]')).to_have_count(0)
    bodies = [page.locator(f"#id_note-{note.pk}-body").input_value() for note in notes]
    assert len(set(bodies)) == 5 and bodies[3].startswith("Dear Dr Patel,")
    assert_no_serious_a11y_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    tom = notes[1]
    body = page.locator(f"#id_note-{tom.pk}-body")
    body.fill(body.input_value().replace("Dear Tom Okafor,", "Dear Tom Okafor,\n\n[the name of the project]"))
    page.locator(f"#note-{tom.pk}").get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Your note to Tom Okafor is saved.")).to_be_visible()
    gaps = page.locator(f'#note-{tom.pk} [data-check="placeholder"]')
    expect(gaps).to_have_attribute("data-ok", "false")
    expect(page.locator(f"#note-{tom.pk}").get_by_test_id("draft-state")).to_have_count(0)  # now the candidate's

    page.locator(f"#note-{tom.pk}").get_by_test_id("mark-sent").click()
    expect(page.get_by_role("heading", name="Send anyway?")).to_be_visible()
    expect(page.get_by_test_id("failing-checks")).to_contain_text("[the name of the project]")
    assert_no_serious_a11y_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="No, let me fix it").click()
    expect(page).to_have_url(re.compile(rf"/followups/interviews/{interview.pk}/#note-{tom.pk}$"))
    tom.refresh_from_db()
    assert not tom.is_sent

    page.locator(f"#note-{tom.pk}").get_by_test_id("mark-sent").click()
    page.get_by_test_id("send-anyway-yes").click()
    expect(page.locator(f"#note-{tom.pk}").get_by_test_id("note-state")).to_contain_text("Sent")
    expect(page.locator(f"#note-{tom.pk}").get_by_test_id("sent-despite")).to_contain_text("[the name of the project]")
    tom.refresh_from_db()
    assert tom.is_sent and any("[the name of the project]" in m for m in tom.sent_despite)

    # A clean one goes at once, no question asked.
    helen = notes[0]
    page.locator(f"#note-{helen.pk}").get_by_test_id("mark-sent").click()
    expect(page.locator(f"#note-{helen.pk}").get_by_test_id("note-state")).to_contain_text("Sent")
    expect(page.locator(f"#note-{helen.pk}").get_by_test_id("sent-despite")).to_have_count(0)

    # The handwritten card of another: its own A6 layout, readable on the phone.
    mei = notes[4]
    page.locator(f"#id_note-{mei.pk}-channel").select_option("card")
    page.locator(f"#note-{mei.pk}").get_by_role("button", name="Save note").click()
    page.locator(f"#note-{mei.pk}").get_by_test_id("card-link").click()
    expect(page.get_by_test_id("card")).to_contain_text("Dear Mei Lin,")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_a11y_violations(page)
    # Printed, it is one A6 page (105 x 148 mm: 297.6 x 419.5 points), whatever the site's A4 says elsewhere.
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", page.pdf(prefer_css_page_size=True))
    assert [(round(float(w)), round(float(h))) for w, h in boxes] == [(298, 420)]
