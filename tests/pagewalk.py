"""Every HTML page of the site, as a given visitor sees it: each GET URL in config.urls (tests/urlwalk.py) filled
with every object id there is, kept when it answers 200 with HTML. For checks that must hold on every page."""

from html.parser import HTMLParser

from django.test import Client

from accounts.services import link_invitation_create, link_invitation_token
from tests.security.test_security_checklist import page_urls
from tests.world import World


def tokens_of(world: World) -> dict[str, str]:
    """The tokens the walk puts in token URLs: an invitation the world's owner has received (from the unlinked
    recruiter), so the owner sees the page that accepts one, as a visitor does."""
    invitation, _ = link_invitation_create(inviter=world.users["unlinked"], email=world.users["owner"].email)
    return {"accounts:link_invitation_accept": link_invitation_token(invitation=invitation)}


def html_pages(client: Client, tokens: dict | None = None) -> dict[str, list[tuple[str, str]]]:
    """{endpoint name: [(url, html)]} of the pages `client` gets with 200 and HTML."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for endpoint, url in page_urls(tokens or {}):
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            pages.setdefault(endpoint.name, []).append((url, response.content.decode()))
    return pages


def first_html_page_per_view(client: Client, tokens: dict | None = None) -> dict[str, str]:
    """{endpoint name: url} of the first address of each view that `client` gets with 200 and HTML: the walk of
    html_pages, stopping at each view's first page (for checks that are about the page's markup, which each view
    writes the same for every object)."""
    found: dict[str, str] = {}
    for endpoint, url in page_urls(tokens or {}):
        if endpoint.name in found:
            continue
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found[endpoint.name] = url
    return found


class IdCollector(HTMLParser):
    """The ids and label targets of a page, leaving out <template> content (not part of the document)."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_targets: list[str] = []
        self.in_template = 0

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])

    def handle_endtag(self, tag):
        if tag == "template" and self.in_template:
            self.in_template -= 1


def ids_of(html: str) -> IdCollector:
    collector = IdCollector()
    collector.feed(html)
    return collector
