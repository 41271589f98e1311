import datetime as dt
import zoneinfo

import pytest

from followups.rules import follow_up_call_at, follow_up_date, thank_you_due_at

UTC = dt.UTC


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# (zone, local end of the interview, expected due moment in UTC)
CASES = [
    # Europe/London in summer (UTC+1)
    ("Europe/London", (2026, 6, 10, 10, 0), utc(2026, 6, 10, 19, 0)),  # morning → 20:00 the same day
    ("Europe/London", (2026, 6, 10, 11, 59), utc(2026, 6, 10, 19, 0)),  # a minute before noon is still morning
    ("Europe/London", (2026, 6, 10, 12, 0), utc(2026, 6, 11, 9, 0)),  # noon → 10:00 the next day
    ("Europe/London", (2026, 6, 10, 18, 30), utc(2026, 6, 11, 9, 0)),  # evening → 10:00 the next day
    ("Europe/London", (2026, 6, 10, 0, 0), utc(2026, 6, 10, 19, 0)),  # midnight is the start of a morning
    ("Europe/London", (2026, 6, 10, 23, 59), utc(2026, 6, 11, 9, 0)),  # a minute before midnight
    # America/Los_Angeles (UTC−7 in summer): the local evening is the next UTC day
    ("America/Los_Angeles", (2026, 6, 10, 9, 0), utc(2026, 6, 11, 3, 0)),
    ("America/Los_Angeles", (2026, 6, 10, 16, 0), utc(2026, 6, 11, 17, 0)),
    # Europe/Berlin, DST starts on 2026-03-29 (02:00 CET → 03:00 CEST)
    ("Europe/Berlin", (2026, 3, 28, 15, 0), utc(2026, 3, 29, 8, 0)),  # due in CEST: 18 h, not 19
    ("Europe/Berlin", (2026, 3, 29, 9, 0), utc(2026, 3, 29, 18, 0)),  # morning of the change day
    # Europe/Berlin, DST ends on 2026-10-25 (03:00 CEST → 02:00 CET)
    ("Europe/Berlin", (2026, 10, 24, 14, 0), utc(2026, 10, 25, 9, 0)),  # due in CET: 21 h, not 20
    ("Europe/Berlin", (2026, 10, 25, 11, 0), utc(2026, 10, 25, 19, 0)),  # morning of the change day
    # Pacific/Auckland (UTC+13 in January): the local morning is the previous UTC day
    ("Pacific/Auckland", (2026, 1, 15, 11, 0), utc(2026, 1, 15, 7, 0)),
    ("Pacific/Auckland", (2026, 1, 15, 14, 0), utc(2026, 1, 15, 21, 0)),
    # Asia/Kolkata (UTC+5:30, no DST)
    ("Asia/Kolkata", (2026, 6, 10, 11, 45), utc(2026, 6, 10, 14, 30)),
    ("Asia/Kolkata", (2026, 6, 10, 13, 0), utc(2026, 6, 11, 4, 30)),
]


@pytest.mark.parametrize(("zone_name", "local_end", "expected"), CASES)
def test_thank_you_due_time_follows_the_candidates_own_clock(zone_name, local_end, expected):
    zone = zoneinfo.ZoneInfo(zone_name)
    ends_at = dt.datetime(*local_end, tzinfo=zone).astimezone(UTC)

    due = thank_you_due_at(ends_at=ends_at, zone=zone)

    assert due == expected
    assert due.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("zone_name", ["Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"])
def test_thank_you_due_time_is_never_later_than_a_day_after_the_end(zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    start = utc(2026, 1, 1)
    for step in range(0, 365 * 24 * 4, 7):  # every 105 minutes through a year: both DST changes included
        ends_at = start + dt.timedelta(minutes=15 * step)
        due = thank_you_due_at(ends_at=ends_at, zone=zone)
        assert ends_at < due <= ends_at + dt.timedelta(hours=24), ends_at


def test_thank_you_due_time_on_the_last_representable_day_does_not_overflow():
    ends_at = dt.datetime(9999, 12, 31, 15, 0, tzinfo=UTC)
    assert thank_you_due_at(ends_at=ends_at, zone=zoneinfo.ZoneInfo("UTC")) == ends_at


@pytest.mark.parametrize(
    ("hear_back", "expected"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 11, 24)),  # Monday → Tuesday
        (dt.date(2026, 11, 27), dt.date(2026, 11, 30)),  # Friday → Monday
        (dt.date(2026, 11, 28), dt.date(2026, 11, 30)),  # Saturday → Monday
        (dt.date(2026, 11, 29), dt.date(2026, 11, 30)),  # Sunday → Monday
        (None, None),
        (dt.date(9999, 12, 31), None),
    ],
)
def test_follow_up_is_the_first_working_day_at_least_a_day_after_the_hear_back_date(hear_back, expected):
    assert follow_up_date(hear_back_date=hear_back) == expected


def test_follow_up_call_reminder_is_at_nine_on_the_candidates_clock():
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    assert follow_up_call_at(hear_back_date=dt.date(2026, 11, 27), zone=zone) == utc(2026, 11, 30, 17, 0)
