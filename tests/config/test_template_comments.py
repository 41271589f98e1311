"""Django's {# #} comment ends at the end of its line: one left open runs on as text that every visitor reads. A
comment over several lines is {% comment %}."""

from pathlib import Path

from django.conf import settings


def test_no_template_opens_a_one_line_comment_it_does_not_close_on_that_line():
    open_ones = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert not open_ones, open_ones
