"""Unsubscribing from a reminder kind (issue 12, finding 5): a GET only asks, so a mail scanner that opens every link
changes nothing; the button, or a mail app's RFC 8058 one-click POST, turns the kind off; a link older than 60 days
explains itself and points to the settings."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followups.emails import unsubscribe_token
from followups.models import FollowUpSettings
from followups.tasks import reminders_send_due
from reminders.models import Reminder
from tests.world import interview_awaiting_thanks

pytestmark = pytest.mark.django_db
K = Reminder.Kind


def wants(owner, kind) -> bool:
    row = FollowUpSettings.objects.filter(user=owner).first()
    return row is None or row.wants(kind)


def test_opening_the_link_asks_with_one_button_and_changes_nothing(client, owner):
    url = reverse("followups:unsubscribe", args=[unsubscribe_token(user=owner, kind=K.HEAR_BACK_PASSED)])

    for _ in range(3):  # a scanner, a preview, the person
        response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Turn these emails off?" in page
    assert page.count('type="submit"') == 1
    assert wants(owner, K.HEAR_BACK_PASSED)


def test_the_one_click_post_of_the_email_header_turns_the_kind_off_in_one_request(owner):
    interview_awaiting_thanks(owner, ends_at=dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC))
    reminders_send_due(now=dt.datetime(2026, 6, 10, 17, 1, tzinfo=dt.UTC))
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")

    response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not wants(owner, K.THANKS_CLOSING)
    assert wants(owner, K.THANKS_PASSED)


def test_a_link_older_than_60_days_explains_links_to_the_settings_and_changes_nothing(client, owner):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = unsubscribe_token(user=owner, kind=K.THANKS_PASSED)
    url = reverse("followups:unsubscribe", args=[token])

    with time_machine.travel(start + dt.timedelta(days=59), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=61), tick=False):
        shown = client.get(url)
        clicked = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    for response in (shown, clicked):
        page = response.content.decode()
        assert response.status_code == 410
        assert "This link has expired" in page
        assert reverse("followups:settings") in page
    assert wants(owner, K.THANKS_PASSED)
