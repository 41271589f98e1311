"""The relevance table: what a search finds and in which order, the expected result first. The same table runs on
SQLite (make test) and on PostgreSQL (CI), so both engines answer alike."""

import pytest
from django.db import connection

from search import engines, selectors
from search.kinds import KIND_BY_KEY
from tests.conftest import make_user
from tests.prep_world import build

pytestmark = pytest.mark.django_db

# (what is typed, kind, the results in order: each inner tuple is a set of equals, in any order among themselves)
RELEVANCE = [
    # A word in the question itself ranks above the same word in an answer.
    ("salary", "questions", (("q_nw_salary", "q_gx_salary", "q_it_salary"), ("q_it_leave",))),
    # Case and punctuation do not matter.
    ("SALARY?!", "questions", (("q_nw_salary", "q_gx_salary", "q_it_salary"), ("q_it_leave",))),
    # Every word must be there; the start of a word is enough.
    ("salary expect", "questions", (("q_nw_salary", "q_it_salary"),)),
    ("tell me ab", "questions", (("q_gx_about",),)),
    ("75k", "questions", (("q_nw_salary", "q_it_salary"),)),
    ("pay 80k", "questions", (("q_gx_salary",),)),
    # Said twice beats said once.
    ("kubernetes", "opportunities", (("globex_screen",), ("initech_final",))),
    ("kafka spark", "opportunities", (("northwind_first",),)),
    # A name beats a mention in the notes.
    ("northwind", "companies", (("northwind_first",), ("globex_screen",))),
    ("anna", "people", (("anna",), ("chiara",))),
    ("lindq", "people", (("anna",),)),
    ("london", "companies", (("northwind_first",),)),
    # The items of a list are searched (went_well is stored as JSON).
    ("equity", "debriefs", (("debrief_gx",),)),
    ("kubernetes sql", "debriefs", (("debrief_it",),)),
    ("roadmap", "thank_you_notes", (("note",),)),
    ("voicemail", "follow_up_notes", (("attempt",),)),
    ("terraform", "learning", (("learning",),)),
    ("negotiate", "recruiter_notes", (("recruiter_note",),)),
    # Nothing, rather than anything.
    ("zzzz", "questions", ()),
    ("salary london", "questions", ()),
]


def _pk(world, name, kind):
    obj = world[name]
    if kind in {"opportunities", "companies"}:  # the world names these by an interview of theirs
        opportunity = getattr(obj, "opportunity", obj)
        return opportunity.pk if kind == "opportunities" else opportunity.company_id
    return obj.pk


@pytest.mark.parametrize(("typed", "kind_key", "expected"), RELEVANCE, ids=[f"{r[1]}:{r[0]}" for r in RELEVANCE])
def test_relevance(typed, kind_key, expected, recruiter):
    owner = make_user("relevance@example.com")
    world = build(owner, recruiter=recruiter)
    other = make_user("someone.else@example.com")
    build(other)  # the same words in someone else's account
    kind = KIND_BY_KEY[kind_key]
    found = list(
        selectors.ranked(user=owner, kind=kind, terms=engines.search_terms(typed)).values_list("pk", flat=True)
    )
    wanted = [{_pk(world, name, kind_key) for name in group} for group in expected]
    assert len(found) == sum(len(group) for group in wanted), (connection.vendor, found, wanted)
    start = 0
    for group in wanted:
        assert set(found[start : start + len(group)]) == group, (connection.vendor, typed, found, wanted)
        start += len(group)


def test_the_overview_groups_by_kind_and_marks_the_words(owner, owner_client):
    build(owner)
    page = owner_client.get("/search/", {"q": "kubernetes"}).content.decode()
    # One group per kind that has results, in a fixed order, each with its total.
    assert page.count('data-testid="search-group"') == 2
    assert page.index('data-kind="debriefs"') < page.index('data-kind="opportunities"')
    assert "Strong on <mark>Kubernetes</mark>, weaker on SQL" in page
    page = owner_client.get("/search/", {"q": "salary"}).content.decode()
    assert "What are your <mark>salary</mark> expectations?" in page
    assert "my <mark>salary</mark> had stalled" in page
    # Each result links to where it lives and, for the candidate, to the prep sheet of its opportunity.
    assert page.count('data-testid="result-prep-sheet"') == 4


def test_the_search_box_is_on_every_page(owner_client):
    for url in ("/", "/interviews/", "/interviews/questions/", "/me/"):
        assert 'data-testid="nav-search-q"' in owner_client.get(url).content.decode(), url
