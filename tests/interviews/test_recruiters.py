"""Recruiters on capture (issue 5): notes on a debrief, the emails either side gets, R2 and privacy."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import RecruiterLink
from interviews.models import Debrief, DebriefNote, NotificationSettings
from interviews.services import debrief_note_add, debrief_save, notification_settings_update
from tests.factories import DebriefFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(owner, recruiter):
    return RecruiterLink.objects.create(
        candidate=owner, recruiter=recruiter, invited_by=owner, status=RecruiterLink.Status.ACTIVE
    )


@pytest.fixture
def interview(owner, recruiter, link):
    return InterviewFactory(
        opportunity__company__owner=owner, opportunity__company__name="Acme Rockets", arranged_by=recruiter
    )


@pytest.fixture
def debrief(interview):
    return DebriefFactory(interview=interview, interest=8, overall_rating=7, still_interested="yes")


def note_url(interview):
    return reverse("interviews:debrief_note_add", args=[interview.pk])


def test_linked_recruiter_leaves_a_note_the_candidate_reads_and_is_emailed(
    client, recruiter, owner, interview, debrief, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(note_url(interview), {"text": "Great call <b>today</b>. Ask about the team size."})
    assert response.status_code == 302
    note = DebriefNote.objects.get()
    assert note.author == recruiter and note.debrief == debrief
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "Rita Recruiter left a note on your Acme Rockets debrief"
    assert "Ask about the team size." in message.body
    html = message.alternatives[0][0]
    assert "&lt;b&gt;today&lt;/b&gt;" in html and "<b>today</b>" not in html

    client.force_login(owner)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Ask about the team size." in page and "&lt;b&gt;today&lt;/b&gt;" in page
    assert 'data-testid="note-form"' not in page  # the candidate reads notes; only recruiters write them


def test_the_candidate_can_turn_the_note_email_off(
    client, recruiter, owner, interview, debrief, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    response = client.post(reverse("interviews:notification_settings"), {})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=owner).email_on_recruiter_note is False
    with django_capture_on_commit_callbacks(execute=True):
        debrief_note_add(debrief=debrief, author=recruiter, text="Quiet note")
    assert DebriefNote.objects.count() == 1 and mail.outbox == []


def test_a_bad_note_is_a_field_error_and_keeps_the_text(client, recruiter, interview, debrief):
    client.force_login(recruiter)
    too_long = "x" * 5001
    response = client.post(note_url(interview), {"text": too_long})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode().replace(",", "")
    assert too_long in response.content.decode()
    assert client.post(note_url(interview), {"text": "   "}).status_code == 400
    assert not DebriefNote.objects.exists()


@pytest.mark.parametrize("who", ["owner", "other_candidate", "unlinked_recruiter", "revoked", "private"])
def test_nobody_but_a_linked_recruiter_can_leave_a_note(client, request, who, interview, debrief, recruiter, link):
    if who == "revoked":
        RecruiterLink.objects.filter(pk=link.pk).update(status=RecruiterLink.Status.REVOKED)
        user = recruiter
    elif who == "private":
        interview.is_private = True
        interview.save()
        user = recruiter
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.post(note_url(interview), {"text": "hello"}).status_code == 404
    assert client.get(note_url(interview)).status_code == 404
    assert not DebriefNote.objects.exists()


def complete(interview, **values):
    return debrief_save(interview=interview, values={"interest": 9, **values}, complete=True)


def test_the_arranging_recruiter_is_told_once_when_the_debrief_is_completed(
    recruiter, interview, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        debrief_save(interview=interview, values={"interest": 9}, complete=False)
    assert mail.outbox == []  # a draft tells nobody
    with django_capture_on_commit_callbacks(execute=True):
        complete(interview, still_interested="unsure", still_interested_why="Salary is low")
    [message] = mail.outbox
    assert message.to == [recruiter.email]
    assert message.subject == "Olivia Owner debriefed the Acme Rockets interview"
    assert "Still interested after this interview: Unsure (Salary is low)" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        complete(interview)  # saving a complete debrief again sends nothing more
    assert len(mail.outbox) == 1


def test_no_mail_is_sent_inside_the_transaction(recruiter, interview, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        complete(interview)
    assert mail.outbox == [] and len(callbacks) == 1


@pytest.mark.parametrize("reason", ["private", "revoked", "turned_off", "not_arranged"])
def test_the_recruiter_is_not_told(reason, owner, recruiter, link, interview, django_capture_on_commit_callbacks):
    if reason == "private":
        interview.is_private = True
        interview.save()
    elif reason == "revoked":
        RecruiterLink.objects.filter(pk=link.pk).update(status=RecruiterLink.Status.REVOKED)
    elif reason == "turned_off":
        notification_settings_update(user=recruiter, email_on_debrief_complete=False)
    else:
        interview.arranged_by = None
        interview.save()
    with django_capture_on_commit_callbacks(execute=True):
        complete(interview)
    assert Debrief.objects.get().state == Debrief.State.COMPLETE
    assert mail.outbox == []


def test_the_recruiter_turns_the_debrief_email_off_on_their_settings_page(client, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("interviews:notification_settings")).content.decode()
    assert "completes a debrief" in page and "leaves a note" not in page
    client.post(reverse("interviews:notification_settings"), {})
    row = NotificationSettings.objects.get(user=recruiter)
    assert row.email_on_debrief_complete is False and row.email_on_recruiter_note is True


def test_quick_debrief_records_still_interested_and_the_recruiter_sees_it_first(client, owner, recruiter, interview):
    client.force_login(owner)
    data = {
        "still_interested": "no",
        "still_interested_why": "The role is mostly support work",
        "interest": "3",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("interviews:debrief_quick", args=[interview.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    debrief = Debrief.objects.get()
    assert (debrief.still_interested, debrief.still_interested_why) == ("no", "The role is mostly support work")

    client.force_login(recruiter)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert page.index('data-testid="still-interested"') < page.index('data-testid="interest"')
    assert "The role is mostly support work" in page
    assert 'data-testid="note-form"' in page


def test_still_interested_refuses_an_unknown_answer(client, owner, interview):
    client.force_login(owner)
    data = {"still_interested": "maybe", "people-TOTAL_FORMS": "0", "people-INITIAL_FORMS": "0"}
    response = client.post(reverse("interviews:debrief_quick", args=[interview.pk]), data)
    assert response.status_code == 200
    assert "still_interested" in response.context["form"].errors
    assert not Debrief.objects.exists()
