"""The search page costs the same number of queries for a candidate with a handful of matches as for one with
hundreds: one per kind on the overview (its best few and its total together), two on a page of one kind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import Debrief, LearningItem, Question
from tests.conftest import make_user
from tests.prep_world import bare_interview, build

pytestmark = pytest.mark.django_db


def grow(owner, n: int) -> None:
    """`n` more interviews, each with a question, a debrief and a learning item that say salary (bare rows: a bulk
    for the count)."""
    for i in range(n):
        interview = bare_interview(owner, f"Company {i % 20}", f"Role {i % 7}", days_ago=30 + i)
        Question.objects.create(interview=interview, text=f"Salary question {i}", normalized_text=f"salaryq{i}")
        Debrief.objects.create(interview=interview, strengths=f"Asked about salary bands {i}")
        LearningItem.objects.create(owner=owner, interview=interview, text=f"Salary research {i}")


def queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/search/", params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params", [{"q": "salary"}, {"q": "salary", "kind": "questions"}, {"q": "salary", "kind": "questions", "page": 3}]
)
def test_search_queries_do_not_grow_with_the_matches(client, params, django_assert_max_num_queries):
    small, large = make_user("small@example.com"), make_user("large@example.com")
    build(small)
    build(large)
    grow(large, 160)
    client.force_login(small)
    baseline = queries(client, params)
    client.force_login(large)
    with django_assert_max_num_queries(baseline):
        page = client.get("/search/", params).content.decode()
    if "kind" in params:
        assert page.count('data-testid="search-result"') == 50
    else:  # the best five of each kind that grew; the world's own thank-you notes may match too
        for kind in ("questions", "debriefs", "learning"):
            section = page.split(f'data-kind="{kind}"', 1)[1].split("</section>", 1)[0]
            assert section.count('data-testid="search-result"') == 5, kind


def test_the_overview_reads_each_kind_once(owner_client, owner):
    build(owner)
    # Session and user, on SQLite the index check, then one query per kind.
    expected = 2 + (1 if connection.vendor == "sqlite" else 0) + 9
    assert queries(owner_client, {"q": "salary"}) == expected
