"""Search across everything a user may see (PRODUCT.md P1): each kind's rows from its scoping selector, matched and
ranked by the database's full-text engine (engines.py), best first, with the matching words marked."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.safestring import SafeString

from accounts.models import User

from . import engines
from .highlight import excerpt, marked, terms_pattern
from .kinds import KINDS, Kind, Link

OVERVIEW_PER_KIND = 5
PAGE_SIZE = 50


@dataclass(frozen=True)
class Result:
    title: SafeString
    context: str
    excerpt: SafeString
    excerpt_label: str
    links: list[Link]
    owner_id: int | None = None  # whose interview it is from, for the kinds a linked recruiter finds


@dataclass(frozen=True)
class KindResults:
    kind: Kind
    results: list[Result]
    total: int


def ranked(*, user: User, kind: Kind, terms: list[str]) -> QuerySet:
    """The rows of `kind` that `user` may see and that hold every term, best first (newest first among equals)."""
    rows = engines.matching(kind.scope(user), kind=kind, terms=terms)
    return rows.select_related(*kind.related).order_by("-rank", "-pk")


def _value_text(kind: Kind, row, name: str) -> str:
    value = getattr(row, name)
    if name in kind.json_fields:
        return "; ".join(str(item) for item in value or [] if str(item).strip())
    return str(value or "")


def result_of(*, kind: Kind, row, user: User, terms: list[str]) -> Result:
    pattern = terms_pattern(terms)
    shown = kind.body_fields or kind.title_fields
    texts = [(name, _value_text(kind, row, name)) for name in shown]
    label = next(
        (name for name, text in texts if pattern and pattern.search(text)),
        next((name for name, text in texts if text), ""),
    )
    chosen = [text for name, text in texts if name == label]
    interview = kind.interview_of(row) if kind.interview_of else None
    return Result(
        title=marked(kind.title(row), pattern),
        context=kind.context(row),
        excerpt=excerpt(chosen, pattern),
        excerpt_label=kind.label_of(label) if label and kind.body_fields else "",
        links=kind.links(row, user),
        owner_id=interview.owner_id if interview is not None else None,
    )


def candidates_shown(*, user: User, groups: list[KindResults]) -> set[int]:
    """The candidates whose interviews a recruiter's results came from (none of the searcher's own)."""
    return {r.owner_id for group in groups for r in group.results if r.owner_id is not None and r.owner_id != user.pk}


def search_overview(*, user: User, text: str) -> list[KindResults]:
    """The best few results of every kind that has any, and how many each has in all. One query per kind."""
    terms = engines.search_terms(text)
    if not terms:
        return []
    engines.index_ready()
    found = []
    for kind in KINDS:
        rows = list(ranked(user=user, kind=kind, terms=terms).annotate(total=Window(Count("pk")))[:OVERVIEW_PER_KIND])
        if rows:
            results = [result_of(kind=kind, row=row, user=user, terms=terms) for row in rows]
            found.append(KindResults(kind=kind, results=results, total=rows[0].total))
    return found


def search_kind_page(*, user: User, text: str, kind: Kind, page: str | int | None) -> tuple[KindResults, Page]:
    """One kind's results, PAGE_SIZE a page. Two queries: the count and the page."""
    terms = engines.search_terms(text)
    if terms:
        engines.index_ready()
    rows = ranked(user=user, kind=kind, terms=terms) if terms else kind.model.objects.none()
    page_obj = Paginator(rows, PAGE_SIZE).get_page(page)
    results = [result_of(kind=kind, row=row, user=user, terms=terms) for row in page_obj.object_list]
    return KindResults(kind=kind, results=results, total=page_obj.paginator.count), page_obj
