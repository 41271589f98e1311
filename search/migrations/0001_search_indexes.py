"""PostgreSQL: one GIN index per kind of search result, on exactly the document search/engines.py matches (title
fields weighted A, the rest B, the 'simple' configuration). Written out here as they were when made, so a later
change to search/kinds.py needs a migration of its own; tests/search/test_engines.py fails when a kind's
query stops using its index. SQLite builds its FTS5 tables after every migrate instead (search/apps.py)."""

from functools import reduce

from django.db import migrations

# (app, model, index, title fields, body fields)
INDEXES = [
    ("interviews", "question", "search_questions_gin", ("text",), ("answer_summary", "topic")),
    (
        "interviews",
        "debrief",
        "search_debriefs_gin",
        (),
        (
            "employer_feedback",
            "next_steps",
            "tone",
            "question_focus",
            "opportunity_summary",
            "background_that_matters",
            "went_well",
            "to_improve",
            "sell_better",
            "strengths",
            "weaknesses",
            "make_it_ten",
            "to_clarify",
            "improve_chances",
            "questions_if_called_back",
            "still_interested_why",
        ),
    ),
    ("interviews", "opportunity", "search_opportunities_gin", ("role_title",), ("job_description", "agency_name")),
    ("interviews", "company", "search_companies_gin", ("name",), ("location", "website", "notes")),
    ("interviews", "person", "search_people_gin", ("name",), ("title", "responsibilities", "email", "notes")),
    ("followups", "thankyounote", "search_thank_you_notes_gin", ("subject",), ("body",)),
    ("followups", "followupattempt", "search_follow_up_notes_gin", (), ("notes",)),
    ("interviews", "learningitem", "search_learning_gin", ("text",), ()),
    ("interviews", "debriefnote", "search_recruiter_notes_gin", (), ("text",)),
]


def _index(name, title_fields, body_fields):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    parts = []
    if title_fields:
        parts.append(SearchVector(*title_fields, weight="A", config="simple"))
    if body_fields:
        parts.append(SearchVector(*body_fields, weight="B", config="simple"))
    return GinIndex(reduce(lambda a, b: a + b, parts), name=name)


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, name, title_fields, body_fields in INDEXES:
        schema_editor.add_index(apps.get_model(app, model), _index(name, title_fields, body_fields))


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, name, title_fields, body_fields in INDEXES:
        schema_editor.remove_index(apps.get_model(app, model), _index(name, title_fields, body_fields))


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0005_prep_stated_terms_practise"),
        ("followups", "0003_offers_move_to_insight"),
    ]

    operations = [migrations.RunPython(indexes_create, indexes_drop, elidable=False)]
