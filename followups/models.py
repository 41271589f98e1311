"""Follow-up: thank-you notes, follow-up plans and attempts, outcomes, reminder emails, calendar settings."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.bounds import list_of_lines, single_line, year_in_range
from accounts.models import choices_constraint
from composer import drafts, phrases
from interviews.models import SHORT_TEXT_MAX, Interview, Person, long_text


class NoteChannel(models.TextChoices):
    EMAIL = drafts.EMAIL, "Email"
    CARD = drafts.CARD, "Handwritten card"
    RECRUITER = drafts.RECRUITER, "Through the recruiter"


class NoteTone(models.TextChoices):
    """The tones the composer writes a note in (composer.phrases holds the words of each)."""

    FORMAL = phrases.FORMAL, "Formal"
    CASUAL = phrases.CASUAL, "Casual"


class NoteState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"


class ThankYouNote(models.Model):
    """One note per person met at an interview (docs/PRODUCT.md F1). Sending is the candidate's act; we record it."""

    State = NoteState
    Channel = NoteChannel
    Tone = NoteTone

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="thank_you_notes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="thank_you_notes")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    tone = models.CharField(max_length=16, choices=Tone.choices, default=Tone.FORMAL)
    subject = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    body = long_text()
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The composer owns a draft until the candidate edits it: an untouched draft (edited_at null) is recomposed
    # whenever the debrief changes; an edited one never is, and newer_draft says the page should offer a refresh.
    edited_at = models.DateTimeField(null=True, blank=True)
    composed_hash = models.CharField(max_length=64, blank=True)
    newer_draft = models.BooleanField(default=False)
    article_url = models.URLField("link to an article", max_length=500, blank=True)
    article_topic = models.CharField(
        "the topic it is about", max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line]
    )
    # "Send anyway?": the failing checks the candidate was shown and confirmed when marking it sent.
    sent_despite = models.JSONField(default=list, blank=True, validators=[list_of_lines])
    # An unsent note is closed once its opportunity is rejected or withdrawn, or owed a notice after an offer
    # accepted elsewhere (followups.rules.owed): unless the candidate kept it, with one tap, to send anyway.
    kept_after_outcome = models.BooleanField("kept to send after the outcome", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["interview", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "person"], name="thankyounote_one_per_person_per_interview"),
            choices_constraint("state", NoteState, name="thankyounote_state_valid"),
            choices_constraint("channel", NoteChannel, name="thankyounote_channel_valid"),
            choices_constraint("tone", NoteTone, name="thankyounote_tone_valid"),
            models.CheckConstraint(
                condition=models.Q(state="draft", sent_at__isnull=True) | models.Q(state="sent", sent_at__isnull=False),
                name="thankyounote_sent_has_sent_at",
            ),
        ]

    def __str__(self):
        return f"Thank-you to {self.person.name} ({self.get_state_display()})"

    @property
    def is_sent(self) -> bool:
        return self.state == self.State.SENT

    @property
    def is_untouched(self) -> bool:
        return self.edited_at is None


class FollowUpPlan(models.Model):
    """The follow-up the candidate has planned after the hear-back date (docs/PRODUCT.md F3). One per interview."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="follow_up_plan")
    planned_on = models.DateField("follow up on", validators=[year_in_range])
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Follow up on {self.planned_on:%Y-%m-%d} for {self.interview}"

    @property
    def is_pending(self) -> bool:
        return self.completed_at is None


class AttemptMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    RECRUITER = "recruiter", "Through the recruiter"
    OTHER = "other", "Other"


class AttemptResult(models.TextChoices):
    NO_ANSWER = "no_answer", "No answer yet"
    LEFT_MESSAGE = "left_message", "Left a message"
    SPOKE = "spoke", "Spoke to someone"
    NEW_DATE = "new_date", "They gave a new date"


class FollowUpAttempt(models.Model):
    """One try at reaching the employer after an interview: when, how, what was said, what came of it."""

    Method = AttemptMethod
    Result = AttemptResult

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="follow_up_attempts")
    happened_at = models.DateTimeField("when", default=timezone.now, validators=[year_in_range])
    method = models.CharField("how", max_length=16, choices=Method.choices, default=Method.PHONE)
    notes = long_text(verbose_name="what was said")
    result = models.CharField("outcome", max_length=16, choices=Result.choices, default=Result.NO_ANSWER)
    # "They gave a new date": the day they now promise an answer by; it becomes the debrief's hear-back date.
    new_date = models.DateField("the new date they gave", null=True, blank=True, validators=[year_in_range])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        constraints = [
            choices_constraint("method", AttemptMethod, name="followupattempt_method_valid"),
            choices_constraint("result", AttemptResult, name="followupattempt_result_valid"),
            # (Attempts logged before the date was asked for say "new date" without one: the rule is one way.)
            models.CheckConstraint(
                condition=models.Q(new_date__isnull=True) | models.Q(result="new_date"),
                name="followupattempt_new_date_only_for_a_new_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} on {self.happened_at:%Y-%m-%d}"


class OutcomeKind(models.TextChoices):
    HEARD_BACK = "heard_back", "Heard back, still waiting for a decision"
    NEXT_ROUND = "next_round", "Invited to another round"
    OFFER = "offer", "Offer"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "I withdrew"
    ACCEPTED = "accepted", "I accepted the offer"


class Outcome(models.Model):
    """What came of an interview (docs/PRODUCT.md F4). Recording one ends the wait for the hear-back date."""

    Kind = OutcomeKind

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    notes = long_text()
    recorded_at = models.DateTimeField(default=timezone.now)
    # Who gave the news (the thank-you-and-ask-why after a rejection is drafted to them).
    contact_name = models.CharField("who told you", max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    # An offer's answer-by date (docs/PRODUCT.md F7): its deadline is followups.rules.offer_deadline_at.
    answer_by = models.DateField("answer by", null=True, blank=True, validators=[year_in_range])
    # The checklist after a rejection: thank them anyway, ask what would have changed the outcome.
    thanked_anyway = models.BooleanField(default=False)
    asked_for_feedback = models.BooleanField(default=False)
    # When the reply to a rejection was sent, or the candidate chose not to send one: nothing is owed after.
    reply_closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            choices_constraint("kind", OutcomeKind, name="outcome_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(answer_by__isnull=True) | models.Q(kind="offer"),
                name="outcome_answer_by_of_an_offer",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.interview})"


class FollowUpSettings(models.Model):
    """A user's reminder choices and private calendar token. Created on first need."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_settings")
    remind_debrief_missing = models.BooleanField("debrief not recorded 3 hours after an interview", default=True)
    remind_thanks_closing = models.BooleanField("thank-you window closes in 2 hours", default=True)
    remind_thanks_passed = models.BooleanField("thank-you window has passed", default=True)
    remind_hear_back_passed = models.BooleanField("hear-back date passed with no answer", default=True)
    remind_follow_up_due = models.BooleanField("a planned follow-up is due", default=True)
    remind_offer_answer_soon = models.BooleanField("an offer's answer-by deadline is 48 hours away", default=True)
    remind_offer_answer_today = models.BooleanField("the morning an offer must be answered", default=True)
    remind_check_in = models.BooleanField("a linked recruiter asks if I am still interested", default=True)
    # Random, revocable; the feed URL is the only secret, so it is never shown to anyone but its owner.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Left out of a data export (accounts.data), a file that may be emailed around: the link is made again on demand.
    SECRET_FIELDS = ("calendar_token",)

    class Meta:
        verbose_name_plural = "follow-up settings"

    def __str__(self):
        return f"Follow-up settings of {self.user}"

    @staticmethod
    def field_for(kind: str) -> str:
        return f"remind_{kind}"

    def wants(self, kind: str) -> bool:
        return getattr(self, self.field_for(kind))


class CalendarRevision(models.Model):
    """What the calendar feed last said about one interview's events, kept by followups.services.follow_up_sync:
    each time what they say changes (a move, a cancellation, a deadline met or no longer owed), `sequence` goes up,
    and the feed writes it as every event's SEQUENCE (RFC 5545), so a calendar app updates the events it has (same
    UID) instead of keeping a ghost."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="calendar_revision")
    sequence = models.PositiveIntegerField(default=0)
    digest = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar of {self.interview}: revision {self.sequence}"


class CheckInAnswer(models.TextChoices):
    YES = "yes", "Yes, still interested"
    NO = "no", "No longer interested"
    CALL = "call", "Call me"


class CheckIn(models.Model):
    """A linked recruiter's "still interested?" about one interview (docs/PRODUCT.md R4). Asking makes this row; the
    email is its own CHECK_IN reminder, whose subject_id is this row's id (followups.rules.reminder_due_times says
    it is due while unanswered and the recruiter still sees the interview), and each of its three answers is a signed
    link naming this row (followups.emails.check_in_token) that records `answer` once. Answered ones stay, as
    history: a recruiter may ask again, one open question per interview and recruiter at a time."""

    Answer = CheckInAnswer

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="check_ins")
    recruiter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins_asked")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            choices_constraint("answer", CheckInAnswer, name="checkin_answer_valid", blank=True),
            models.CheckConstraint(
                condition=models.Q(answer="", answered_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="checkin_answered_has_time",
            ),
            # followups.services.check_in_ask: asking while a question is open returns it instead of a second one.
            models.UniqueConstraint(
                fields=["interview", "recruiter"],
                condition=models.Q(answered_at__isnull=True),
                name="checkin_one_open_per_recruiter",
            ),
        ]
        indexes = [
            # insight.selectors.with_latest_check_in: a recruiter's latest answers, per candidate.
            models.Index(fields=["recruiter", "-answered_at"], name="checkin_recruiter_idx"),
        ]

    def __str__(self):
        return f"Check-in by {self.recruiter} on {self.interview} ({self.answer or 'unanswered'})"
