"""`{% page_links "place" object.pk as links %}`: the links config hands a page of a lower app to the pages of the
apps above it (settings.PAGE_LINKS). The lower app's template shows them and never names those apps' URLs."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse

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
