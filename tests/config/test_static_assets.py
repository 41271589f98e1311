"""The committed stylesheet is what `make css` makes from assets/scss, and it styles every class the templates use
(the build keeps only the Bootstrap parts in use, so a class added to a template without its part fails here)."""

import re
from pathlib import Path

import sass
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CSS = BASE / "static" / "css" / "debrief.css"
# Classes that are hooks for JavaScript or tests, or crispy-forms' markers, and are styled by nothing on purpose.
UNSTYLED = {
    "asteriskField", "requiredField", "form-group", "messages", "outbox-typed", "textinput", "numberinput",
    "textarea", "select", "dateinput", "datetimeinput", "emailinput", "urlinput", "checkboxinput", "passwordinput",
    "radioselect", "multiField", "controls", "form-check-inline", "progress-chart",
}  # fmt: skip
TEMPLATE_DIRS = [BASE / "templates"]


def test_the_committed_stylesheet_is_what_make_css_compiles():
    compiled = sass.compile(
        filename=str(BASE / "assets" / "scss" / "debrief.scss"),
        include_paths=[str(BASE / "assets" / "vendor" / "bootstrap-5.3.8")],
        output_style="compressed",
    )
    assert compiled == CSS.read_text(), "static/css/debrief.css is stale: run `make css` and commit it"


def classes_in_templates() -> set[str]:
    found = set()
    for root in TEMPLATE_DIRS:
        for template in root.rglob("*.html"):
            for value in re.findall(r'class="([^"]*)"', template.read_text()):
                # A class built around a template tag ("alert-{{ kind }}") is not a name to look for.
                found.update(t for t in re.sub(r"{%.*?%}|{{.*?}}", "§", value).split() if "§" not in t)
    return {c for c in found if re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", c)}


def test_every_class_a_template_uses_is_in_the_stylesheet():
    css = CSS.read_text()
    styled = set(re.findall(r"\.([a-zA-Z][\w-]*)", css))
    missing = sorted(classes_in_templates() - styled - UNSTYLED)
    assert len(classes_in_templates()) > 80
    assert not missing, f"classes no CSS styles (add the Bootstrap part or utility in assets/scss): {missing}"
