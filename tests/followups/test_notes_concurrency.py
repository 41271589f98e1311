"""Two hands on one interview's notes at once (the laptop and the phone), on PostgreSQL: an edit saved while a change
of the debrief recomposes the drafts is never lost, and two notes marked sent at the same moment both are, with no
deadlock between the sync's lock on the notes and each send's own row."""

import datetime as dt
import threading

import pytest
from django.db import connection

from composer import drafts
from followups import services
from followups.models import ThankYouNote
from interviews.models import Debrief, Interview
from tests.processes import run_together
from tests.world import interview_ended

ENDED = dt.datetime.now(tz=dt.UTC) - dt.timedelta(hours=1)
EDITED = "Dear Ada Lovelace,\n\nThank you for the tour of Acme Analytics. My own words."


@pytest.mark.django_db(transaction=True)
def test_an_edit_saved_while_the_sync_recomposes_the_draft_is_kept(owner, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs it on PostgreSQL)")
    interview = interview_ended(owner, ends_at=ENDED, debrief={})
    note = ThankYouNote.objects.get(interview=interview)
    assert note.is_untouched
    # What the sync will read: a promised date the draft does not mention yet, so it is composed again.
    promised = (dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=3)).date()
    Debrief.objects.filter(interview=interview).update(hear_back_date=promised)

    sync_has_read, edit_done = threading.Event(), threading.Event()
    compose = drafts.compose_note

    def compose_then_wait(**kwargs):
        sync_has_read.set()
        edit_done.wait(timeout=2)  # the edit finishes first unless the notes are locked (then this times out)
        return compose(**kwargs)

    monkeypatch.setattr(drafts, "compose_note", compose_then_wait)

    def sync():
        services.follow_up_sync(interview=Interview.objects.get(pk=interview.pk))

    def edit():
        sync_has_read.wait(timeout=10)
        mine = ThankYouNote.objects.select_related("person", "interview").get(pk=note.pk)
        services.thank_you_note_update(note=mine, subject=mine.subject, body=EDITED, channel=mine.channel)
        edit_done.set()

    _, errors = run_together(sync, edit)
    assert errors == []
    note.refresh_from_db()
    assert note.body == EDITED and not note.is_untouched


@pytest.mark.django_db(transaction=True)
def test_two_notes_of_one_interview_marked_sent_at_once_are_both_recorded(owner, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs it on PostgreSQL)")
    interview = interview_ended(owner, ends_at=ENDED, people=["Ada Lovelace", "Grace Hopper"], debrief={})
    notes = list(ThankYouNote.objects.filter(interview=interview).select_related("person", "interview"))
    # Each send waits, before its sync, for the other to get that far: the moment a deadlock would need.
    arrived, both = [], threading.Event()
    sync = services.follow_up_sync

    def sync_when_both_are_there(**kwargs):
        arrived.append(1)
        if len(arrived) == 2:
            both.set()
        both.wait(timeout=2)  # the other send is held at its lock on the notes (then this times out)
        return sync(**kwargs)

    monkeypatch.setattr(services, "follow_up_sync", sync_when_both_are_there)
    sends = [lambda note=note: services.thank_you_note_mark_sent(note=note) for note in notes]
    _, errors = run_together(*sends)
    assert errors == []
    assert set(ThankYouNote.objects.filter(interview=interview).values_list("state", flat=True)) == {"sent"}
