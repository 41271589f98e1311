"""Thin receivers: the capture services say what changed, the follow-up services keep notes and reminders right."""

from interviews.models import Interview

from .services import reminders_sync_for_opportunity, thank_you_notes_sync


def on_interview_changed(sender, *, interview: Interview, **kwargs) -> None:
    # thank_you_notes_sync ends by re-syncing the reminders, which read the notes it just made.
    thank_you_notes_sync(interview=interview)


def on_opportunity_status_changed(sender, *, opportunity, old_status=None, new_status=None, **kwargs) -> None:
    reminders_sync_for_opportunity(opportunity=opportunity)
