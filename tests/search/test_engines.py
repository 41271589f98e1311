"""Each engine's index: on PostgreSQL every kind's match is served by its GIN index; on SQLite the FTS5 tables
follow every insert, update and delete, and are rebuilt when a migration rebuilds a table and drops its triggers."""

import pytest
from django.db import connection

from interviews.models import Company, Question
from search import engines, selectors
from search.highlight import excerpt, marked, terms_pattern
from search.kinds import KIND_BY_KEY, KINDS
from tests.conftest import make_user
from tests.prep_world import build, question

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index (CI runs it)")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index (make test runs it)")


@postgres_only
@pytest.mark.parametrize("kind", KINDS, ids=[k.key for k in KINDS])
def test_each_kind_is_matched_through_its_gin_index(kind):
    # Only a bitmap scan left to the planner: the GIN index is then the one way to answer the match at all.
    with connection.cursor() as cursor:
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
    plan = engines.matching(kind.model.objects.all(), kind=kind, terms=["sal", "exp"]).explain()
    assert f"search_{kind.key}_gin" in plan, plan


@sqlite_only
def test_the_fts_index_follows_inserts_updates_and_deletes(owner):
    world = build(owner)
    kind = KIND_BY_KEY["questions"]

    def found(text):
        return set(
            selectors.ranked(user=owner, kind=kind, terms=engines.search_terms(text)).values_list("pk", flat=True)
        )

    added = question(world["globex_screen"], "Where do you see yourself in a decade?")
    assert found("decade") == {added.pk}
    Question.objects.filter(pk=added.pk).update(text="Where do you see yourself in a fortnight?")
    assert found("decade") == set() and found("fortnight") == {added.pk}
    added.delete()
    assert found("fortnight") == set()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_rebuilt_table_gets_its_index_back_on_the_next_search(owner):
    world = build(owner)
    with connection.schema_editor() as editor:
        editor._remake_table(Question)  # what SQLite does for most changes of a column
    assert not engines.sqlite_index_intact()
    # Written while the triggers were gone: the repair finds it all the same.
    question(world["globex_screen"], "Where do you see yourself in a decade?")
    groups = selectors.search_overview(user=owner, text="decade")
    assert engines.sqlite_index_intact()
    assert [g.kind.key for g in groups] == ["questions"] and groups[0].total == 1


@sqlite_only
def test_migrate_builds_a_missing_index_and_leaves_a_good_one_alone():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE search_fts_companies")
    assert engines.sqlite_index_install() == ["companies"]
    assert engines.sqlite_index_install() == []


def test_search_terms_are_letters_and_digits_only():
    assert engines.search_terms("Salary?! 'sal':* & NEAR(x) 75k _%") == ["salary", "sal", "near", "x", "75k"]
    assert engines.search_terms("x" * 1000) == ["x" * engines.TERM_MAX_CHARACTERS]
    assert len(engines.search_terms(" ".join(f"w{i}" for i in range(100)))) == engines.TERMS_MAX
    assert engines.search_terms("\x00%_\"'") == []


def test_marks_go_around_escaped_text_only():
    pattern = terms_pattern(["sal"])
    assert marked("<b>Salary</b> & salsa, upsale", pattern) == (
        "&lt;b&gt;<mark>Salary</mark>&lt;/b&gt; &amp; <mark>salsa</mark>, upsale"
    )
    long = "word " * 100 + "the salary came up " + "word " * 100
    cut = excerpt([long], pattern)
    assert cut.startswith("…") and cut.endswith("…") and "<mark>salary</mark>" in cut and len(cut) < 300


def test_a_company_named_like_markup_is_shown_as_text(owner, owner_client):
    Company.objects.create(owner=owner, name='<img src=x onerror="alert(1)"> Salaryco')
    page = owner_client.get("/search/", {"q": "salaryco"}).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>Salaryco</mark>" in page
    assert "<img src=x" not in page


def test_other_accounts_words_never_rank_or_show(owner):
    other = make_user("rival@example.com")
    build(other)
    assert selectors.search_overview(user=owner, text="salary") == []
