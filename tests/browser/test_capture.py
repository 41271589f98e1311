"""Capture in Chromium on a phone-sized screen: log an interview, a quick debrief, then the full one; the questions
formset keeps the other rows when one is removed and the form comes back with an error; and an accessibility audit
of the capture pages."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Debrief, Interview, Question
from tests.conftest import browser_login
from tests.factories import InterviewFactory


def local_yesterday_at(owner, hour: int) -> dt.datetime:
    day = timezone.localtime(timezone.now(), owner.zone).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, 0))


def test_phone_log_quick_debrief_then_full_debrief(live_server, owner, phone_page):
    page = phone_page
    browser_login(page, live_server, owner.email)
    page.get_by_test_id("home-log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an interview")

    starts = local_yesterday_at(owner, 10)
    page.get_by_label("New company's name").fill("Globex ✨")
    page.get_by_label("Role", exact=True).fill("Platform engineer")
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Duration in minutes").fill("45")
    page.get_by_test_id("log-submit").click()

    # A past interview leads straight to the quick debrief.
    expect(page.get_by_role("heading", level=1)).to_have_text("Quick debrief")
    page.locator("#id_people-0-name").fill("Lee Park")
    page.locator("#id_people-0-title").fill("CTO")
    page.get_by_test_id("add-person").click()
    page.locator("#id_people-1-name").fill("Dana Díaz")
    page.locator("#id_people-1-part").fill("hiring manager")
    page.get_by_label("How interested are you, from 1 to 10?").fill("8")
    page.get_by_label("What went well?").fill("Arrived early\nClear project story\nGood rapport with Dana")
    page.get_by_label("What would you do better next time?").fill("Shorter answers")
    page.get_by_label("What next steps did they state?").fill("A system design round")
    page.get_by_label("When did they promise you would hear back?").fill(
        (starts.date() + dt.timedelta(days=7)).isoformat()
    )
    page.get_by_test_id("quick-save").click()

    expect(page.get_by_test_id("debrief-state")).to_have_text("Draft")
    expect(page.get_by_test_id("people-met")).to_contain_text("Lee Park")
    expect(page.get_by_test_id("people-met")).to_contain_text("Dana Díaz")
    expect(page.get_by_test_id("went-well").locator("li")).to_have_count(3)
    interview = Interview.objects.get(owner=owner)
    assert Debrief.objects.get(interview=interview).state == Debrief.State.DRAFT

    # Later: reopen and complete the full debrief. The quick answers are all there.
    page.goto(f"{live_server.url}/interviews/{interview.pk}/")
    page.get_by_test_id("finish-debrief").click()
    expect(page.get_by_label("What went well?")).to_have_value(
        "Arrived early\nClear project story\nGood rapport with Dana"
    )
    expect(page.get_by_label("How interested are you, from 1 to 10?")).to_have_value("8")
    questions = [("Why do you want to join Globex?", "7"), ("Tell me about an outage", "5"), ("Design a queue", "9")]
    for index, (text, score) in enumerate(questions):
        if index:
            page.get_by_test_id("add-question").click()
        page.locator(f"#id_questions-{index}-text").fill(text)
        page.locator(f"#id_questions-{index}-self_score").fill(score)
        page.locator(f"#id_questions-{index}-answer_summary").fill(f"Answer {index + 1}")
    page.get_by_label("What was the tone of the interview?").fill("Friendly and technical")
    page.get_by_label("Overall, how well did you do, from 1 to 10?").fill("7")
    page.get_by_label("Skills or tools to learn").fill("Kafka")
    page.get_by_test_id("full-complete").click()

    expect(page.get_by_test_id("debrief-state")).to_have_text("Complete")
    expect(page.get_by_test_id("question")).to_have_count(3)
    for text, score in questions:
        expect(page.get_by_test_id("questions")).to_contain_text(text)
        expect(page.get_by_test_id("questions")).to_contain_text(f"score {score}")
    expect(page.get_by_test_id("overall-rating")).to_have_text("7")
    expect(page.get_by_test_id("interest")).to_have_text("8")
    expect(page.get_by_test_id("people-met")).to_contain_text("Lee Park")
    expect(page.get_by_test_id("next-steps")).to_have_text("A system design round")
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer at Globex ✨")
    expect(page.get_by_text("Kafka", exact=True)).to_be_visible()
    assert Interview.objects.filter(owner=owner).count() == 1


def test_removing_the_middle_question_keeps_the_other_rows_after_an_error(live_server, owner, phone_page):
    page = phone_page
    interview = InterviewFactory(opportunity__company__owner=owner)
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/debrief/")
    rows = [("First question?", "4"), ("Middle question?", "6"), ("Last question?", "8")]
    for index, (text, score) in enumerate(rows):
        if index:
            page.get_by_test_id("add-question").click()
        page.locator(f"#id_questions-{index}-text").fill(text)
        page.locator(f"#id_questions-{index}-self_score").fill(score)
    page.get_by_test_id("question-row").nth(1).get_by_test_id("remove-row").click()
    expect(page.get_by_test_id("question-row").filter(visible=True)).to_have_count(2)
    page.get_by_label("Overall, how well did you do, from 1 to 10?").fill("11")
    page.get_by_test_id("full-save").click()

    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.get_by_text("Give a score from 1 to 10.")).to_be_visible()
    expect(page.locator("#id_questions-0-text")).to_have_value("First question?")
    expect(page.locator("#id_questions-0-self_score")).to_have_value("4")
    expect(page.locator("#id_questions-2-text")).to_have_value("Last question?")
    expect(page.locator("#id_questions-2-self_score")).to_have_value("8")
    expect(page.locator("#id_questions-1-text")).to_be_hidden()
    assert not Question.objects.exists()

    page.get_by_label("Overall, how well did you do, from 1 to 10?").fill("6")
    page.get_by_test_id("full-save").click()
    expect(page.get_by_test_id("question")).to_have_count(2)
    assert list(Question.objects.values_list("text", "self_score")) == [("First question?", 4), ("Last question?", 8)]


def test_reordering_questions_saves_them_in_the_new_order(live_server, owner, desktop_page):
    page = desktop_page
    interview = InterviewFactory(opportunity__company__owner=owner)
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/debrief/")
    page.locator("#id_questions-0-text").fill("Asked first")
    page.get_by_test_id("add-question").click()
    page.locator("#id_questions-1-text").fill("Asked second")
    page.get_by_test_id("question-row").nth(1).get_by_role("button", name="Move up").click()
    page.get_by_test_id("full-save").click()
    expect(page.get_by_test_id("question")).to_have_count(2)
    assert list(Question.objects.values_list("text", flat=True)) == ["Asked second", "Asked first"]


@pytest.mark.parametrize(
    "page_name",
    [
        "home",
        "log",
        "quick",
        "full",
        "interview",
        "worksheet",
        "opportunities",
        "opportunity",
        "interviews",
        "learning",
    ],
)
def test_capture_pages_have_no_serious_accessibility_violations(
    live_server, owner, phone_page, assert_no_serious_a11y_violations, page_name
):
    interview = InterviewFactory(opportunity__company__owner=owner)
    urls = {
        "home": "/",
        "log": "/interviews/new/",
        "quick": f"/interviews/{interview.pk}/debrief/quick/",
        "full": f"/interviews/{interview.pk}/debrief/",
        "interview": f"/interviews/{interview.pk}/",
        "worksheet": "/interviews/worksheet/",
        "opportunities": "/interviews/opportunities/",
        "opportunity": f"/interviews/opportunities/{interview.opportunity_id}/",
        "interviews": "/interviews/",
        "learning": "/interviews/learning/",
    }
    browser_login(phone_page, live_server, owner.email)
    phone_page.goto(live_server.url + urls[page_name])
    expect(phone_page.locator("main")).to_be_visible()
    assert_no_serious_a11y_violations(phone_page)


def test_leaving_a_debrief_with_unsaved_text_asks_first(live_server, owner, phone_page):
    page = phone_page
    interview = InterviewFactory(opportunity__company__owner=owner)
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/debrief/quick/")
    page.get_by_label("What went well?").fill("Something worth keeping")
    with page.expect_event("dialog") as dialog_info:
        page.close(run_before_unload=True)
    dialog = dialog_info.value
    assert dialog.type == "beforeunload"
    dialog.dismiss()
    expect(page.get_by_label("What went well?")).to_have_value("Something worth keeping")


def test_printable_worksheet_fits_on_one_or_two_a4_pages(live_server, owner, desktop_page):
    page = desktop_page
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/worksheet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview debrief")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages


def test_a_later_round_reuses_someone_met_before(live_server, owner, phone_page):
    from interviews.models import Person
    from tests.factories import InterviewPersonFactory

    page = phone_page
    first = InterviewPersonFactory(
        interview__opportunity__company__owner=owner, person__name="Lee Park", person__title="CTO"
    )
    second = InterviewFactory(opportunity=first.interview.opportunity, round=Interview.Round.SECOND)
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/{second.pk}/debrief/quick/")
    expect(page.locator("#id_people-0-name")).to_be_visible()
    page.locator("#id_people-0-person").select_option(label="Lee Park, CTO")
    expect(page.locator("#id_people-0-name")).to_be_hidden()
    page.locator("#id_people-0-part").fill("final interview")
    page.get_by_test_id("quick-save").click()
    expect(page.get_by_test_id("people-met")).to_contain_text("Lee Park")
    expect(page.get_by_test_id("people-met")).to_contain_text("final interview")
    assert Person.objects.filter(owner=owner).count() == 1


def test_logging_a_later_round_of_a_tracked_role_needs_no_company_typed(live_server, owner, phone_page):
    from tests.factories import OpportunityFactory

    page = phone_page
    opportunity = OpportunityFactory(company__owner=owner, company__name="Initech", role_title="Analyst")
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/interviews/new/")
    expect(page.get_by_label("New company's name")).to_be_visible()
    page.get_by_label("A role you already track").select_option(label="Analyst at Initech")
    expect(page.get_by_label("New company's name")).to_be_hidden()
    page.locator("#id_round").select_option(label="Second round")
    page.get_by_label("Starts at").fill(local_yesterday_at(owner, 15).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("log-submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quick debrief")
    interview = Interview.objects.get(owner=owner)
    assert (interview.opportunity_id, interview.round) == (opportunity.pk, Interview.Round.SECOND)
