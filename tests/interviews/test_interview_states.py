"""Interviews that move (issue 14): each interview has a time zone of its own, typed in that zone and shown in the
viewer's; it can be moved (with its history), cancelled by them or by me, or postponed, and never has to be deleted.
Bad input on each new form answers a message next to the field and saves nothing."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.timezones import elsewhere_range, local_range, timezone_lookup
from interviews.models import Interview, InterviewChange
from interviews.services import interview_call_off, interview_reschedule
from tests.factories import interview_log_post
from tests.world import interview_logged

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # Monday


@pytest.fixture
def interview(owner):
    with time_machine.travel(NOW, tick=False):
        return interview_logged(owner, starts_at=dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC), debrief=None)


def log_post(**overrides):
    return interview_log_post(**{"starts_at": "2026-11-30T09:00", "time_zone": "America/New_York", **overrides})


# --- Time zones ---------------------------------------------------------------------------------------------------


def test_an_interview_is_typed_in_its_own_zone_and_shown_in_the_viewers_with_its_zone_beside(owner_client, owner):
    # A 09:00 New York interview for a candidate in London: typed as 09:00, stored as 14:00 UTC.
    with time_machine.travel(NOW, tick=False):
        response = owner_client.post(reverse("interviews:log"), log_post())
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert interview.time_zone == "America/New_York"
    assert interview.starts_at == dt.datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    with time_machine.travel(NOW, tick=False):
        page = owner_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Monday 30 November 2026, 14:00–15:00 (GMT)" in page  # the viewer's clock, the day written once
    assert "09:00–10:00 New York time" in page  # and the interview's beside it


def test_the_zone_is_found_by_city_in_any_case_and_left_empty_is_the_candidates(owner_client, owner):
    assert timezone_lookup("new york") == "America/New_York"
    assert timezone_lookup("europe/LONDON") == "Europe/London"
    assert timezone_lookup("Atlantis") is None
    with time_machine.travel(NOW, tick=False):
        owner_client.post(reverse("interviews:log"), log_post(time_zone="", starts_at="2026-11-30T09:00"))
    interview = Interview.objects.get()
    assert interview.time_zone == "Europe/London"
    assert interview.starts_at == dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_the_log_form_offers_a_searchable_list_of_zones(owner_client):
    page = owner_client.get(reverse("interviews:log")).content.decode()
    assert 'list="id_time_zone-zones"' in page
    assert '<option value="America/New_York">New York (America)</option>' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Atlantis/Lost", "Choose a time zone from the list"),
        ("time_zone", "x" * 65, "Choose a time zone from the list"),
        # New York springs forward on 8 March 2026: 02:30 never happens there (it does in London).
        ("starts_at", "2026-03-08T02:30", "does not exist in America/New_York"),
        # ... and falls back on 1 November: 01:30 happens twice.
        ("starts_at", "2026-11-01T01:30", "happens twice in America/New_York"),
        ("starts_at", "9999-12-31T10:00", "no later than"),
        ("starts_at", "tomorrow", "Enter a valid date/time"),
    ],
)
def test_bad_input_on_the_log_form_is_a_message_beside_the_field(owner_client, field, value, message):
    response = owner_client.post(reverse("interviews:log"), log_post(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert not Interview.objects.exists()


def test_ranges_are_written_once_within_a_day_and_in_full_across_midnight():
    import zoneinfo

    london = zoneinfo.ZoneInfo("Europe/London")
    start = dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    assert local_range(start, start + dt.timedelta(hours=1), london) == "Monday 30 November, 15:00–16:00"
    late = dt.datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert (
        local_range(late, late + dt.timedelta(hours=1), london)
        == "Monday 30 November, 23:30 – Tuesday 1 December, 00:30"
    )
    # Tokyo is already on Tuesday when London is on Monday afternoon: the day is said.
    assert elsewhere_range(late, late, zone_name="Asia/Tokyo", viewer_zone_name="Europe/London").startswith(
        "Tuesday 1 December"
    )
    assert elsewhere_range(start, start, zone_name="Europe/London", viewer_zone_name="Europe/London") == ""


# --- Moves, cancellations, postponements -----------------------------------------------------------------------


def test_a_move_keeps_its_history_and_takes_the_interview_on_its_own_clock(owner_client, interview):
    moved = {"starts_at": "2026-12-02T10:00", "time_zone": "America/New_York", "duration_minutes": "45"}
    with time_machine.travel(NOW, tick=False):
        response = owner_client.post(
            reverse("interviews:reschedule", args=[interview.pk]), {**moved, "reason": "Panel ill"}
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == dt.datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    assert (interview.time_zone, interview.duration_minutes, interview.state) == ("America/New_York", 45, "scheduled")
    (change,) = InterviewChange.objects.filter(interview=interview)
    assert change.kind == "rescheduled"
    assert (
        change.from_starts_at == dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
        and change.from_time_zone == "Europe/London"
    )
    assert change.to_starts_at == interview.starts_at and change.reason == "Panel ill"  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        page = owner_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'moved from Mon 30 Nov, 15:00 to Wed 2 Dec, 15:00: <span dir="auto">Panel ill</span>' in page


@pytest.mark.parametrize(
    ("what", "state", "by", "label"),
    [
        ("cancelled_by_them", "cancelled", "them", "Cancelled by them"),
        ("cancelled_by_me", "cancelled", "me", "Cancelled by me"),
        ("postponed", "postponed", "", "Postponed"),
    ],
)
def test_an_interview_is_called_off_without_being_deleted(owner_client, interview, what, state, by, label):
    with time_machine.travel(NOW, tick=False):
        response = owner_client.post(
            reverse("interviews:call_off", args=[interview.pk]), {"what": what, "reason": "Role frozen"}
        )
        page = owner_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.state, interview.cancelled_by, interview.state_reason) == (state, by, "Role frozen")
    assert InterviewChange.objects.get(interview=interview).kind == (
        "postponed" if state == "postponed" else "cancelled"
    )
    assert f'data-testid="interview-state">{label}<' in page and "Role frozen" in page


def test_a_postponed_interview_gets_its_new_date_and_is_on_again(interview):
    interview_call_off(interview=interview, what="postponed", now=NOW)
    interview_reschedule(
        interview=interview, starts_at=dt.datetime(2026, 12, 8, 10, 0, tzinfo=UTC), time_zone="Europe/London", now=NOW
    )
    interview.refresh_from_db()
    assert interview.state == "scheduled" and interview.cancelled_by == ""
    assert list(InterviewChange.objects.filter(interview=interview).values_list("kind", flat=True)) == [
        "postponed",
        "rescheduled",
    ]


def test_held_is_worked_out_from_the_time_and_the_state(interview):
    after = interview.ends_at + dt.timedelta(minutes=1)
    assert interview.state_label(now=NOW) == "Scheduled"
    assert interview.state_label(now=after) == "Held"
    interview_call_off(interview=interview, what="cancelled_by_them", now=NOW)
    assert interview.state_label(now=after) == "Cancelled by them"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"what": ""}, "what", "Choose what happened to the interview."),
        ({"what": "deleted"}, "what", "Select a valid choice"),
        ({"what": "postponed", "reason": "x" * 201}, "reason", "at most 200 characters"),
    ],
)
def test_bad_input_on_the_call_off_form(owner_client, interview, data, field, message):
    response = owner_client.post(reverse("interviews:call_off", args=[interview.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode() and response.context["form"].errors[field]
    interview.refresh_from_db()
    assert interview.state == "scheduled" and not InterviewChange.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_at": ""}, "starts_at", "This field is required."),
        ({"starts_at": "2026-13-01T10:00"}, "starts_at", "Enter a valid date/time"),
        ({"starts_at": "1989-06-01T10:00"}, "starts_at", "from 1990 on"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Choose a time zone from the list"),
        ({"starts_at": "2026-03-29T01:30", "time_zone": "Europe/London"}, "starts_at", "the clocks skip it"),
        ({"duration_minutes": "0"}, "duration_minutes", "greater than or equal to 1"),
        ({"duration_minutes": "６０"}, "duration_minutes", "digits 0–9"),
        ({"reason": "x" * 201}, "reason", "at most 200 characters"),
    ],
)
def test_bad_input_on_the_reschedule_form_keeps_what_was_typed(owner_client, interview, data, field, message):
    posted = {"starts_at": "2026-12-02T10:00", "time_zone": "Europe/London", "duration_minutes": "60", **data}
    response = owner_client.post(reverse("interviews:reschedule", args=[interview.pk]), posted)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and response.context["form"].errors[field]
    for name, value in posted.items():
        if value and name != field and len(value) < 100:
            assert f'value="{value}"' in body, name
    interview.refresh_from_db()
    assert interview.starts_at == dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    assert not InterviewChange.objects.exists()


def test_an_edit_that_changes_the_time_is_a_move_in_the_history(owner_client, interview):
    data = {
        "opportunity": interview.opportunity_id,
        "round": "first",
        "round_number": "1",
        "format": "video",
        "starts_at": "2026-11-30T16:00",
        "time_zone": "Europe/London",
        "duration_minutes": "60",
    }
    assert owner_client.post(reverse("interviews:edit", args=[interview.pk]), data).status_code == 302
    assert InterviewChange.objects.get(interview=interview).to_starts_at == dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    data["location"] = "Room 4"  # the same time again: no move
    owner_client.post(reverse("interviews:edit", args=[interview.pk]), data)
    assert InterviewChange.objects.filter(interview=interview).count() == 1
