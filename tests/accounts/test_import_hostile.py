"""Hostile imports (issue 12, finding 3): every value of every row of a real export replaced by what a crafted file
can hold is refused with a message naming the row and the field, keeps nothing and never raises anything else;
what is accepted renders every page."""

import copy
import json

import pytest
from django.apps import apps
from django.db import models, transaction

from accounts import data
from tests.world import fill_account

pytestmark = pytest.mark.django_db

NOT_A_DATE = [12345, ["2026-03-01"], {"y": 2026}, True, "9999-12-31T23:59:59Z", "9999-12-31", "0001-01-01"]
TEXT_POISON = [12345, ["a list"], {"an": "object"}, True]


def _export(user) -> dict:
    return json.loads("".join(data.export_json_chunks(user=user)))


def _counts():
    return {t.label: t.model._default_manager.count() for t in data.user_tables()}


def _attempt(owner, document) -> str | None:
    """The import's answer: None when it imported (then undone), else the refusal; anything else is raised."""
    try:
        with transaction.atomic():
            data.data_import(user=owner, document=document)
            transaction.set_rollback(True)
    except data.ImportRefused as refusal:
        return str(refusal)
    return None


def _cases(document, *, kinds):
    for label, rows in document["tables"].items():
        if not rows:
            continue
        model = apps.get_model(label)
        for name, value in rows[0].items():
            if name == "id" or name.endswith("_id"):
                continue
            for poison in kinds(model._meta.get_field(name), value):
                yield label, name, poison


def _date_kinds(field, value):
    if isinstance(field, models.DateField | models.DateTimeField):
        return NOT_A_DATE
    return []


def _text_kinds(field, value):
    if isinstance(field, models.JSONField):
        return [12345, "a string", [1, 2], [{"a": 1}], ["x\x00"], ["two\nlines"]]
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        poison = [*TEXT_POISON, f"{value}\x00"]
        if isinstance(field, models.CharField):  # one line: a name, a title, a company
            poison += [f"{value}\nSUMMARY:injected", f"{value}\r"]
        return poison
    return []


def _up_to(document, label) -> dict:
    """The file with the tables up to `label` only (parents come first): what the import reads before it refuses."""
    labels = list(document["tables"])
    return {**document, "tables": {k: document["tables"][k] for k in labels[: labels.index(label) + 1]}}


@pytest.mark.parametrize("kinds", [_date_kinds, _text_kinds], ids=["dates", "texts"])
def test_every_field_of_every_row_given_hostile_values_is_refused_by_name_and_keeps_nothing(
    owner, other_candidate, kinds
):
    fill_account(other_candidate, interviews=1, tag="o")
    original = _export(other_candidate)
    before = _counts()
    crashed, accepted = [], []
    for label, name, poison in _cases(original, kinds=kinds):
        document = copy.deepcopy(_up_to(original, label))
        document["tables"][label][0][name] = poison
        try:
            answer = _attempt(owner, document)
        except Exception as error:
            crashed.append(f"{label}.{name} = {poison!r}: {type(error).__name__}: {error}"[:300])
            continue
        if answer is None:
            accepted.append(f"{label}.{name} = {poison!r}")
        elif f"“{name.removesuffix('_id')}”" not in answer and name not in answer:
            crashed.append(f"{label}.{name} = {poison!r}: the message does not name the field: {answer}")
    assert crashed == []
    assert accepted == []
    assert _counts() == before
