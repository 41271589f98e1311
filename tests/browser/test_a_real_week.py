"""A real week in Chromium at 375x740 (issue 14): an interview scheduled in New York's zone, moved, then cancelled,
with the calendar feed read back by a parser after each step; and an offer with an answer-by date whose reminder goes
out through a real SMTP server, accepted, the other company told, and Today left with nothing stale."""

import datetime as dt
import email
import threading
import zoneinfo

import icalendar
import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from playwright.sync_api import expect

from followups.models import ThankYouNote
from followups.services import thank_you_note_mark_sent
from followups.tasks import reminders_send_due
from interviews.models import Interview, Opportunity
from reminders.models import Reminder
from tests.conftest import browser_login
from tests.processes import free_port
from tests.world import interview_ended

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def feed(page, url: str) -> dict:
    response = page.request.get(url)
    assert response.ok
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(response.body()).walk("VEVENT")}


def test_schedule_move_and_cancel_keep_one_event_that_the_feed_updates(
    live_server, phone_page, owner, assert_no_serious_a11y_violations
):
    page = phone_page
    browser_login(page, live_server, owner.email)
    page.goto(f"{live_server.url}/followups/settings/")
    page.get_by_role("button", name="Create a link").click()
    feed_url = page.get_by_test_id("feed-url").input_value()

    # Booked ahead, for 09:00 in New York (the candidate lives in London).
    day = (timezone.now() + dt.timedelta(days=10)).date()
    page.goto(f"{live_server.url}/interviews/new/")
    page.get_by_test_id("log-ahead").click()
    page.get_by_label("New company's name").fill("Hudson Analytics")
    page.get_by_label("Role", exact=True).fill("Data engineer")
    page.get_by_label("Starts at").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("Time zone").fill("America/New_York")
    assert_no_serious_a11y_violations(page)
    page.get_by_test_id("log-submit").click()
    expect(page.get_by_test_id("interview-page")).to_be_visible()
    expect(page.get_by_test_id("starts-at-there")).to_contain_text("09:00–10:00 New York time")
    interview = Interview.objects.get()
    uid = f"interview-{interview.pk}@debrief.invalid"
    first = feed(page, feed_url)[uid]
    assert first.decoded("DTSTART") == dt.datetime.combine(day, dt.time(9, 0), tzinfo=NEW_YORK)
    assert str(first["STATUS"]) == "CONFIRMED"

    # They move it two days on, to 14:00 their time.
    page.get_by_test_id("reschedule").click()
    moved_day = day + dt.timedelta(days=2)
    page.get_by_label("New time").fill(f"{moved_day:%Y-%m-%d}T14:00")
    page.get_by_label("Why it moved (optional)").fill("Their panel is travelling")
    page.get_by_test_id("reschedule-submit").click()
    expect(page.get_by_test_id("interview-history")).to_contain_text("Their panel is travelling")
    second = feed(page, feed_url)[uid]
    assert second.decoded("DTSTART") == dt.datetime.combine(moved_day, dt.time(14, 0), tzinfo=NEW_YORK)
    assert second["SEQUENCE"] > first["SEQUENCE"] and str(second["STATUS"]) == "CONFIRMED"

    # Then they cancel it: the event stays, same UID, cancelled, a newer SEQUENCE; the reminders stop.
    page.get_by_test_id("call-off-link").click()
    page.get_by_label("They cancelled it").check()
    page.get_by_label("Reason (optional)").fill("Role frozen")
    assert_no_serious_a11y_violations(page)
    page.get_by_test_id("call-off-submit").click()
    expect(page.get_by_test_id("interview-state")).to_have_text("Cancelled by them")
    third = feed(page, feed_url)
    assert list(third) == [uid]  # no ghost: one event, the same one
    assert str(third[uid]["STATUS"]) == "CANCELLED" and third[uid]["SEQUENCE"] > second["SEQUENCE"]
    assert not Reminder.objects.filter(interview=interview, state="scheduled").exists()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("nothing-due")).to_be_visible()


class Inbox:
    def __init__(self):
        self.messages, self.lock = [], threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def test_offer_reminder_accept_and_tell_the_others_leaves_today_clean(
    live_server, phone_page, owner, smtp_inbox, assert_no_serious_a11y_violations
):
    now = timezone.now()
    offered = interview_ended(owner, ends_at=now - dt.timedelta(days=2), company="Acme Analytics", debrief={})
    for note in ThankYouNote.objects.filter(interview=offered):
        thank_you_note_mark_sent(note=note)
    other = interview_ended(
        owner,
        ends_at=now - dt.timedelta(days=1),
        company="Northwind",
        people=["Helen Ward"],
        debrief={"hear_back_date": (now + dt.timedelta(days=3)).date()},
    )
    page = phone_page
    browser_login(page, live_server, owner.email)

    # The offer, to answer within four days.
    answer_by = (now + dt.timedelta(days=4)).date()
    page.goto(f"{live_server.url}/followups/interviews/{offered.pk}/")
    page.get_by_label("What happened").select_option("offer")
    page.get_by_label("Answer by (an offer)").fill(f"{answer_by:%Y-%m-%d}")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_test_id("offer-due")).to_contain_text("Answer by")
    page.get_by_test_id("offers-link").click()
    expect(page.get_by_test_id("offer-answer-by")).to_be_visible()

    # 48 hours before, the reminder goes out through the SMTP server, telling how long is left at that moment.
    soon = Reminder.objects.get(interview=offered, kind=Reminder.Kind.OFFER_ANSWER_SOON)
    assert reminders_send_due(now=soon.due_at + dt.timedelta(minutes=1)).get("sent", 0) >= 1
    (message,) = [m for m in smtp_inbox.messages if "offer" in m["Subject"]]
    assert message["Subject"] == "1 day 23 hours left to answer Acme Analytics's offer"
    assert "1 day 23 hours left" in text_of(message) and message["To"] == owner.email

    # Accepting it: Northwind is owed a notice, drafted for the person met there.
    page.goto(f"{live_server.url}/followups/interviews/{offered.pk}/")
    page.get_by_label("What happened").select_option("accepted")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_test_id("notice-owed")).to_contain_text("Northwind")
    page.goto(f"{live_server.url}/")
    item = page.get_by_test_id("due-notices")
    expect(item).to_contain_text("Let Northwind know")
    item.get_by_role("link", name="Drafts for 1").click()
    draft = page.get_by_test_id("notice-draft")
    expect(draft).to_contain_text("Helen")
    expect(draft.locator('[data-ok="false"]')).to_have_count(0)
    assert_no_serious_a11y_violations(page)
    page.get_by_test_id("told-them").click()

    # Today: nothing stale anywhere.
    expect(page.get_by_test_id("nothing-due")).to_be_visible()
    assert Opportunity.objects.get(pk=other.opportunity_id).status == "withdrawn"
    assert not Reminder.objects.filter(interview=other, state="scheduled").exists()
