"""A draft nobody has edited follows the debrief, its people and its questions; an edited one is never overwritten,
and the page offers to refresh it instead."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from followups.models import ThankYouNote
from interviews.models import Interview, Person
from interviews.services import PersonMet, QuestionAsked, debrief_save, interview_log, person_update

pytestmark = pytest.mark.django_db

STARTS = dt.datetime(2026, 6, 9, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def quick(owner):
    """An interview whose quick debrief named two people: their drafts exist before any question is recorded."""
    interview, _ = interview_log(
        owner=owner, new_company_name="Northwind", role_title="Data lead", starts_at=STARTS, duration_minutes=60
    )
    debrief_save(
        interview=interview,
        values={"went_well": ["The case study"], "hear_back_date": dt.date(2026, 6, 12)},
        people=[PersonMet(name="Ada Lovelace"), PersonMet(name="Grace Hopper")],
    )
    return interview


def notes_of(interview: Interview) -> dict[str, ThankYouNote]:
    return {n.person.name: n for n in ThankYouNote.objects.filter(interview=interview).select_related("person")}


def full_debrief(interview: Interview) -> None:
    ada, grace = Person.objects.filter(participations__interview=interview).order_by("participations__position")
    debrief_save(
        interview=interview,
        values={},
        questions=[
            QuestionAsked(text="How do you test pipelines?", asked_by=ada, topic="Data testing", self_score=8),
            QuestionAsked(
                text="What salary do you expect?",
                asked_by=grace,
                topic="Salary",
                self_score=4,
                answer_summary="The top of the advertised band",
            ),
        ],
        complete=True,
    )


def test_untouched_drafts_are_recomposed_when_the_full_debrief_adds_the_questions(quick):
    before = notes_of(quick)
    assert "[one thing you talked about with Ada]" in before["Ada Lovelace"].body  # nothing about Ada yet

    full_debrief(quick)

    after = notes_of(quick)
    assert "Data testing" in after["Ada Lovelace"].body and "[" not in after["Ada Lovelace"].body
    assert "Salary" not in after["Ada Lovelace"].body  # Grace asked about salary, not Ada
    assert "“What salary do you expect?”" in after["Grace Hopper"].body
    assert "The top of the advertised band" in after["Grace Hopper"].body
    assert all(n.is_untouched and not n.newer_draft for n in after.values())


def test_untouched_drafts_follow_a_change_to_a_person_met(quick):
    ada = Person.objects.get(name="Ada Lovelace")
    person_update(person=ada, name="Dr Ada Lovelace", title="Head of Data")
    body = notes_of(quick)["Dr Ada Lovelace"].body
    assert body.startswith("Dear Dr Lovelace,") and "as Head of Data" in body


def test_an_edited_draft_is_never_overwritten_and_the_page_offers_a_refresh(quick, owner_client):
    ada = notes_of(quick)["Ada Lovelace"]
    mine = "Dear Ada,\n\nThank you for the Northwind interview. My own words.\n\nOlivia"
    response = owner_client.post(
        reverse("followups:note_save", args=[ada.pk]),
        {f"note-{ada.pk}-channel": "email", f"note-{ada.pk}-subject": "Thanks", f"note-{ada.pk}-body": mine},
    )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.edited_at is not None and not ada.newer_draft

    full_debrief(quick)

    ada.refresh_from_db()
    assert ada.body == mine and ada.subject == "Thanks"  # never overwritten
    assert ada.newer_draft  # but the composer would now say more
    page = owner_client.get(reverse("followups:interview", args=[quick.pk])).content.decode()
    assert 'data-testid="newer-draft"' in page and "Refresh from the debrief" in page
    assert page.count('data-testid="draft-state"') == 1  # Grace's draft is still the composer's

    owner_client.post(reverse("followups:note_redraft", args=[ada.pk]), {f"redraft-{ada.pk}-tone": ada.tone})
    ada.refresh_from_db()
    assert ada.is_untouched and not ada.newer_draft and "Data testing" in ada.body


def test_saving_an_untouched_draft_unchanged_keeps_it_the_composers_and_an_article_goes_in(quick, owner_client):
    full_debrief(quick)
    ada = notes_of(quick)["Ada Lovelace"]
    url = "https://example.com/testing-data-pipelines"
    response = owner_client.post(
        reverse("followups:note_save", args=[ada.pk]),
        {
            f"note-{ada.pk}-channel": "email",
            f"note-{ada.pk}-subject": ada.subject,
            f"note-{ada.pk}-body": ada.body.replace("\n", "\r\n"),  # as a browser posts a textarea
            f"note-{ada.pk}-article_url": url,
        },
    )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.is_untouched and ada.article_url == url
    line = next(line for line in ada.body.splitlines() if url in line)
    assert "“Data testing”" in line and line.endswith(url)


def test_a_bad_article_link_is_refused_next_to_the_field_and_the_text_is_kept(quick, owner_client):
    ada = notes_of(quick)["Ada Lovelace"]
    response = owner_client.post(
        reverse("followups:note_save", args=[ada.pk]),
        {
            f"note-{ada.pk}-channel": "email",
            f"note-{ada.pk}-subject": "Thanks",
            f"note-{ada.pk}-body": "My words",
            f"note-{ada.pk}-article_url": "not a link",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid URL." in page and "My words" in page
    ada.refresh_from_db()
    assert ada.is_untouched and ada.article_url == ""


def test_a_sent_note_is_left_as_it_was_sent(quick, owner_client):
    ada = notes_of(quick)["Ada Lovelace"]
    ThankYouNote.objects.filter(pk=ada.pk).update(state="sent", sent_at=STARTS)
    text = ada.body
    full_debrief(quick)
    ada.refresh_from_db()
    assert ada.body == text and not ada.newer_draft


def test_following_the_debrief_costs_the_same_queries_for_one_person_or_six(owner, django_assert_max_num_queries):
    counts = []
    for size in (1, 6):
        interview, _ = interview_log(
            owner=owner, new_company_name=f"Panel of {size}", role_title="Analyst", starts_at=STARTS,
            duration_minutes=60,
        )  # fmt: skip
        people = [PersonMet(name=f"Person {i} of {size}") for i in range(size)]
        debrief_save(interview=interview, values={"went_well": ["A"]}, people=people)
        with django_assert_max_num_queries(40) as captured:
            debrief_save(interview=interview, values={"went_well": ["B", "C"]})
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_notes_from_before_the_composer_kept_state_count_as_edited(quick):
    ThankYouNote.objects.filter(interview=quick).update(edited_at=None)
    migration = importlib.import_module("followups.migrations.0004_thankyounote_composer")
    migration.existing_notes_count_as_edited(apps, None)
    assert all(not n.is_untouched for n in notes_of(quick).values())
