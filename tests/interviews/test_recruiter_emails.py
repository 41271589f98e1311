"""Recruiter emails (issue 17): each carries List-Unsubscribe (one click, RFC 8058) and a link to the settings; the
link turns off that one kind of email, GET or POST, and "turn them back on" undoes it; a forged link changes nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import RecruiterLink
from interviews.emails import recruiter_debrief_done_message, recruiter_note_message
from interviews.models import NotificationSettings
from interviews.services import debrief_note_add, debrief_save
from tests.factories import DebriefFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arranged(owner, recruiter):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    interview = InterviewFactory(opportunity__company__owner=owner, arranged_by=recruiter)
    DebriefFactory(interview=interview)
    return interview


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return header.strip("<>").removeprefix("http://testserver")


def choice(user, name: str) -> bool:
    row = NotificationSettings.objects.filter(user=user).first()
    return True if row is None else getattr(row, name)


def test_the_debrief_done_email_unsubscribes_in_one_click_and_links_the_settings(client, recruiter, arranged):
    message = recruiter_debrief_done_message(debrief=arranged.debrief)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(message)
    assert path in message.body and reverse("interviews:notification_settings") in message.body
    html = message.alternatives[0][0]
    assert path in html and reverse("interviews:notification_settings") in html

    response = client.post(path, {"List-Unsubscribe": "One-Click"})  # the mail app, no session, no CSRF token
    assert response.status_code == 200 and not choice(recruiter, "email_on_debrief_complete")
    assert choice(recruiter, "email_on_recruiter_note")  # the other kind is untouched
    client.post(path, {"action": "resubscribe"})
    assert choice(recruiter, "email_on_debrief_complete")
    response = client.get(path)  # a mail scanner opening the link: a page with one button, nothing changed
    assert response.status_code == 200 and b'data-testid="unsubscribe-confirm"' in response.content
    assert choice(recruiter, "email_on_debrief_complete")
    client.post(path, {"action": "unsubscribe"})  # the page's button
    assert not choice(recruiter, "email_on_debrief_complete")


def test_a_recruiter_email_link_older_than_60_days_explains_and_changes_nothing(
    client, recruiter, arranged, time_machine
):
    time_machine.move_to("2026-12-01 10:00:00Z", tick=False)
    path = unsubscribe_path(recruiter_debrief_done_message(debrief=arranged.debrief))
    time_machine.move_to("2027-02-01 10:00:00Z", tick=False)  # 62 days on
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 410 and b'data-testid="unsubscribe-expired"' in response.content
    assert choice(recruiter, "email_on_debrief_complete")


def test_once_unsubscribed_no_debrief_done_email_goes(recruiter, arranged, django_capture_on_commit_callbacks):
    from django.test import Client

    Client().post(unsubscribe_path(recruiter_debrief_done_message(debrief=arranged.debrief)))
    with django_capture_on_commit_callbacks(execute=True):
        debrief_save(interview=arranged, values={"interest": 4}, complete=True)
    assert mail.outbox == []


def test_the_note_email_to_the_candidate_unsubscribes_its_own_kind(client, owner, recruiter, arranged):
    note = debrief_note_add(debrief=arranged.debrief, author=recruiter, text="Call me")
    note = (
        type(note)
        .objects.select_related("debrief__interview__opportunity__company", "debrief__interview__owner", "author")
        .get(pk=note.pk)
    )
    message = recruiter_note_message(note=note)
    assert message.to == [owner.email]
    client.post(unsubscribe_path(message))
    assert not choice(owner, "email_on_recruiter_note") and choice(owner, "email_on_debrief_complete")


def test_a_forged_link_changes_nothing(client, recruiter):
    for method in (client.get, client.post):
        assert method("/interviews/notifications/unsubscribe/forged/").status_code == 400
    assert not NotificationSettings.objects.exists()
