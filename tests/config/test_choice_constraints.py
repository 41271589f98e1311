"""Every choice field of our models is checked by the database against exactly its TextChoices
(accounts.models.choices_constraint), so a choice added in Python can never be refused, or a stale one kept."""

from django.apps import apps
from django.conf import settings
from django.db import models


def test_every_choice_field_has_a_constraint_with_exactly_its_choices():
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in settings.LOCAL_APPS:
            continue
        checks = {
            child[0]: sorted(child[1])
            for constraint in model._meta.constraints
            if isinstance(constraint, models.CheckConstraint)
            for child in constraint.condition.children
            if isinstance(child, tuple) and child[0].endswith("__in")
        }
        for field in model._meta.concrete_fields:
            if not field.choices or field.is_relation:
                continue
            wanted = sorted(["", *(v for v, _ in field.choices)] if field.blank else [v for v, _ in field.choices])
            if checks.get(f"{field.name}__in") != wanted:
                missing.append(f"{model._meta.label}.{field.name}")
    assert not missing, f"choice fields without a constraint of exactly their choices: {missing}"
