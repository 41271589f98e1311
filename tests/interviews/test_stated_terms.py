"""What I stated (PRODUCT.md D8): salary, notice, earliest start, relocation and other processes, per interview,
with a warning where two rounds of one opportunity recorded different values; bad input refused beside the field
with everything typed kept and nothing saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import selectors, services
from interviews.models import StatedTerms
from tests.conftest import make_user
from tests.prep_world import build, interview_at

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "salary_amount": "75000",
        "salary_currency": "eur",
        "salary_period": "year",
        "salary_note": "plus bonus",
        "notice_amount": "3",
        "notice_unit": "months",
        "earliest_start": "",
        "relocation": "open",
        "other_processes_count": "2",
        "other_processes": "Two others, one at the final round",
    }
    data.update(overrides)
    return data


@pytest.fixture
def rounds(owner):
    first = interview_at(owner, "Northwind Traders", "Data engineer", days_ago=20)
    final = interview_at(owner, "Northwind Traders", "Data engineer", days_ago=2, round="final")
    return first, final


def test_saving_what_was_stated_shows_it_on_the_interview_page(owner, owner_client, rounds):
    first, _ = rounds
    url = reverse("interviews:stated_terms", args=[first.pk])
    response = owner_client.post(url, form_data(earliest_start=str(timezone.localdate() + dt.timedelta(days=60))))
    assert response.status_code == 302
    terms = StatedTerms.objects.get(interview=first)
    assert (terms.salary_amount, terms.salary_currency, terms.notice_amount, terms.recorded_by) == (
        75000,
        "EUR",
        3,
        owner,
    )
    page = owner_client.get(reverse("interviews:detail", args=[first.pk])).content.decode()
    assert "75,000 EUR a year" in page and "3 months" in page and "Open to it, depending on the offer" in page
    assert 'data-testid="stated-conflicts"' not in page


def test_two_rounds_that_stated_different_values_are_warned_about(owner, owner_client, rounds):
    first, final = rounds
    services.stated_terms_save(interview=first, recorded_by=owner, values={"salary_amount": 75000, "notice_amount": 3})
    services.stated_terms_save(
        interview=final, recorded_by=owner, values={"salary_amount": 80000, "notice_amount": 3, "relocation": "no"}
    )
    conflicts = selectors.stated_terms_conflicts(
        selectors.stated_terms_of_opportunity(user=owner, opportunity_id=first.opportunity_id)
    )
    assert [c.label for c in conflicts] == ["Salary expectation"]  # notice agrees; relocation stated once only
    assert [said for _, said in conflicts[0].said] == ["75,000 a year", "80,000 a year"]
    for url in (
        reverse("interviews:stated_terms", args=[final.pk]),
        reverse("interviews:detail", args=[first.pk]),
        reverse("interviews:opportunity_prep", args=[first.opportunity_id]),
    ):
        page = owner_client.get(url).content.decode()
        assert 'data-testid="stated-conflicts"' in page and "75,000 a year" in page and "80,000 a year" in page, url


def test_another_opportunity_is_not_compared(owner, rounds):
    first, _ = rounds
    elsewhere = interview_at(owner, "Globex", "Platform engineer", days_ago=3)
    services.stated_terms_save(interview=first, recorded_by=owner, values={"salary_amount": 75000})
    services.stated_terms_save(interview=elsewhere, recorded_by=owner, values={"salary_amount": 90000})
    terms = selectors.stated_terms_of_opportunity(user=owner, opportunity_id=first.opportunity_id)
    assert selectors.stated_terms_conflicts(terms) == []


def test_only_the_owner_records_what_they_stated(owner, rounds, recruiter):
    first, _ = rounds
    for someone in (recruiter, make_user("rival@example.com")):
        with pytest.raises(PermissionError):
            services.stated_terms_save(interview=first, recorded_by=someone, values={"salary_amount": 1})
    assert not StatedTerms.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("salary_amount", "-1", "greater than or equal to 0"),
        ("salary_amount", "abc", "digits 0–9"),
        ("salary_amount", "７５０００", "digits 0–9"),
        ("salary_amount", "1000000001", "less than or equal to 1000000000"),
        ("salary_amount", "99999999999999999999999", "less than or equal to"),
        ("salary_currency", "euros", "at most 3 characters"),
        ("salary_currency", "E1", "Three letters"),
        ("salary_period", "decade", "Select a valid choice"),
        ("salary_note", "x" * 201, "at most 200 characters"),
        ("salary_note", "plus\x00bonus", "Null characters are not allowed"),
        ("notice_amount", "25", "less than or equal to 24"),
        ("notice_amount", "1.5", "digits 0–9"),
        ("notice_unit", "years", "Select a valid choice"),
        ("earliest_start", "9999-12-31", "check the year"),
        ("earliest_start", "740 days after the first round", "within two years"),
        ("earliest_start", "2001-01-01", "before the interview"),
        ("earliest_start", "2026-02-30", "Enter a valid date"),
        ("relocation", "maybe", "Select a valid choice"),
        ("other_processes_count", "51", "less than or equal to 50"),
        ("other_processes", "<script>" * 30, "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(owner_client, rounds, field, value, message):
    first, _ = rounds
    if value == "740 days after the first round":  # inside the date-range policy, too far from the interview
        value = str(timezone.localdate(first.starts_at) + dt.timedelta(days=740))
    response = owner_client.post(reverse("interviews:stated_terms", args=[first.pk]), form_data(**{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page, message
    assert f'id="error_1_id_{field}"' in page or "invalid-feedback" in page
    kept = 'value="plus bonus"' if field == "other_processes" else 'value="Two others, one at the final round"'
    assert kept in page  # what was typed elsewhere is kept
    assert not StatedTerms.objects.exists()


def test_an_empty_form_saves_an_empty_record_and_warns_of_nothing(owner, owner_client, rounds):
    first, _ = rounds
    empty = {"salary_period": "year", "notice_unit": "months"}
    assert owner_client.post(reverse("interviews:stated_terms", args=[first.pk]), empty).status_code == 302
    assert StatedTerms.objects.get(interview=first).is_empty()
    page = owner_client.get(reverse("interviews:detail", args=[first.pk])).content.decode()
    assert 'data-testid="stated"' not in page


def test_the_world_with_no_terms_has_none(owner):
    world = build(owner)
    assert selectors.stated_terms_of(world["northwind_first"]) is None
