import zoneinfo
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone name this system knows, sorted, without the legacy aliases (US/…, Etc/GMT+3, …)."""
    names = zoneinfo.available_timezones()
    legacy_prefixes = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/")
    regional = sorted(name for name in names if "/" in name and not name.startswith(legacy_prefixes))
    return (*regional, "UTC")


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in timezone_names()]


def validate_timezone_name(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError("Choose a time zone from the list, such as Europe/London.", code="invalid_timezone")


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


@cache
def _lookup_table() -> tuple[dict[str, str], dict[str, str | None]]:
    by_name = {_key(name): name for name in timezone_names()}
    by_place: dict[str, str | None] = {}
    for name in timezone_names():
        place = _key(name.rsplit("/", 1)[-1])
        by_place[place] = None if place in by_place else name  # a place two zones share is no answer
    return by_name, by_place


def timezone_lookup(text: str) -> str | None:
    """The zone a person typed: its IANA name in any case, with spaces for underscores, or its place alone when
    only one zone has it ("new york" → America/New_York). None when it names no zone of timezone_names()."""
    by_name, by_place = _lookup_table()
    key = _key(text)
    return by_name.get(key) or by_place.get(key)


def zone_label(name: str) -> str:
    """How a zone is shown beside a time: its place, "New York", "London", "UTC"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


@cache
def timezone_datalist_options() -> str:
    """The <option>s of the zone picker, built once: value the IANA name, text its place and region."""
    return format_html_join(
        "",
        '<option value="{}">{}</option>',
        ((name, f"{zone_label(name)} ({name.split('/', 1)[0]})" if "/" in name else name) for name in timezone_names()),
    )


# --- Times as a person reads them ----------------------------------------------------------------------------------


def local_day(day, *, year: bool = False) -> str:
    """'Monday 30 November' ('Monday 30 November 2026' with the year)."""
    return f"{day:%A} {day.day} {day:%B}" + (f" {day.year}" if year else "")


def local_moment(moment, zone: zoneinfo.ZoneInfo, *, year: bool = False) -> str:
    """'Monday 30 November, 15:00' on `zone`'s clock."""
    local = moment.astimezone(zone)
    return f"{local_day(local, year=year)}, {local:%H:%M}"


def local_range(start, end, zone: zoneinfo.ZoneInfo, *, year: bool = False) -> str:
    """A span on `zone`'s clock, its day written once when it starts and ends on the same day:
    'Monday 30 November, 15:00–16:00'; else 'Monday 30 November, 23:30 – Tuesday 1 December, 00:30'."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    if first.date() == last.date():
        return f"{local_day(first, year=year)}, {first:%H:%M}–{last:%H:%M}"
    return f"{local_moment(first, zone, year=year)} – {local_moment(last, zone, year=year)}"


def elsewhere_range(start, end, *, zone_name: str, viewer_zone_name: str) -> str:
    """The same span on another clock, to show beside the viewer's when the two zones differ: '09:00–10:00 New York
    time' (its day too when that clock is on another day); "" when the zones are the same."""
    if not zone_name or zone_name == viewer_zone_name:
        return ""
    zone, viewer = zoneinfo.ZoneInfo(zone_name), zoneinfo.ZoneInfo(viewer_zone_name)
    first, last = start.astimezone(zone), end.astimezone(zone)
    same_day = first.date() == start.astimezone(viewer).date() and first.date() == last.date()
    span = f"{first:%H:%M}–{last:%H:%M}" if same_day else local_range(start, end, zone)
    return f"{span} {zone_label(zone_name)} time"


# --- The picker ---------------------------------------------------------------------------------------------------


class TimeZonePicker(forms.TextInput):
    """A text box the browser searches as one types, over a <datalist> of every zone: "york" offers America/New_York.
    Without a list (an old browser) the box still takes a zone typed by name; TimeZoneField resolves it."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or 'id_' + name}-zones"
        attrs["list"] = list_id
        html = super().render(name, value, attrs, renderer)
        return html + format_html('<datalist id="{}">{}</datalist>', list_id, timezone_datalist_options())


class TimeZoneField(forms.CharField):
    """An IANA time zone, picked from the searchable list or typed: "europe/london", "New York" and
    "America/New_York" all give America/New_York or Europe/London; anything else is refused next to the field."""

    widget = TimeZonePicker
    default_error_messages = {"invalid": "Choose a time zone from the list, such as Europe/London or America/New_York."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return ""
        zone = timezone_lookup(text)
        if zone is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return zone
