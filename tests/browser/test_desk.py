"""In Chromium (issue 17): the recruiter's desk on a laptop is one table, a row per candidate with its cells side by
side; on a phone (375 px) each row stacks into a block with its column names and nothing scrolls sideways. The
queue says how overdue each item is and its link leads to the interview; sort and filter work without a script."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from followups.services import outcome_record
from tests.conftest import browser_login, make_user
from tests.world import interview_ended, link


def three_candidates(recruiter):
    now = timezone.now()
    ann = make_user("ann@example.com", name="Ann Able")
    ben = make_user("ben@example.com", name="Ben Bright")
    cy = make_user("cy@example.com", name="Cy Calm")
    for candidate in (ann, ben, cy):
        link(candidate, recruiter)
    late = interview_ended(ann, ends_at=now - dt.timedelta(days=4, hours=3), company="Acme Analytics", debrief=None)
    offered = interview_ended(ben, ends_at=now - dt.timedelta(days=2), company="Bolt Systems", debrief={})
    outcome_record(interview=offered, kind="offer", answer_by=(now + dt.timedelta(days=1)).date())
    interview_ended(cy, ends_at=now - dt.timedelta(hours=1), company="Cobalt Labs", debrief={"interest": 8})
    return late


def cell_tops(page) -> list[float]:
    row = page.get_by_test_id("desk-row").first
    return [row.locator("th, td").nth(i).bounding_box()["y"] for i in range(3)]


def test_the_desk_is_a_table_on_a_laptop_and_stacks_on_a_phone(
    live_server, recruiter, new_page, assert_no_serious_a11y_violations
):
    late = three_candidates(recruiter)

    laptop = new_page(viewport={"width": 1280, "height": 900})
    browser_login(laptop, live_server, recruiter.email)
    expect(laptop.get_by_test_id("desk-attention-count")).to_have_text("3 need attention")
    expect(laptop.get_by_test_id("desk-row")).to_have_count(3)
    expect(laptop.get_by_role("columnheader", name="Next deadline")).to_be_visible()
    tops = cell_tops(laptop)
    assert max(tops) - min(tops) < 2, tops  # side by side
    item = laptop.get_by_test_id("attention-item").filter(has_text="Held, not debriefed")
    expect(item.get_by_test_id("attention-when")).to_have_text("4 days overdue")
    assert_no_serious_a11y_violations(laptop)

    laptop.get_by_label("Show").select_option("offer")
    laptop.get_by_role("button", name="Apply").click()
    expect(laptop.get_by_test_id("desk-row")).to_have_count(1)
    expect(laptop.get_by_test_id("desk-row")).to_contain_text("Ben Bright")
    assert "show=offer" in laptop.url

    phone = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    browser_login(phone, live_server, recruiter.email)
    expect(phone.get_by_test_id("desk-row")).to_have_count(3)
    header = phone.get_by_test_id("desk-table").locator("thead").bounding_box()
    assert header["width"] <= 1 and header["height"] <= 1, header  # the column names are left to screen readers
    tops = cell_tops(phone)
    assert tops[0] < tops[1] < tops[2], tops  # stacked, one under the other
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_a11y_violations(phone)
    phone.get_by_test_id("attention-item").filter(has_text="Held, not debriefed").get_by_role("link").click()
    expect(phone).to_have_url(f"{live_server.url}/interviews/{late.pk}/")
    phone.get_by_test_id("back-link").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ann Able")
    expect(phone.get_by_test_id("history-interview")).to_contain_text("No debrief yet")
