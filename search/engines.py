"""Full-text matching and ranking, one implementation per database, behind the same two calls:
`matching(queryset, kind, terms)` keeps the rows that hold every term (each as a word or the start of one) and
annotates `rank` (higher is better).

- PostgreSQL: `to_tsvector('simple', …)` with the kind's title fields weighted A and the rest B, matched against a
  prefix tsquery ('sal':* & 'lond':*) and ranked by ts_rank. The 'simple' configuration neither stems nor drops stop
  words, so names and partial words match as typed. One GIN index per kind holds the same expression
  (search/migrations/0001_search_indexes.py; tests/search/test_engines.py checks the plans use them).
- SQLite: an FTS5 table per kind (unicode61 tokenizer) kept by triggers on the model's table, matched with prefix
  terms ("sal"* "lond"*) and ranked by bm25 with the same 2.5 : 1 weighting. SQLite has no GIN or tsvector; FTS5 is
  its own full-text index, built into the sqlite3 module Python ships.

Terms are only ever letters and digits (`search_terms`), so nothing a user types can reach either query language as
an operator: quotes, %, _, *, :, NEAR, AND, OR and NUL are dropped or become plain words.
"""

import logging
import re
from functools import reduce

from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .kinds import KINDS, Kind

logger = logging.getLogger(__name__)

QUERY_MAX_CHARACTERS = 200
TERMS_MAX = 8
TERM_MAX_CHARACTERS = 40
TITLE_WEIGHT = 2.5  # ts_rank weighs A 1.0 against B 0.4; bm25 is given the same ratio
_WORD = re.compile(r"[^\W_]+")


def search_terms(text: str) -> list[str]:
    """The words to look for: letters and digits only, lower-cased, each once, at most TERMS_MAX of them from the
    first QUERY_MAX_CHARACTERS characters."""
    words = _WORD.findall((text or "")[:QUERY_MAX_CHARACTERS].casefold())
    return list(dict.fromkeys(word[:TERM_MAX_CHARACTERS] for word in words))[:TERMS_MAX]


def matching(queryset: QuerySet, *, kind: Kind, terms: list[str]) -> QuerySet:
    if not terms:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _postgres_matching(queryset, kind=kind, terms=terms)
    if connection.vendor == "sqlite":
        return _sqlite_matching(queryset, kind=kind, terms=terms)
    raise NotImplementedError(f"No search for {connection.vendor}")


# --- PostgreSQL ------------------------------------------------------------------------------------------------


def postgres_vector(*, title_fields: tuple[str, ...], body_fields: tuple[str, ...]):
    """The document of a row, as the kind's GIN index holds it: title fields weighted A, the others B."""
    from django.contrib.postgres.search import SearchVector

    parts = []
    if title_fields:
        parts.append(SearchVector(*title_fields, weight="A", config="simple"))
    if body_fields:
        parts.append(SearchVector(*body_fields, weight="B", config="simple"))
    return reduce(lambda a, b: a + b, parts)


def _postgres_matching(queryset: QuerySet, *, kind: Kind, terms: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    vector = postgres_vector(title_fields=kind.title_fields, body_fields=kind.body_fields)
    query = SearchQuery(" & ".join(f"'{term}':*" for term in terms), search_type="raw", config="simple")
    return queryset.alias(search_document=vector).filter(search_document=query).annotate(rank=SearchRank(vector, query))


# --- SQLite ----------------------------------------------------------------------------------------------------


def fts_table(kind: Kind) -> str:
    return f"search_fts_{kind.key}"


def _sqlite_matching(queryset: QuerySet, *, kind: Kind, terms: list[str]) -> QuerySet:
    table, base = fts_table(kind), kind.model._meta.db_table
    match = " ".join(f'"{term}"*' for term in terms)
    weights = ", ".join([str(TITLE_WEIGHT)] * len(kind.title_fields) + ["1.0"] * len(kind.body_fields))
    return queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match])).annotate(
        rank=RawSQL(
            f'SELECT -bm25({table}, {weights}) FROM {table} WHERE {table} MATCH %s AND rowid = "{base}"."id"', [match]
        )
    )


def _column_value(kind: Kind, name: str, row: str) -> str:
    """What the index holds of one column for the trigger's `new` or `old` row: a JSON list as its items."""
    column = f"{row}.{kind.model._meta.get_field(name).column}"
    if name in kind.json_fields:
        return f"(CASE WHEN json_valid({column}) THEN (SELECT group_concat(value, ' ') FROM json_each({column})) END)"
    return column


def sqlite_index_statements(kind: Kind) -> dict[str, str]:
    """The FTS5 table of a kind and its three triggers, by name."""
    table, base = fts_table(kind), kind.model._meta.db_table
    columns = ", ".join(kind.fields)
    values = {row: ", ".join(_column_value(kind, name, row) for name in kind.fields) for row in ("new", "old")}
    insert = f"INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {values['new']});"
    delete = f"DELETE FROM {table} WHERE rowid = old.id;"
    return {
        table: f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize = 'unicode61 remove_diacritics 2')",
        f"{table}_ai": f"CREATE TRIGGER {table}_ai AFTER INSERT ON {base} BEGIN {insert} END",
        f"{table}_ad": f"CREATE TRIGGER {table}_ad AFTER DELETE ON {base} BEGIN {delete} END",
        f"{table}_au": f"CREATE TRIGGER {table}_au AFTER UPDATE ON {base} BEGIN {delete} {insert} END",
    }


def _sqlite_index_rebuild(cursor, kind: Kind) -> None:
    table, base = fts_table(kind), kind.model._meta.db_table
    for name in (f"{table}_ai", f"{table}_ad", f"{table}_au"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in sqlite_index_statements(kind).values():
        cursor.execute(statement)
    columns = ", ".join(kind.fields)
    values = ", ".join(_column_value(kind, name, base) for name in kind.fields)
    cursor.execute(f"INSERT INTO {table}(rowid, {columns}) SELECT id, {values} FROM {base}")


def sqlite_index_install(*, using: str = "default") -> list[str]:
    """Creates or repairs the FTS5 index of every kind whose table or triggers are missing or out of date, and fills
    it from the model's rows. Returns the kinds rebuilt. SQLite only; a no-op elsewhere."""
    conn = connections[using]
    if conn.vendor != "sqlite":
        return []
    rebuilt = []
    with conn.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'search_fts_%'")
        existing = dict(cursor.fetchall())
        for kind in KINDS:
            if any(existing.get(name) != sql for name, sql in sqlite_index_statements(kind).items()):
                _sqlite_index_rebuild(cursor, kind)
                rebuilt.append(kind.key)
    if rebuilt:
        logger.info("Search: built the SQLite full-text index of %s", ", ".join(rebuilt))
    return rebuilt


def sqlite_index_install_after_migrate(sender, using="default", **kwargs) -> None:
    sqlite_index_install(using=using)


def sqlite_index_intact() -> bool:
    """Whether every trigger is still there (one small query; a migration that rebuilds a table drops its
    triggers, and a test that migrates backwards emits no post_migrate)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_fts_%'")
        return cursor.fetchone()[0] == 3 * len(KINDS)


def index_ready() -> None:
    """Called before a search: on SQLite, repairs the index if a trigger went missing. Nothing on PostgreSQL."""
    if connection.vendor == "sqlite" and not sqlite_index_intact():
        sqlite_index_install()
