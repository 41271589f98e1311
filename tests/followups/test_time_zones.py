"""Time zones that stay put (issue 14): every deadline of an interview is worked out on the interview's own clock,
across both DST changes (which New York and London make on different weekends), and changing the profile's zone
afterwards moves none of them."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from interviews.services import debrief_save
from reminders.models import Reminder
from tests.world import interview_logged

pytestmark = pytest.mark.django_db

UTC = dt.UTC
K = Reminder.Kind


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# (the interview's end on New York's clock, its hear-back date, when the notes are due (UTC), when to call (UTC)).
# New York moves to summer time on 8 March and back on 1 November 2026; London on 29 March and 25 October, so for
# two weeks each spring and a week each autumn New York is 4 hours behind London, not 5.
CASES = [
    # Winter, both on standard time (UTC-5): 11:00 is a morning, due 20:00 the same evening in New York.
    (dt.datetime(2026, 3, 5, 11, 0), dt.date(2026, 3, 6), utc(2026, 3, 6, 1, 0), utc(2026, 3, 9, 13, 0)),
    # An afternoon on the Saturday before New York's change: due at 10:00 on the Sunday, already on summer time.
    (dt.datetime(2026, 3, 7, 15, 0), dt.date(2026, 3, 9), utc(2026, 3, 8, 14, 0), utc(2026, 3, 10, 13, 0)),
    # New York on summer time (UTC-4), London not yet: 20:00 in New York is midnight in London.
    (dt.datetime(2026, 3, 10, 11, 0), dt.date(2026, 3, 13), utc(2026, 3, 11, 0, 0), utc(2026, 3, 16, 13, 0)),
    # Both on summer time.
    (dt.datetime(2026, 6, 10, 9, 30), dt.date(2026, 6, 12), utc(2026, 6, 11, 0, 0), utc(2026, 6, 15, 13, 0)),
    # London back on GMT (25 October), New York still on summer time.
    (dt.datetime(2026, 10, 28, 11, 0), dt.date(2026, 10, 30), utc(2026, 10, 29, 0, 0), utc(2026, 11, 2, 14, 0)),
    # An afternoon on the Saturday before New York falls back: due 10:00 on the Sunday, on standard time again.
    (dt.datetime(2026, 10, 31, 15, 0), dt.date(2026, 10, 31), utc(2026, 11, 1, 15, 0), utc(2026, 11, 2, 14, 0)),
]


def new_york_interview(owner, local_end: dt.datetime, hear_back: dt.date):
    import zoneinfo

    new_york = zoneinfo.ZoneInfo("America/New_York")
    ends_at = local_end.replace(tzinfo=new_york).astimezone(UTC)
    with time_machine.travel(ends_at - dt.timedelta(days=7), tick=False):
        return interview_logged(
            owner,
            starts_at=ends_at - dt.timedelta(hours=1),
            time_zone="America/New_York",
            debrief={"went_well": ["Clear examples"], "hear_back_date": hear_back},
        )


def due_times(interview) -> dict:
    return dict(Reminder.objects.filter(interview=interview, state="scheduled").values_list("kind", "due_at"))


@pytest.mark.parametrize(("local_end", "hear_back", "notes_due", "call_at"), CASES)
def test_a_new_york_interview_of_a_london_candidate_is_due_on_new_yorks_clock(
    owner, local_end, hear_back, notes_due, call_at
):
    assert owner.time_zone == "Europe/London"
    interview = new_york_interview(owner, local_end, hear_back)

    times = due_times(interview)
    assert times[K.THANKS_PASSED] == notes_due
    assert times[K.THANKS_CLOSING] == notes_due - dt.timedelta(hours=2)
    assert times[K.HEAR_BACK_PASSED] == call_at  # 09:00 in New York on the first working day after the date


@pytest.mark.parametrize(("local_end", "hear_back", "notes_due", "call_at"), CASES)
def test_changing_the_profiles_zone_afterwards_moves_nothing(
    owner, owner_client, local_end, hear_back, notes_due, call_at
):
    interview = new_york_interview(owner, local_end, hear_back)
    before = due_times(interview)

    response = owner_client.post(
        reverse("accounts:profile"), {"display_name": owner.display_name, "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.time_zone == "Asia/Tokyo"
    # Anything that brings the interview's follow-up up to date again works on New York's clock as before.
    with time_machine.travel(interview.starts_at - dt.timedelta(days=1), tick=False):
        debrief_save(interview=interview, values={"next_steps": "A call with the team"})

    assert due_times(interview) == before
    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    # Shown on the viewer's new clock, with New York's beside it.
    assert "New York time" in page


def test_the_hear_back_date_is_checked_against_the_interviews_own_day(owner):
    # 21:00 on 30 November in New York is already 1 December in London: "30 November" is not before the interview.
    import zoneinfo

    from django.core.exceptions import ValidationError

    new_york = zoneinfo.ZoneInfo("America/New_York")
    starts_at = dt.datetime(2026, 11, 30, 21, 0, tzinfo=new_york).astimezone(UTC)
    interview = interview_logged(owner, starts_at=starts_at, time_zone="America/New_York", debrief=None)
    debrief_save(interview=interview, values={"hear_back_date": dt.date(2026, 11, 30)})
    with pytest.raises(ValidationError):
        debrief_save(interview=interview, values={"hear_back_date": dt.date(2026, 11, 29)})


def test_today_counts_down_on_the_viewers_clock_to_a_deadline_worked_out_on_the_interviews(owner, owner_client):
    interview = new_york_interview(owner, dt.datetime(2026, 6, 10, 9, 30), dt.date(2026, 6, 12))
    # Due 20:00 in New York = 01:00 in London the next day.
    with time_machine.travel(utc(2026, 6, 10, 22, 0), tick=False):
        body = owner_client.get(reverse("home")).content.decode()
    assert f'data-interview="{interview.pk}"' in body
    assert "due Thu 11 Jun, 01:00" in body and "(2\xa0hours left)" in body
