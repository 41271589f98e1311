import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError


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
