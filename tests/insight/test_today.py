"""Today, the candidate's home page: what is due now (notes, calls, debriefs), counted down in their own zone, at a
fixed number of queries however many interviews there are."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.followups.conftest import interview_ended

pytestmark = pytest.mark.django_db

UTC = dt.UTC
ENDS = dt.datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in London


@pytest.fixture
def interview(owner):
    with time_machine.travel(ENDS, tick=False):
        return interview_ended(
            owner,
            ends_at=ENDS,
            people=["Ada Lovelace", "Grace Hopper"],
            debrief={"hear_back_date": dt.date(2026, 6, 12)},  # a Friday: follow up on Monday 15 June
        )


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
