"""A debrief page older than the saved debrief (a second tab, or a phone that kept its text offline): answers changed
only elsewhere stay as saved there, answers changed in both places are refused with 409 and both texts shown, and
the same text sent twice is no conflict. Also: the 204 that static/js/app.js is told instead of a redirect, and
"Add a person" without JavaScript."""

import pytest
from django.urls import reverse

from interviews import selectors, services
from interviews.models import Debrief
from tests.factories import InterviewFactory


@pytest.fixture
def interview(owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    services.debrief_save(interview=interview, values={"next_steps": "Wait", "went_well": ["Calm"]})
    return interview


def page_data(owner_client, url) -> dict:
    """The quick debrief form as the page shows it, ready to post back."""
    form = owner_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["went_well"] = "\n".join(data["went_well"]) if isinstance(data["went_well"], list) else data["went_well"]
    return {**data, "people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "0", "people-0-name": ""}


@pytest.mark.django_db
def test_an_answer_changed_only_elsewhere_stays_and_this_pages_change_is_saved(owner_client, interview):
    url = reverse("interviews:debrief_quick", args=[interview.pk])
    data = page_data(owner_client, url)
    services.debrief_save(interview=interview, values={"next_steps": "Second round on Monday"})  # elsewhere

    response = owner_client.post(url, {**data, "interest": "9"})

    assert response.status_code == 302
    debrief = Debrief.objects.get(interview=interview)
    assert (debrief.interest, debrief.next_steps) == (9, "Second round on Monday")


@pytest.mark.django_db
def test_an_answer_changed_in_both_places_is_refused_with_both_texts(owner_client, interview):
    url = reverse("interviews:debrief_quick", args=[interview.pk])
    data = page_data(owner_client, url)
    services.debrief_save(interview=interview, values={"next_steps": "They will email an offer"})

    response = owner_client.post(url, {**data, "next_steps": "A panel next week"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "changed elsewhere" in page
    assert "Saved elsewhere meanwhile: They will email an offer" in page
    assert "A panel next week" in page  # what this page sent, still in the box
    assert Debrief.objects.get(interview=interview).next_steps == "They will email an offer"

    # Sent again from the page the 409 showed, it is saved: the person has seen both.
    base = response.context["form"]["base"].value()
    assert base == selectors.fingerprints_encode(selectors.debrief_fingerprints(interview=interview))
    again = owner_client.post(url, {**data, "next_steps": "A panel next week", "base": base})
    assert again.status_code == 302
    assert Debrief.objects.get(interview=interview).next_steps == "A panel next week"


@pytest.mark.django_db
def test_the_same_text_sent_twice_from_an_old_page_is_no_conflict(owner_client, interview):
    url = reverse("interviews:debrief_quick", args=[interview.pk])
    data = {**page_data(owner_client, url), "next_steps": "Offer call on Friday"}
    assert owner_client.post(url, data).status_code == 302
    assert owner_client.post(url, data).status_code == 302  # the phone re-sent it: its answer was lost
    assert Debrief.objects.get(interview=interview).next_steps == "Offer call on Friday"


@pytest.mark.django_db
def test_a_form_sent_by_the_outbox_is_told_where_to_go_with_a_204(owner_client, owner):
    url = reverse("interviews:log")
    token = owner_client.get(url).context["form"].initial["submission_token"]
    data = {
        "new_company_name": "Initech", "role_title": "Analyst", "starts_at": "2026-11-30T10:00",
        "duration_minutes": "60", "format": "video", "round": "first", "round_number": "1",
        "submission_token": str(token),
    }  # fmt: skip
    first = owner_client.post(url, data, headers={"X-Debrief-Outbox": "1"})
    again = owner_client.post(url, data, headers={"X-Debrief-Outbox": "1"})

    interview = owner.interviews.get()
    quick = reverse("interviews:debrief_quick", args=[interview.pk])
    for response in (first, again):
        assert response.status_code == 204
        assert response["X-Debrief-Location"] == quick
        assert response["X-Debrief-Quick-Debrief"] == quick
    assert owner.interviews.count() == 1
    # The message waits for the page the browser opens next.
    assert "Interview logged." in owner_client.get(quick).content.decode()


@pytest.mark.django_db
def test_add_a_person_without_javascript_sends_the_form_back_with_one_more_row(owner_client, interview):
    url = reverse("interviews:debrief_quick", args=[interview.pk])
    data = {**page_data(owner_client, url), "people-0-name": "Lee Park", "people-add": "1"}

    response = owner_client.post(url, data)

    assert response.status_code == 200
    formset = response.context["people_formset"]
    assert formset.total_form_count() == 2
    assert 'value="Lee Park"' in response.content.decode()
    assert 'name="people-1-name"' in response.content.decode()
    assert not interview.participants.exists()  # nothing saved on the way


@pytest.mark.django_db
def test_the_quick_debrief_of_an_interview_logged_offline_is_a_blank_form_never_posted_to(owner_client):
    url = reverse("interviews:debrief_quick_offline")
    response = owner_client.get(url)
    assert response.status_code == 200
    assert b"data-offline-after" in response.content
    assert owner_client.post(url, {}).status_code == 405
