"""The reminder rows and the sweep's heartbeat. Their tables kept the names they had in followups
(reminders.migrations.0001_initial took them over without moving a row)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import choices_constraint
from interviews.models import SHORT_TEXT_MAX, Interview


class ReminderKind(models.TextChoices):
    DEBRIEF_MISSING = "debrief_missing", "Debrief not recorded a few hours after the interview"
    THANKS_CLOSING = "thanks_closing", "Thank-you window about to close"
    THANKS_PASSED = "thanks_passed", "Thank-you window has passed"
    HEAR_BACK_PASSED = "hear_back_passed", "Hear-back date passed with no answer"
    FOLLOW_UP_DUE = "follow_up_due", "A planned follow-up is due today"
    OFFER_ANSWER_SOON = "offer_answer_soon", "An offer to answer within 48 hours"
    OFFER_ANSWER_TODAY = "offer_answer_today", "An offer to answer today"
    # Not about a deadline: a linked recruiter's "still interested?" (CheckIn), sent by the same sweep, so it is
    # claimed, sent once, retried and dropped like every reminder, and switched off or unsubscribed the same way.
    CHECK_IN = "check_in", "A recruiter asks if you are still interested"


# The kinds a user can be owed more than once per interview, each reminder naming its subject (Reminder.subject_id).
KINDS_WITH_SUBJECTS = [ReminderKind.CHECK_IN]

# What the sync and the re-check key a reminder by (Reminder.key): its kind and its subject (None for most kinds).
ReminderKey = tuple[str, int | None]


class ReminderState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"
    DROPPED = "dropped", "Dropped (too late)"
    # Failed REMINDER_PARK_AFTER times in a row in a way no retry fixes (its data, its template, a refused
    # recipient): out of the due set, with the reason, for an operator (the admin's state filter).
    PARKED = "parked", "Parked (failed repeatedly)"


class Reminder(models.Model):
    """One email to send at `due_at` (docs/PRODUCT.md F5), kept right by follow-up: its sync works out when each
    kind is due (followups.rules.reminder_due_times) and hands that to reminders.services.reminders_set.

    The sweep (`reminders.sweep.reminders_send_due`) picks rows with state=scheduled and next_attempt_at <= now.
    `due_at` is when the reminder is meant to arrive (and how late it is); `next_attempt_at` is when the sweep may
    next try it: equal to due_at at first, pushed ahead while one sweep holds it and after a failed send.
    """

    State = ReminderState
    Kind = ReminderKind
    # Written as followups.reminder by the exports made before the move (accounts.data reads them still).
    FORMER_EXPORT_LABELS = ("followups.reminder",)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # Which one of its kind this reminder is about, for kinds that can be owed more than once per interview (a
    # CHECK_IN: the question it asks, whose meaning is follow-up's); None otherwise. Opaque here: an id this app
    # never follows, so a subject gone away leaves a reminder the re-check no longer finds due, cancelled unsent.
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.SCHEDULED)
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # Failures of this reminder itself (not an SMTP outage, which every reminder sees and is only retried);
    # REMINDER_PARK_AFTER of them park it.
    failures = models.PositiveIntegerField(default=0)
    parked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=SHORT_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "followups_reminder"
        ordering = ["due_at", "pk"]
        constraints = [
            # One per kind per interview, except the kinds owed more than once: one per subject (of its interview,
            # so an imported copy never clashes with the row it was exported from).
            models.UniqueConstraint(
                fields=["interview", "kind"],
                condition=models.Q(subject_id__isnull=True),
                name="reminder_one_per_kind_per_interview",
            ),
            models.UniqueConstraint(
                fields=["interview", "kind", "subject_id"],
                condition=models.Q(subject_id__isnull=False),
                name="reminder_one_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(subject_id__isnull=True) | models.Q(kind__in=KINDS_WITH_SUBJECTS),
                name="reminder_subject_kind",
            ),
            choices_constraint("kind", ReminderKind, name="reminder_kind_valid"),
            choices_constraint("state", ReminderState, name="reminder_state_valid"),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False), name="reminder_sent_has_sent_at"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="parked") | models.Q(parked_at__isnull=False),
                name="reminder_parked_has_parked_at",
            ),
        ]
        indexes = [
            # reminders.sweep.reminders_due: state=scheduled AND next_attempt_at <= now, oldest first.
            # Only the scheduled rows are in it, so it stays small however many reminders have been sent.
            models.Index(
                fields=["next_attempt_at"],
                name="reminder_sweep_idx",
                condition=models.Q(state="scheduled"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user} at {self.due_at:%Y-%m-%d %H:%M} UTC ({self.state})"

    @property
    def key(self) -> ReminderKey:
        return (self.kind, self.subject_id)

    @property
    def message_id(self) -> str:
        """The same Message-ID every time this reminder (at this due time) is sent: if a send is ever repeated (the
        sender died after the server accepted it, before recording it), the copies are recognisably one message,
        and mail services that drop duplicate Message-IDs show it once."""
        domain = urlsplit(settings.SITE_URL).hostname or "debrief.invalid"
        return f"<reminder.{self.pk}.{int(self.due_at.timestamp())}@{domain}>"


class SweepRun(models.Model):
    """When the reminder sweep last finished and what it did: one row, written once per run at the end of
    followups.tasks.send_due_reminders (reminders.services.sweep_run_record), read by /healthz and /metrics. In the
    database, not the cache: the cache is culled (MAX_ENTRIES) and a missing heartbeat would read as a dead sweep."""

    ONLY = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONLY)
    finished_at = models.DateTimeField()
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "followups_sweeprun"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="sweep_run_one_row")]

    def __str__(self):
        return f"Reminder sweep finished at {self.finished_at:%Y-%m-%d %H:%M:%S} UTC"
