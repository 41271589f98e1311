"""The site's form renderer (settings.FORM_RENDERER): Django's own, except that a <select> is written in one pass.

Django's select.html includes select_option.html, which includes attrs.html, for every option: about 0.1 ms an
option, so the filter of a candidate with 100 companies or the list of every time zone cost a page more than all
the rest of it. `select_html` writes the same markup, character for character (tests/config/test_forms.py holds the
two side by side), for every widget that renders Django's select template; a widget with a template of its own is
rendered by its template as before."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: `name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict) -> SafeString | None:
    """The markup of django/forms/widgets/select.html for this widget context, or None when an option has a
    template of its own (then the templates render it)."""
    parts = [format_html('<select name="{}"', widget["name"]), attrs_html(widget["attrs"]), ">"]
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            value = conditional_escape(str(option["value"]))
            label = conditional_escape(option["label"])
            parts.append(f'\n  <option value="{value}"{attrs_html(option["attrs"])}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and (html := select_html(context["widget"])) is not None:
            return html
        return super().render(template_name, context, request=request)
