"""Today, the candidate's home page: what is due now (notes, calls, debriefs), counted down in their own zone, at a
fixed number of queries however many interviews there are."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.world import interview_awaiting_thanks, interview_ended

pytestmark = pytest.mark.django_db

UTC = dt.UTC
ENDS = dt.datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in London


@pytest.fixture
def interview(owner):
    return interview_awaiting_thanks(owner, ends_at=ENDS)  # answer promised Friday 12 June: follow up Monday 15


def test_today_lists_unsent_notes_and_nothing_once_they_are_sent(owner_client, interview):
    with time_machine.travel(ENDS + dt.timedelta(hours=2), tick=False):
        page = owner_client.get(reverse("home"))
        assert [item["interview"].pk for item in page.context["due_notes"]] == [interview.pk]
        for note in interview.thank_you_notes.all():
            owner_client.post(reverse("followups:note_mark_sent", args=[note.pk]))
        page = owner_client.get(reverse("home"))
    assert page.context["due_notes"] == []
    assert f'data-interview="{interview.pk}"' not in page.content.decode()


def test_today_counts_down_to_the_thank_you_deadline_and_then_counts_how_late(owner_client, interview):
    # Ends 10:00 in London, so the notes are due 20:00 London (19:00 UTC).
    with time_machine.travel(ENDS + dt.timedelta(hours=2), tick=False):
        before = owner_client.get(reverse("home")).content.decode()
    with time_machine.travel(ENDS + dt.timedelta(hours=12), tick=False):
        after = owner_client.get(reverse("home")).content.decode()
    assert "(8\xa0hours left)" in before
    assert "(2\xa0hours ago)" in after and "were due" in after


def test_today_page_query_count_does_not_grow_with_the_number_of_interviews(
    owner_client, owner, django_assert_num_queries
):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(reverse("home")).status_code == 200
        return len(queries)

    with time_machine.travel(ENDS + dt.timedelta(days=5), tick=False):
        for i in range(2):
            interview_ended(owner, ends_at=ENDS, company=f"Small {i}", debrief={"hear_back_date": dt.date(2026, 6, 12)})
        few = count_queries()
        for i in range(8):
            interview_ended(owner, ends_at=ENDS, company=f"Many {i}", debrief={"hear_back_date": dt.date(2026, 6, 12)})
        many = count_queries()
        page = owner_client.get(reverse("home"))
    assert len(page.context["due_notes"]) == 10 and len(page.context["due_calls"]) == 10
    assert many == few


def test_an_interview_still_to_debrief_is_listed_once_with_one_link_to_record_it(owner_client, owner):
    # Issue 13: capture's "debrief while it is fresh" (no row, 30 days) and follow-up's "due now" (not recorded,
    # 14 days) each listed it, under two headings, with links to two pages. One rule now: followups.rules.
    from interviews.services import debrief_save
    from reminders.models import Reminder

    with time_machine.travel(ENDS, tick=False):
        bare = interview_ended(owner, ends_at=ENDS, company="Bare Ltd", people=[], debrief=None)
        empty = interview_ended(owner, ends_at=ENDS, company="Empty Draft Ltd", people=[], debrief=None)
        debrief_save(interview=empty, values={"next_steps": ""})  # a quick save with nothing typed: still to record
    with time_machine.travel(ENDS + dt.timedelta(days=20), tick=False):
        page = owner_client.get(reverse("home"))
    body = page.content.decode()
    for interview in (bare, empty):
        assert body.count(f'data-interview="{interview.pk}"') == 1
        assert body.count(f"/interviews/{interview.pk}/") == 1
        assert f'href="{reverse("interviews:debrief_quick", args=[interview.pk])}"' in body
        assert Reminder.objects.get(interview=interview).kind == Reminder.Kind.DEBRIEF_MISSING  # the same rule
    assert [i.pk for i in page.context["due_debriefs"]] == [bare.pk, empty.pk]
    assert page.context["draft_debriefs"] == []
