"""Writes of the delivery machine: the stored reminders of an interview, set to what follow-up says is due, and the
sweep's heartbeat."""

import datetime as dt

from django.utils import timezone

from interviews.models import Interview

from .models import Reminder, ReminderKey, SweepRun


def reminders_set(*, interview: Interview, due: dict[ReminderKey, dt.datetime | None]) -> dict[str, str]:
    """Makes the stored reminders of one interview match `due`, {(kind, subject): when it is due, or None: not (or no
    longer) true}, as followups.rules.reminder_due_times works it out; a stored reminder whose key `due` leaves out
    is not due either (its subject answered, or gone). Creates the missing ones, moves the ones whose time moved (a
    moved date clears the sent marker: it is a new reminder), and cancels the scheduled ones no longer true. The
    interview's rows stay locked until the caller's transaction ends. Returns {kind: what happened}."""
    existing = {r.key: r for r in Reminder.objects.select_for_update().filter(interview_id=interview.pk)}
    done: dict[str, str] = {}
    for key in due.keys() | existing.keys():
        (kind, subject_id), due_at, reminder = key, due.get(key), existing.get(key)
        if due_at is None:
            if reminder is not None and reminder.state == Reminder.State.SCHEDULED:
                Reminder.objects.filter(pk=reminder.pk).update(
                    state=Reminder.State.CANCELLED, closed_reason="no longer true", updated_at=timezone.now()
                )
                done[kind] = "cancelled"
            continue
        if reminder is None:
            Reminder.objects.create(
                user_id=interview.owner_id,
                interview_id=interview.pk,
                kind=kind,
                subject_id=subject_id,
                due_at=due_at,
                next_attempt_at=due_at,
            )
            done[kind] = "created"
        elif reminder.due_at != due_at or reminder.state == Reminder.State.CANCELLED:
            reminder.due_at = due_at
            reminder.next_attempt_at = due_at
            reminder.state = Reminder.State.SCHEDULED
            reminder.attempts = 0
            reminder.last_error = ""
            reminder.sent_at = None
            reminder.claimed_at = None
            reminder.closed_reason = ""
            reminder.save()
            done[kind] = "rescheduled"
    return done


def reminder_subject_set(*, reminder: Reminder, subject_id: int) -> bool:
    """Gives a reminder without a subject its subject as it goes (followups' check-in the rules ask by themselves is
    made then), under the sweep's claim: the conditional UPDATE changes nothing when another sweep or the sync has
    the row now, and returns whether it did."""
    taken = Reminder.objects.filter(
        pk=reminder.pk,
        state=Reminder.State.SCHEDULED,
        next_attempt_at=reminder.next_attempt_at,
        subject_id__isnull=True,
    ).update(subject_id=subject_id, updated_at=timezone.now())
    if taken:
        reminder.subject_id = subject_id
    return bool(taken)


def sweep_run_record(*, counts: dict[str, int], now: dt.datetime | None = None) -> None:
    """Records that a sweep has just finished, with its counts: one UPDATE of the one row (an INSERT the first time
    ever). Overlapping sweeps each write it; the last one wins, which is all /healthz needs."""
    values = {"finished_at": now or timezone.now(), "counts": counts}
    if not SweepRun.objects.filter(pk=SweepRun.ONLY).update(**values):
        # The first run ever. Two first runs at once: update_or_create catches the loser's IntegrityError.
        SweepRun.objects.update_or_create(pk=SweepRun.ONLY, defaults=values)
