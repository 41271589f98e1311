"""Property-based (hypothesis), issue 12: whatever a crafted JSON import or a crafted form POST holds, the site
answers without a 500, and nothing it stores breaks a page afterwards (every page and feed of tests/rendering.py is
rendered after each example that stored something). The example count is the "debrief" profile's
(tests/conftest.py); HYPOTHESIS_PROFILE=thorough runs 500."""

import copy
import json

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts import data
from interviews.models import Interview
from tests.interviews.test_views import log_post, quick_post
from tests.rendering import broken_pages
from tests.world import fill_account

pytestmark = pytest.mark.django_db

# Text with what hurts: NUL, line breaks, other control characters, far-off dates, very long runs.
nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("a\x00\n\r\t\x0b\u2028 é<>&\"'=+-@"), max_size=30),
    st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?)?\Z"),
    st.sampled_from(["9999-12-31", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "x" * 20_000]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | nasty_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@pytest.fixture
def exported(other_candidate):
    fill_account(other_candidate, interviews=1, tag="o")
    return json.loads("".join(data.export_json_chunks(user=other_candidate)))


@given(st.data())
def test_any_value_in_any_field_of_an_import_is_refused_or_stored_so_that_every_page_renders(owner, exported, draw):
    document = copy.deepcopy(exported)
    for _ in range(draw.draw(st.integers(1, 3), label="values changed")):
        label = draw.draw(st.sampled_from(sorted(k for k, rows in document["tables"].items() if rows)), label="table")
        row = document["tables"][label][0]
        name = draw.draw(st.sampled_from(sorted(k for k in row if k != "id" and not k.endswith("_id"))), label="field")
        row[name] = draw.draw(json_values, label=f"{label}.{name}")
    with transaction.atomic():
        try:
            data.data_import(user=owner, document=document)
        except data.ImportRefused:
            return
        try:
            assert broken_pages(owner) == []
        finally:
            transaction.set_rollback(True)


@given(
    company=nasty_text,
    role=nasty_text,
    location=nasty_text,
    starts_at=st.sampled_from(["2026-05-04T10:00", "2026-11-30T23:30"]) | nasty_text,
    duration=st.sampled_from(["60", "720"]) | nasty_text,
    went_well=nasty_text,
    hear_back=st.sampled_from(["", "2026-05-11"]) | nasty_text,
    person=nasty_text,
)
def test_any_text_in_the_capture_forms_is_refused_or_stored_so_that_every_page_renders(
    owner, owner_client, company, role, location, starts_at, duration, went_well, hear_back, person
):
    with transaction.atomic():
        try:
            logged = owner_client.post(
                reverse("interviews:log"),
                log_post(
                    new_company_name=company,
                    role_title=role or "Engineer",
                    location=location,
                    starts_at=starts_at,
                    duration_minutes=duration,
                ),
            )
            assert logged.status_code < 500
            interview = Interview.objects.filter(owner=owner).first()
            if interview is not None:
                quick = owner_client.post(
                    reverse("interviews:debrief_quick", args=[interview.pk]),
                    quick_post(went_well=went_well, hear_back_date=hear_back, **{"people-0-name": person}),
                )
                assert quick.status_code < 500
            if Interview.objects.filter(owner=owner).exists():
                assert broken_pages(owner) == []
        finally:
            transaction.set_rollback(True)
