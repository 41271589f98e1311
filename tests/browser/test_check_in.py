"""Check-in in Chromium (issue 17): the recruiter asks "still interested?", the email goes through a real SMTP
server, the candidate taps "Call me" on a phone while logged out, and the recruiter's home shows the answer."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from followups.tasks import reminders_send_due
from tests.browser import test_a_real_week
from tests.conftest import browser_login
from tests.world import interview_ended, link

# The real SMTP server of the week's test (aiosmtpd in this process), and how it reads a message's text.
smtp_inbox = test_a_real_week.smtp_inbox
text_of = test_a_real_week.text_of


def test_check_in_email_one_tap_call_me_logged_out_shows_on_the_recruiters_home(
    live_server,
    new_page,
    owner,
    recruiter,
    smtp_inbox,
    settings,
    assert_no_serious_a11y_violations,
):
    settings.SITE_URL = live_server.url  # the emailed links point at this server
    link(owner, recruiter)
    interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=4), company="Northwind", debrief={"interest": 7})

    desk = new_page(viewport={"width": 1280, "height": 900})
    browser_login(desk, live_server, recruiter.email)
    desk.get_by_test_id("desk-row").get_by_role("link", name="Olivia Owner").click()  # the candidate's page
    desk.get_by_test_id("check-in-ask").click()
    expect(desk.get_by_role("alert").or_(desk.locator(".alert"))).to_contain_text("Asked Olivia Owner")
    expect(desk.get_by_test_id("check-in-asked")).to_contain_text("no answer yet")

    assert reminders_send_due().get("sent") == 1
    (question,) = [m for m in smtp_inbox.messages if m["To"] == owner.email]
    assert question["List-Unsubscribe"]
    call_me = re.search(r"^Call me: (\S+)", text_of(question), re.M).group(1)

    phone = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    phone.goto(call_me)  # logged out
    expect(phone.get_by_role("heading", name="Still interested?")).to_be_visible()
    assert_no_serious_a11y_violations(phone)
    phone.get_by_role("button", name="Answer: Call me").click()
    expect(phone.get_by_test_id("check-in-recorded")).to_contain_text("We told Rita Recruiter")
    phone.goto(call_me)
    expect(phone.get_by_test_id("check-in-used")).to_contain_text("Call me")

    told = [m for m in smtp_inbox.messages if m["To"] == recruiter.email and "answered your check-in" in text_of(m)]
    assert len(told) == 1 and told[0]["Subject"] == "Olivia Owner: Call me (Northwind)"
    desk.reload()
    expect(desk.get_by_test_id("card-check-in-answer")).to_contain_text("Call me")
    desk.goto(live_server.url + "/")  # the desk itself shows the answer in the candidate's row
    expect(desk.get_by_test_id("desk-interest")).to_contain_text("Call me (check-in)")
