"""Capture: companies, opportunities, interviews, the people met, the questions asked and the debrief."""

import datetime as dt
import unicodedata
import zoneinfo

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.bounds import list_of_lines, single_line, year_in_range
from accounts.models import choices_constraint
from accounts.timezones import validate_timezone_name

# Limits stated on every form field that uses them.
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 10_000
DURATION_MAX_MINUTES = 720


def long_text(**kwargs) -> models.TextField:
    return models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)], **kwargs)


def score_field(**kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)], **kwargs
    )


def score_between_1_and_10(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 1, f"{field}__lte": 10}),
        name=name,
    )


def question_text_normalize(*, text: str) -> str:
    """The key under which a question asked again is found (Question.normalized_text): case, punctuation,
    spacing and full-width forms ignored, so "Why us?" and "why  US" match."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())[:1000]


class OpportunityStatus(models.TextChoices):
    WISHLIST = "wishlist", "Wishlist"
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OpportunitySource(models.TextChoices):
    DIRECT = "direct", "Direct"
    RECRUITER = "recruiter", "Through a linked recruiter"
    AGENCY = "agency", "Through an outside agency"


class InterviewRound(models.TextChoices):
    SCREEN = "screen", "Screening"
    FIRST = "first", "First round"
    SECOND = "second", "Second round"
    THIRD = "third", "Third round"
    FINAL = "final", "Final round"
    OTHER = "other", "Other"


class InterviewFormat(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    ONSITE = "onsite", "On site"


class InterviewState(models.TextChoices):
    """What became of the appointment itself (docs/PRODUCT.md D3). "Held" is not stored: a scheduled interview whose
    end has passed was held (Interview.is_held)."""

    SCHEDULED = "scheduled", "Scheduled"
    POSTPONED = "postponed", "Postponed, waiting for a new date"
    CANCELLED = "cancelled", "Cancelled"


class CancelledBy(models.TextChoices):
    THEM = "them", "They cancelled it"
    ME = "me", "I cancelled it"


class InterviewChangeKind(models.TextChoices):
    RESCHEDULED = "rescheduled", "Moved"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class Company(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(max_length=SHORT_TEXT_MAX, validators=[single_line])
    website = models.URLField(blank=True, max_length=500)
    location = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    notes = long_text()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "companies"
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="company_name_unique_per_owner_ci"),
        ]

    def __str__(self):
        return self.name


class Opportunity(models.Model):
    Status = OpportunityStatus

    # In play: an application under way (docs/PRODUCT.md I1's "two or three at once" counts these).
    ACTIVE_STATUSES = (Status.APPLIED, Status.INTERVIEWING, Status.OFFER)
    # Not decided yet: in play, or on the wishlist (not applied yet). An interview can be logged for any of them.
    OPEN_STATUSES = (Status.WISHLIST, *ACTIVE_STATUSES)
    # The pipeline's order (docs/PRODUCT.md D2), the way the pipeline page lists it.
    PIPELINE = (
        Status.WISHLIST,
        Status.APPLIED,
        Status.INTERVIEWING,
        Status.OFFER,
        Status.ACCEPTED,
        Status.REJECTED,
        Status.WITHDRAWN,
    )

    Source = OpportunitySource

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunities")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="opportunities")
    role_title = models.CharField(max_length=SHORT_TEXT_MAX, validators=[single_line])
    job_description = long_text()
    job_link = models.URLField(blank=True, max_length=500)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.DIRECT)
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placed_opportunities",
    )
    agency_name = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    # Whom a thank-you note "through the recruiter" is addressed to when an outside agency placed the candidate.
    agency_contact_name = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    agency_contact_email = models.EmailField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.APPLIED)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "opportunities"
        constraints = [
            choices_constraint("status", OpportunityStatus, name="opportunity_status_valid"),
            choices_constraint("source", OpportunitySource, name="opportunity_source_valid"),
        ]
        indexes = [models.Index(fields=["owner", "status"], name="opportunity_owner_status_idx")]

    def __str__(self):
        return f"{self.role_title} at {self.company}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class OpportunityStatusChange(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=Opportunity.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Opportunity.Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            choices_constraint("from_status", OpportunityStatus, name="opportunitystatuschange_from_valid", blank=True),
            choices_constraint("to_status", OpportunityStatus, name="opportunitystatuschange_to_valid"),
        ]

    def __str__(self):
        return f"{self.opportunity}: {self.from_status or '—'} → {self.to_status}"


class Interview(models.Model):
    Round = InterviewRound
    Format = InterviewFormat
    State = InterviewState
    CancelledBy = CancelledBy

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interviews")
    round = models.CharField(max_length=16, choices=Round.choices, default=Round.FIRST)
    round_number = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(20)])
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.VIDEO)
    starts_at = models.DateTimeField(validators=[year_in_range])
    # The zone the interview's time was given in (the company's clock, say). Every deadline of the interview is
    # worked out on this clock (followups.rules), so changing the profile's zone later moves none of them.
    time_zone = models.CharField(
        max_length=64, validators=[validate_timezone_name], help_text="The time zone its time is given in."
    )
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(DURATION_MAX_MINUTES)]
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.SCHEDULED)
    cancelled_by = models.CharField(max_length=8, choices=CancelledBy.choices, blank=True)
    state_reason = models.CharField("reason", max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    state_changed_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField("place or meeting link", max_length=500, blank=True, validators=[single_line])
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arranged_interviews",
        help_text="The linked recruiter who arranged this interview, if any.",
    )
    agency_name = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    is_private = models.BooleanField(
        "keep private from recruiters",
        default=False,
        help_text="No recruiter sees this interview or its debrief.",
    )
    people = models.ManyToManyField("Person", through="InterviewPerson", related_name="interviews")
    # A random token rendered into the "log an interview" form: a double-clicked or re-sent submit carries the
    # same token, and the unique constraint below lets only one interview exist for it.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # An export made before interviews had a zone of their own: its interviews were typed in the owner's zone (as
    # the migration that added the field decided, interviews 0006), the importing profile's once imported.
    IMPORT_DEFAULTS = {"time_zone": lambda user: user.time_zone}

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=DURATION_MAX_MINUTES),
                name="interview_duration_1_to_720",
            ),
            models.CheckConstraint(condition=models.Q(round_number__gte=1), name="interview_round_number_positive"),
            choices_constraint("round", InterviewRound, name="interview_round_valid"),
            choices_constraint("format", InterviewFormat, name="interview_format_valid"),
            models.UniqueConstraint(fields=["owner", "submission_token"], name="interview_submission_token_once"),
            choices_constraint("state", InterviewState, name="interview_state_valid"),
            choices_constraint("cancelled_by", CancelledBy, name="interview_cancelled_by_valid", blank=True),
            # Who called it off is known exactly when it is cancelled.
            models.CheckConstraint(
                condition=(models.Q(state="cancelled") & ~models.Q(cancelled_by=""))
                | (~models.Q(state="cancelled") & models.Q(cancelled_by="")),
                name="interview_cancelled_says_by_whom",
            ),
            models.CheckConstraint(condition=~models.Q(time_zone=""), name="interview_time_zone_set"),
        ]
        indexes = [models.Index(fields=["owner", "starts_at"], name="interview_owner_starts_idx")]

    def __str__(self):
        return f"{self.get_round_display()} · {self.opportunity}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_live(self) -> bool:
        """Still on: neither cancelled nor postponed."""
        return self.state == self.State.SCHEDULED

    def is_held(self, *, now: dt.datetime) -> bool:
        return self.is_live and self.ends_at <= now

    def state_label(self, *, now: dt.datetime) -> str:
        """Scheduled, held, postponed or cancelled (by whom), as the interview's pages say it."""
        if self.state == self.State.CANCELLED:
            return "Cancelled by them" if self.cancelled_by == CancelledBy.THEM else "Cancelled by me"
        if self.state == self.State.POSTPONED:
            return "Postponed"
        return "Held" if self.is_held(now=now) else "Scheduled"


class InterviewChange(models.Model):
    """One change of an interview's appointment (docs/PRODUCT.md D3): moved from one time to another, postponed or
    cancelled, and when that was recorded. The interview's history, oldest first."""

    Kind = InterviewChangeKind

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_starts_at = models.DateTimeField()
    from_time_zone = models.CharField(max_length=64, validators=[validate_timezone_name])
    # Where it moved to: only for a move; a postponed interview is waiting for its new time.
    to_starts_at = models.DateTimeField(null=True, blank=True)
    to_time_zone = models.CharField(max_length=64, blank=True, validators=[validate_timezone_name])
    cancelled_by = models.CharField(max_length=8, choices=CancelledBy.choices, blank=True)
    reason = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            choices_constraint("kind", InterviewChangeKind, name="interviewchange_kind_valid"),
            choices_constraint("cancelled_by", CancelledBy, name="interviewchange_cancelled_by_valid", blank=True),
            models.CheckConstraint(
                condition=~models.Q(kind="rescheduled") | models.Q(to_starts_at__isnull=False),
                name="interviewchange_move_has_new_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.interview}"


class Person(models.Model):
    """Someone met at a company; reused across that company's rounds."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=SHORT_TEXT_MAX, validators=[single_line])
    title = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    responsibilities = long_text()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, validators=[single_line])
    notes = long_text()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "people"
        ordering = [Lower("name"), "pk"]

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name


class InterviewPerson(models.Model):
    """Who was met at which interview, and their part in it."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    part = models.CharField(
        max_length=SHORT_TEXT_MAX,
        blank=True,
        help_text="For example hiring manager, panel, HR.",
        validators=[single_line],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "person"], name="interviewperson_once_per_interview"),
        ]

    def __str__(self):
        return f"{self.person} at {self.interview}"


class Question(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions_asked"
    )
    text = models.CharField("question", max_length=1000, validators=[single_line])
    # Lower-cased, punctuation and spacing removed: how a question asked again in a later interview is found.
    normalized_text = models.CharField(max_length=1000, db_index=True, editable=False)
    # The question bank's group: the normalised text of the owner's earlier question this one repeats (the same
    # normalised text, or on PostgreSQL a wording at least interviews.selectors.SIMILAR_WORDING alike), set when it
    # is saved; empty means its own normalised text.
    group_key = models.CharField(max_length=1000, blank=True, editable=False)
    answer_summary = long_text()
    self_score = score_field()
    topic = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    position = models.PositiveSmallIntegerField(default=0)
    # Set from the question bank: the candidate wants to practise this one. A group of similar wordings counts as
    # flagged when any of its questions is, so the same question asked again later stays flagged.
    to_practise = models.BooleanField("practise this question", default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [score_between_1_and_10("self_score", "question_self_score_1_to_10")]

    def __str__(self):
        return self.text


class StillInterested(models.TextChoices):
    """The recruiter's debrief call (docs/PRODUCT.md R2): is the candidate still interested after this interview?"""

    YES = "yes", "Yes"
    UNSURE = "unsure", "Unsure"
    NO = "no", "No"


class DebriefState(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETE = "complete", "Complete"


# What the debrief forms may write; anything else passed in is a programming error.
DEBRIEF_TEXT_FIELDS = (
    "tone",
    "question_focus",
    "opportunity_summary",
    "background_that_matters",
    "sell_better",
    "strengths",
    "weaknesses",
    "make_it_ten",
    "to_clarify",
    "employer_feedback",
    "next_steps",
    "improve_chances",
    "questions_if_called_back",
)
DEBRIEF_FIELDS = (
    *DEBRIEF_TEXT_FIELDS,
    "went_well",
    "to_improve",
    "interest",
    "overall_rating",
    "hear_back_date",
    "still_interested",
    "still_interested_why",
)


class Debrief(models.Model):
    """The questionnaire answered after an interview (docs/PRODUCT.md D5). One per interview."""

    State = DebriefState
    StillInterested = StillInterested

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="debrief")
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    tone = long_text(verbose_name="tone of the interview")
    question_focus = long_text(verbose_name="what the questions focused on")
    opportunity_summary = long_text(verbose_name="summary of the opportunity")
    background_that_matters = long_text(verbose_name="parts of my background that matter most")
    went_well = models.JSONField(default=list, blank=True, validators=[list_of_lines])
    to_improve = models.JSONField(default=list, blank=True, validators=[list_of_lines])
    sell_better = long_text(verbose_name="how I could have sold myself better")
    strengths = long_text(verbose_name="my strengths for this role")
    weaknesses = long_text(verbose_name="my weaknesses for this role")
    interest = score_field(verbose_name="interest (1–10)")
    make_it_ten = long_text(verbose_name="what would make it a 10")
    to_clarify = long_text(verbose_name="points that need clarifying")
    employer_feedback = long_text(verbose_name="feedback the employer gave")
    next_steps = long_text(verbose_name="next steps they stated")
    hear_back_date = models.DateField("promised hear-back date", null=True, blank=True, validators=[year_in_range])
    improve_chances = long_text(verbose_name="how to improve my chances")
    questions_if_called_back = long_text(verbose_name="questions to ask if called back")
    overall_rating = score_field(verbose_name="overall self-rating (1–10)")
    still_interested = models.CharField(
        "still interested after this interview?", max_length=8, choices=StillInterested.choices, blank=True
    )
    still_interested_why = models.CharField(
        "why, in a line", max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line]
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The debriefs still in draft, which Today lists (interviews.selectors.capture_overview): few among all.
        indexes = [models.Index(fields=["interview"], condition=models.Q(state="draft"), name="debrief_draft_idx")]
        constraints = [
            score_between_1_and_10("interest", "debrief_interest_1_to_10"),
            score_between_1_and_10("overall_rating", "debrief_overall_rating_1_to_10"),
            choices_constraint("state", DebriefState, name="debrief_state_valid"),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(completed_at__isnull=False),
                name="debrief_complete_has_completed_at",
            ),
            choices_constraint("still_interested", StillInterested, name="debrief_still_interested_valid", blank=True),
        ]

    def __str__(self):
        return f"Debrief of {self.interview}"


DEBRIEF_NOTE_MAX = 5_000


class DebriefNote(models.Model):
    """A linked recruiter's note on a candidate's debrief (docs/PRODUCT.md R1), shown to the candidate."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="recruiter_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debrief_notes")
    text = models.TextField(validators=[MaxLengthValidator(DEBRIEF_NOTE_MAX)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="debriefnote_text_not_empty"),
        ]

    def __str__(self):
        return f"Note by {self.author} on {self.debrief}"


class NotificationSettings(models.Model):
    """Which recruiter-related emails a user wants. Created on first need; both are on by default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_on_recruiter_note = models.BooleanField("email me when a recruiter leaves a note on my debrief", default=True)
    email_on_debrief_complete = models.BooleanField(
        "email me when a candidate completes a debrief of an interview I arranged", default=True
    )
    # Read by followups (the CHECK_IN reminder of the interviews a recruiter arranged); off until they opt in.
    check_in_after_interview = models.BooleanField(
        "ask my candidate if they are still interested, 2 hours after an interview I arranged ends with no debrief",
        default=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"Notification settings of {self.user}"


class LearningItem(models.Model):
    """A tool or skill an interview showed is missing (docs/PRODUCT.md D7)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_items")
    interview = models.ForeignKey(
        Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning_items"
    )
    text = models.CharField(max_length=SHORT_TEXT_MAX, validators=[single_line])
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done", "-created_at", "pk"]

    def __str__(self):
        return self.text


class ClientDecision(models.TextChoices):
    PENDING = "pending", "No decision yet"
    NEXT_ROUND = "next_round", "Next round"
    OFFER = "offer", "Offer"
    REJECTED = "rejected", "Rejected"
    ON_HOLD = "on_hold", "On hold"


class ClientFeedback(models.Model):
    """What the employer (the recruiter's client) said about one interview, recorded by a linked recruiter to whom
    it is shared in full (PRODUCT.md R6); the candidate reads it beside their own self-assessment. One per
    interview, rewritten by whoever records it next."""

    Decision = ClientDecision

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="client_feedback")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="client_feedback"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    score = score_field(verbose_name="their score of the interview (1–10)")
    feedback = long_text(
        verbose_name="what the client said", help_text="One point per line: each can become a learning item."
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            choices_constraint("decision", ClientDecision, name="clientfeedback_decision_valid"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=10),
                name="clientfeedback_score_1_10",
            ),
        ]

    def __str__(self):
        return f"Client feedback on {self.interview} ({self.get_decision_display()})"

    def lines(self) -> list[str]:
        return [line.strip(" -*•\t") for line in self.feedback.splitlines() if line.strip(" -*•\t")]


# --- What I stated (PRODUCT.md D8) -------------------------------------------------------------------------------

SALARY_MAX = 10**9
NOTICE_MAX = 24
# Dates a person can mean by "earliest start"; the form narrows it to the two years after the interview.
STATED_DATE_MIN = dt.date(2000, 1, 1)
STATED_DATE_MAX = dt.date(2100, 12, 31)


class SalaryPeriod(models.TextChoices):
    YEAR = "year", "a year"
    MONTH = "month", "a month"
    DAY = "day", "a day"
    HOUR = "hour", "an hour"


class NoticeUnit(models.TextChoices):
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


class Relocation(models.TextChoices):
    YES = "yes", "Willing to relocate"
    OPEN = "open", "Open to it, depending on the offer"
    NO = "no", "Not willing to relocate"
    REMOTE = "remote", "Only remote"


class StatedTerms(models.Model):
    """What the candidate told the employer at one interview (PRODUCT.md D8): the terms that must stay the same from
    one round to the next. One row per interview, every value optional.

    The same row is the recruiter's "closing risk" (PRODUCT.md R2): the candidate fills it in, or a linked recruiter
    records it from the debrief call, so `recorded_by` says who wrote it last. Values are compared across the
    rounds of one opportunity by interviews.selectors.stated_terms_conflicts."""

    Period = SalaryPeriod
    NoticeUnit = NoticeUnit
    Relocation = Relocation

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="stated_terms")
    salary_amount = models.PositiveIntegerField(
        "salary expectation", null=True, blank=True, validators=[MaxValueValidator(SALARY_MAX)]
    )
    salary_currency = models.CharField(
        "currency",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Three capital letters, for example EUR, GBP or USD.")],
    )
    salary_period = models.CharField("per", max_length=8, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR)
    salary_note = models.CharField("about the salary", max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    notice_amount = models.PositiveSmallIntegerField(
        "notice period", null=True, blank=True, validators=[MaxValueValidator(NOTICE_MAX)]
    )
    notice_unit = models.CharField("notice in", max_length=8, choices=NoticeUnit.choices, default=NoticeUnit.MONTHS)
    earliest_start = models.DateField(
        "earliest start",
        null=True,
        blank=True,
        validators=[MinValueValidator(STATED_DATE_MIN), MaxValueValidator(STATED_DATE_MAX)],
    )
    relocation = models.CharField(max_length=8, choices=Relocation.choices, blank=True)
    other_processes_count = models.PositiveSmallIntegerField(
        "other processes in play", null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    other_processes = models.CharField(
        "about the other processes", max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stated_terms_recorded",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "what I stated"
        verbose_name_plural = "what I stated"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_amount__isnull=True) | models.Q(salary_amount__lte=SALARY_MAX),
                name="statedterms_salary_bounded",
            ),
            choices_constraint("salary_period", SalaryPeriod, name="statedterms_salary_period_valid"),
            models.CheckConstraint(
                condition=models.Q(notice_amount__isnull=True) | models.Q(notice_amount__lte=NOTICE_MAX),
                name="statedterms_notice_bounded",
            ),
            choices_constraint("notice_unit", NoticeUnit, name="statedterms_notice_unit_valid"),
            choices_constraint("relocation", Relocation, name="statedterms_relocation_valid", blank=True),
            models.CheckConstraint(
                condition=models.Q(earliest_start__isnull=True)
                | models.Q(earliest_start__gte=STATED_DATE_MIN, earliest_start__lte=STATED_DATE_MAX),
                name="statedterms_earliest_start_bounded",
            ),
        ]

    def __str__(self):
        return f"What I stated at {self.interview}"

    @property
    def salary_display(self) -> str:
        if self.salary_amount is None:
            return ""
        currency = f" {self.salary_currency}" if self.salary_currency else ""
        return f"{self.salary_amount:,}{currency} {self.get_salary_period_display()}"

    @property
    def notice_display(self) -> str:
        if self.notice_amount is None:
            return ""
        if self.notice_amount == 0:
            return "none: can start straight away"
        unit = self.get_notice_unit_display()
        return f"{self.notice_amount} {unit[:-1] if self.notice_amount == 1 else unit}"

    def is_empty(self) -> bool:
        return not any(
            (
                self.salary_amount is not None,
                self.salary_note,
                self.notice_amount is not None,
                self.earliest_start,
                self.relocation,
                self.other_processes_count is not None,
                self.other_processes,
            )
        )


class PlannedQuestionAnswered(models.Model):
    """A question the candidate planned to ask if called back (a line of Debrief.questions_if_called_back) that has
    since been answered. The line is found again by its normalised text, so retyping its case or punctuation keeps
    the mark; rewording it starts afresh."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="planned_questions_answered")
    normalized_text = models.CharField(max_length=1000)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "planned questions answered"
        constraints = [
            models.UniqueConstraint(
                fields=["debrief", "normalized_text"], name="plannedquestionanswered_once_per_debrief"
            ),
        ]

    def __str__(self):
        return f"Answered: {self.normalized_text[:40]} ({self.debrief})"
