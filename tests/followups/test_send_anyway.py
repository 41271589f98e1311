""" "Mark sent" with a failing check asks "Send anyway?" first and records the answer; it never records silently."""

import datetime as dt

import pytest
from django.urls import reverse

from followups.models import ThankYouNote
from reminders.models import Reminder
from tests.factories import PersonFactory
from tests.world import interview_ended

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(owner):
    return interview_ended(
        owner, ends_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(hours=1), people=["Ada Lovelace", "Grace Hopper"],
        debrief={"hear_back_date": None},
    )  # fmt: skip


def note_to(interview, name) -> ThankYouNote:
    return interview.thank_you_notes.select_related("person").get(person__name=name)


def test_a_clean_untouched_draft_is_marked_sent_at_once(owner_client, interview):
    note = note_to(interview, "Ada Lovelace")
    note.person.email = "ada@example.com"
    note.person.save()
    response = owner_client.post(reverse("followups:note_mark_sent", args=[note.pk]))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_sent and note.sent_despite == []


def test_a_placeholder_left_in_asks_send_anyway_and_records_nothing_until_answered(owner_client, interview):
    note = note_to(interview, "Ada Lovelace")
    note.body = note.body.replace("Dear Ada Lovelace,", "Dear Ada Lovelace,\n\n[add the project name]")
    note.save()
    reminders = sorted(Reminder.objects.filter(interview=interview).values_list("kind", "state"))

    response = owner_client.post(reverse("followups:note_mark_sent", args=[note.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Send anyway?" in page and "[add the project name]" in page
    assert 'name="send_anyway" value="yes"' in page and f"#note-{note.pk}" in page  # yes, or back to fix it
    note.refresh_from_db()
    assert not note.is_sent and note.sent_at is None
    assert sorted(Reminder.objects.filter(interview=interview).values_list("kind", "state")) == reminders


def test_answering_yes_records_the_send_and_what_was_left_as_it_was(owner_client, interview):
    note = note_to(interview, "Grace Hopper")
    note.subject, note.body = "Thanks", "Hi,\n\n[something we discussed]"
    note.save()

    response = owner_client.post(reverse("followups:note_mark_sent", args=[note.pk]), {"send_anyway": "yes"})

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_sent
    assert any("[something we discussed]" in message for message in note.sent_despite)
    assert any("does not name Grace Hopper" in message for message in note.sent_despite)
    assert any("Acme Analytics" in message for message in note.sent_despite)
    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert 'data-testid="sent-despite"' in page and "send it anyway" in page

    owner_client.post(reverse("followups:note_mark_unsent", args=[note.pk]))
    note.refresh_from_db()
    assert not note.is_sent and note.sent_despite == []


def test_warnings_alone_do_not_ask(owner_client, interview):
    note = note_to(interview, "Ada Lovelace")  # no email address: a warning, not a failing check
    assert not note.person.email
    assert owner_client.post(reverse("followups:note_mark_sent", args=[note.pk])).status_code == 302


def test_a_near_copy_asks_too(owner_client, interview):
    ada, grace = note_to(interview, "Ada Lovelace"), note_to(interview, "Grace Hopper")
    grace.body = ada.body.replace("Ada Lovelace", "Grace Hopper")
    grace.save()
    response = owner_client.post(reverse("followups:note_mark_sent", args=[grace.pk]))
    assert response.status_code == 200 and "the same as another note (to Ada Lovelace)" in response.content.decode()


def test_someone_elses_note_is_404_even_with_the_answer(client, other_candidate, interview):
    note = note_to(interview, "Ada Lovelace")
    client.force_login(other_candidate)
    response = client.post(reverse("followups:note_mark_sent", args=[note.pk]), {"send_anyway": "yes"})
    assert response.status_code == 404
    note.refresh_from_db()
    assert not note.is_sent


def test_a_person_with_only_a_title_for_a_name_is_asked_for_their_surname(owner_client, interview):
    doctor = PersonFactory(owner=interview.owner, company=interview.opportunity.company, name="Dr", title="")
    note = ThankYouNote.objects.create(interview=interview, person=doctor, subject="Thanks", body="Dear Dr,\n\nHi.")
    response = owner_client.post(reverse("followups:note_mark_sent", args=[note.pk]))
    assert response.status_code == 200 and "title, not a name" in response.content.decode()
