"""`{% page_links "place" object.pk as links %}`: the links config hands a page of a lower app to the pages of the
apps above it (settings.PAGE_LINKS). The lower app's template shows them and never names those apps' URLs.
`{% page_panel "place" object %}`: the same for a panel an app above makes for the page (settings.PAGE_PANELS)."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

register = template.Library()


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str
    testid: str = ""


@register.simple_tag
def page_links(place: str, *args) -> list[PageLink]:
    return [
        PageLink(label=label, url=reverse(name, args=args), testid=testid)
        for label, name, testid in settings.PAGE_LINKS.get(place, ())
    ]


@register.simple_tag(takes_context=True)
def page_panel(context, place: str, obj) -> str:
    path = settings.PAGE_PANELS.get(place)
    return import_string(path)(request=context["request"], obj=obj) if path else ""
