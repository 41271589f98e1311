"""One validation for every way in (issue 12, finding 3): the forms, the admin (the model fields' validators, which
its ModelForms run) and the import keep the same rules of accounts.bounds: the one date policy, one line in
one-line fields, lists of lines."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.bounds import latest_year
from followups.models import FollowUpPlan
from interviews.models import Company, Debrief, Interview
from tests.interviews.test_views import log_post
from tests.world import interview_awaiting_thanks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("new_company_name", "Acme\nSUMMARY:injected"),
        ("role_title", "Engineer\r\nX-Evil: 1"),
        ("location", "Room 4\u2028Floor 2"),
        ("agency_name", "Agency\x0bName"),
    ],
)
def test_a_crafted_post_with_a_line_break_in_a_one_line_field_gets_a_message_and_saves_nothing(
    owner_client, field, value
):
    response = owner_client.post(reverse("interviews:log"), log_post(**{field: value}))

    assert response.status_code == 200
    assert "Keep this to one line" in str(response.context["form"].errors.get(field))
    assert not Interview.objects.exists()
    assert not Company.objects.exists()


def test_the_person_met_and_the_question_refuse_line_breaks_too():
    from interviews.forms import PersonMetForm, QuestionForm

    person = PersonMetForm(data={"name": "Ada\nLovelace", "title": "CTO", "part": "panel"})
    question = QuestionForm(data={"text": "Why us?\nWhy now?", "topic": "motivation"})
    assert not person.is_valid() and "name" in person.errors
    assert not question.is_valid() and "text" in question.errors


def test_the_models_carry_the_rules_so_the_admin_refuses_what_the_forms_refuse(owner):
    interview = interview_awaiting_thanks(owner, ends_at=dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC))
    debrief = Debrief.objects.get(interview=interview)
    plan = FollowUpPlan(interview=interview, planned_on=dt.date(9999, 12, 31))
    cases = [
        (Company(owner=owner, name="Acme\nCorp"), "name"),
        (Interview(**{**_values(interview), "starts_at": dt.datetime(9999, 12, 31, tzinfo=dt.UTC)}), "starts_at"),
        (_with(debrief, went_well=12345), "went_well"),
        (_with(debrief, to_improve=["fine", "two\nlines"]), "to_improve"),
        (_with(debrief, hear_back_date=dt.date(latest_year() + 1, 1, 1)), "hear_back_date"),
        (plan, "planned_on"),
    ]
    for obj, field in cases:
        with pytest.raises(ValidationError) as refused:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        assert field in refused.value.message_dict, (obj, refused.value.message_dict)


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.primary_key}


def _with(instance, **changes):
    instance.__dict__.update(changes)
    return instance
