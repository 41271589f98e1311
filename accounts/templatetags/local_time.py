"""Times on the viewer's clock, with the clock they were given in beside them when the two differ.

`{% when_range interview.starts_at interview.ends_at %}` → "Monday 30 November, 15:00–16:00" (the active zone: the
viewer's, set by accounts.middleware); `{% elsewhere interview.starts_at interview.ends_at interview.time_zone %}` →
"09:00–10:00 New York time", or nothing when the interview's zone is the viewer's."""

from django import template
from django.utils import timezone

from accounts.timezones import elsewhere_range, local_range

register = template.Library()


@register.simple_tag
def when_range(start, end, year: bool = False) -> str:
    return local_range(start, end, timezone.get_current_timezone(), year=year)


@register.simple_tag
def elsewhere(start, end, zone_name: str) -> str:
    return elsewhere_range(start, end, zone_name=zone_name, viewer_zone_name=timezone.get_current_timezone_name())
