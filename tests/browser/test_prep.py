"""Preparing for the next round in Chromium on a 375×740 phone: "salary" in the nav's search box finds the answers
given at three companies and leads to one company's prep sheet; the prep sheet prints on at most two A4 pages; and
a final-round debrief offers the earlier answers while "tell me ab…" is typed."""

import re

import pytest
from playwright.sync_api import expect

from interviews import services
from interviews.services import PersonMet, QuestionAsked
from tests.conftest import browser_login
from tests.prep_world import build, interview_at


def search_box(page):
    """The nav's search box, opening the phone's collapsed menu first when it is hidden."""
    box = page.get_by_test_id("nav-search-q")
    if not box.is_visible():
        page.locator(".navbar-toggler, .site-menu > summary").first.click()
    expect(box).to_be_visible()
    return box


def test_salary_across_three_companies_then_one_prep_sheet_on_a_phone(
    live_server, owner, phone_page, assert_no_serious_a11y_violations
):
    build(owner)
    page = phone_page
    browser_login(page, live_server, owner.email)
    box = search_box(page)
    box.fill("salary")
    box.press("Enter")

    group = page.locator('[data-testid="search-group"][data-kind="questions"]')
    expect(group.get_by_test_id("search-result")).to_have_count(4)
    for company in ("Northwind Traders", "Globex", "Initech"):
        expect(group).to_contain_text(company)
    expect(group.locator("mark").first).to_have_text(re.compile("salary", re.IGNORECASE))
    expect(group).to_contain_text("70k to 75k EUR base")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_a11y_violations(page)

    initech = group.get_by_test_id("search-result").filter(has_text="75k plus a bonus")
    initech.get_by_test_id("result-prep-sheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prep sheet: Backend developer at Initech")
    expect(page.get_by_test_id("prep-questions")).to_contain_text("75k plus a bonus")
    expect(page.get_by_test_id("prep-questions")).to_contain_text("Why do you want to leave?")
    expect(page.get_by_test_id("prep-people")).to_contain_text("Chiara Rossi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_a11y_violations(page)


@pytest.fixture
def busy_opportunity(owner):
    """Three rounds at one company, with what a real prep sheet holds: people, a dozen questions and answers,
    stated terms, feedback, planned questions and learning items."""
    world = build(owner)
    rounds = [
        world["initech_final"],
        interview_at(owner, "Initech", "Backend developer", days_ago=30),
        interview_at(owner, "Initech", "Backend developer", days_ago=18, round="second"),
    ]
    chiara = world["chiara"]
    for n, interview in enumerate(rounds):
        services.debrief_save(
            interview=interview,
            values={
                "employer_feedback": "Clear on trade-offs; wanted more depth on testing strategy.",
                "questions_if_called_back": "- Who would I report to?\n- How is on-call organised?\n- What does the "
                "first quarter look like?",
                "next_steps": "A call with the CTO, then references.",
            },
            people=[PersonMet(person=chiara)],
            questions=[
                QuestionAsked(
                    text=f"Round {n + 1}, question {i + 1}: how would you design the part of the system handling {i}?",
                    answer_summary="A two- or three-sentence summary of the answer I gave, with the example I used and "
                    "the trade-off I named, so that the next round hears the same story told the same way.",
                    self_score=5 + i,
                    topic="design",
                    asked_by=chiara,
                )
                for i in range(4)
            ],
        )
        services.stated_terms_save(
            interview=interview,
            recorded_by=owner,
            values={"salary_amount": 75000 + 1000 * n, "salary_currency": "EUR", "notice_amount": 3},
        )
    return rounds[0]


def test_the_prep_sheet_prints_on_at_most_two_a4_pages(live_server, owner, desktop_page, busy_opportunity):
    page = desktop_page
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/opportunities/{busy_opportunity.opportunity_id}/prep/")
    expect(page.get_by_test_id("planned-question")).to_have_count(3)  # planned in every round, shown once
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages


def test_a_final_round_debrief_offers_earlier_answers_while_typing(live_server, owner, phone_page):
    build(owner)
    final = interview_at(owner, "Umbrella", "Data engineer", days_ago=0, round="final")
    page = phone_page
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/{final.pk}/debrief/")
    box = page.locator("#id_questions-0-text")
    panel = page.get_by_test_id("question-row").first.get_by_test_id("similar-questions")
    box.press_sequentially("te", delay=30)
    page.wait_for_timeout(600)  # past the debounce: two characters ask for nothing
    expect(panel).to_be_hidden()
    box.press_sequentially("ll me ab", delay=30)
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Tell me about yourself")
    expect(panel).to_contain_text("Globex, screening")
    expect(panel).to_contain_text("score 8. Ten years of data platforms")
    # A new row asks for its own question.
    page.get_by_test_id("add-question").click()
    page.locator("#id_questions-1-text").press_sequentially("salary exp", delay=20)
    second = page.get_by_test_id("question-row").nth(1).get_by_test_id("similar-questions")
    expect(second).to_contain_text("What are your salary expectations?")
    expect(second).to_contain_text("75k plus a bonus")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("page_name", ["bank", "stated", "worksheet", "search"])
def test_prep_pages_have_no_serious_accessibility_violations(
    live_server, owner, phone_page, assert_no_serious_a11y_violations, page_name
):
    world = build(owner)
    final = world["initech_final"]
    urls = {
        "bank": "/interviews/questions/",
        "stated": f"/interviews/{final.pk}/stated/",
        "worksheet": f"/interviews/{final.pk}/worksheet/",
        "search": "/search/?q=kubernetes",
    }
    browser_login(phone_page, live_server, owner.email)
    phone_page.goto(live_server.url + urls[page_name])
    expect(phone_page.locator("main")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_a11y_violations(phone_page)
