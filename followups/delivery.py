"""What follow-up tells the reminder sweep (reminders.sweep.Delivery) about each due reminder: its interview as the
rules read it, whether it is still due and when, whether its user still wants it, what it names made as it goes,
and the email. A CHECK_IN reminder's subject is its CheckIn's id. followups.tasks
and the send_due_reminders command hand this module to the sweep."""

import datetime as dt

from django.core.mail import EmailMessage
from django.db.models import Prefetch

from accounts.selectors import settings_of
from interviews.models import Interview
from reminders.models import Reminder

from .emails import reminder_message
from .models import FollowUpSettings, ThankYouNote
from .rules import reminder_due_times
from .selectors import open_check_ins_attach, with_reminder_state
from .services import check_in_auto_ask


def interviews_by_id(ids: set[int]) -> dict[int, Interview]:
    """The interviews of a batch with all the re-check and the email read: the rules' state, the owner's reminder
    settings, the unsent notes (`draft_notes`) and the open check-ins. Two queries for the whole batch, and a third
    when one of its interviews has an open check-in."""
    drafts = Prefetch(
        "thank_you_notes",
        queryset=ThankYouNote.objects.filter(state=ThankYouNote.State.DRAFT).select_related("person").order_by("pk"),
        to_attr="draft_notes",
    )
    interviews = Interview.objects.filter(pk__in=ids)
    loaded = list(with_reminder_state(interviews).select_related("owner__followup_settings").prefetch_related(drafts))
    open_check_ins_attach(loaded)
    return {interview.pk: interview for interview in loaded}


def due_at(*, reminder: Reminder, interview: Interview, now: dt.datetime) -> dt.datetime | None:
    """The rules asked again just before sending: a note sent, an outcome recorded, a check-in answered or deleted
    (with its recruiter) since cancels it."""
    return reminder_due_times(interview=interview, now=now).get(reminder.key)


def wanted(*, reminder: Reminder, interview: Interview) -> bool:
    return settings_of(FollowUpSettings, user=interview.owner).wants(reminder.kind)


def ready(*, reminder: Reminder, interview: Interview) -> bool:
    """A check-in the rules ask by themselves gets its row now, so its answer links name it."""
    if reminder.kind == Reminder.Kind.CHECK_IN and reminder.subject_id is None:
        return check_in_auto_ask(reminder=reminder, interview=interview)
    return True


def message(*, reminder: Reminder, interview: Interview, now: dt.datetime) -> EmailMessage:
    return reminder_message(reminder=reminder, interview=interview, now=now)
