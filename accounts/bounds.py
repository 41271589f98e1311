"""What every value a person types or imports must keep, in one place: every form, the admin (through the model
fields' validators) and the JSON import (accounts.data) check these same rules. `accounts` sits at the bottom of the
dependencies, so every app can import this module.

- **The one date policy**: every date and date-time from EARLIEST_YEAR (1990) to LATEST_YEARS_AHEAD (two) years
  after this year. Further ahead is almost surely a typo in the year, and the bound keeps every date far from
  9999-12-31, where adding a day (an interview's end, a follow-up day, a deadline) overflows.
- **One-line text** (names, titles, a company, a role, a reason): no line break and no control character, so it can
  go into a mail header, a calendar line or a CSV cell as it is.
- **Lists of lines** (a debrief's "went well"): a JSON list of at most LIST_ITEMS_MAX one-line strings of at most
  LIST_ITEM_MAX characters, as the form's one-item-per-line box makes them.
- No NUL anywhere (PostgreSQL cannot store it): Django's forms refuse it in text; the import and the list rule too.
"""

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_YEAR = 1990
LATEST_YEARS_AHEAD = 2
LIST_ITEMS_MAX = 20
LIST_ITEM_MAX = 1000


def latest_year() -> int:
    return timezone.localdate().year + LATEST_YEARS_AHEAD


def year_in_range(value: dt.date) -> None:
    """Raises ValidationError unless the date (or the local date of a date and time) keeps the one policy."""
    if value.year < EARLIEST_YEAR:
        raise ValidationError(f"Enter a date from {EARLIEST_YEAR} on.", code="too_early")
    if value.year > latest_year():
        raise ValidationError(f"Enter a date no later than {latest_year()}; check the year.", code="too_late")


def _breaks_a_line(ch: str) -> bool:
    # Every character str.splitlines() splits on, and every other control character (Cc), tab aside.
    return ch != "\t" and (unicodedata.category(ch) == "Cc" or ch in "\x85\u2028\u2029")


def single_line(value: str) -> None:
    """A one-line field: no line break, NUL or other control character."""
    if any(_breaks_a_line(ch) for ch in str(value)):
        raise ValidationError("Keep this to one line (no line breaks).", code="not_one_line")


def list_of_lines(value) -> None:
    """A list field (stored as JSON): a list of short one-line strings, as the form makes it."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Give a list of lines of text.", code="not_a_list_of_lines")
    if len(value) > LIST_ITEMS_MAX:
        raise ValidationError(f"Keep it to {LIST_ITEMS_MAX} lines or fewer.", code="too_many_lines")
    for item in value:
        single_line(item)
        if len(item) > LIST_ITEM_MAX:
            raise ValidationError(f"Keep each line to {LIST_ITEM_MAX} characters.", code="line_too_long")
