import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .bounds import single_line
from .timezones import validate_timezone_name


def choices_constraint(field: str, choices: type[models.TextChoices], *, name: str, blank: bool = False):
    """The database's own check that `field` holds one of its TextChoices ("" too when `blank`): the list comes
    from the choices themselves, so adding a choice cannot forget the constraint (makemigrations then updates it)."""
    values = ["", *choices.values] if blank else list(choices.values)
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)


class UserRole(models.TextChoices):
    CANDIDATE = "candidate", "I'm looking for a job"
    RECRUITER = "recruiter", "I'm a recruiter"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    Role = UserRole

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(
        max_length=80,
        blank=True,
        validators=[single_line],
        help_text="How Debrief greets you and signs your notes. Up to 80 characters.",
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CANDIDATE)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone_name],
        help_text="Deadlines and reminders follow this zone.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            choices_constraint("role", UserRole, name="user_role_valid"),
        ]

    def __str__(self):
        return self.display_name or self.email

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def is_recruiter(self) -> bool:
        return self.role == self.Role.RECRUITER

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class RecruiterLinkStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"


class RecruiterLinkScope(models.TextChoices):
    SUMMARY = "summary", "Summary: stage, interest, still interested, deadlines"
    FULL = "full", "Full debriefs: answers, scores, notes"


class RecruiterLink(models.Model):
    """A candidate's consent for a recruiter to read their debriefs. Only an active link that has not expired grants
    access (accounts.selectors.linked_candidate_ids, the one rule), and `scope` says how much: the summary (stage,
    interest, still interested, deadlines) or the full debriefs (answers, scores, notes)."""

    Status = RecruiterLinkStatus
    Scope = RecruiterLinkScope

    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recruiter_links")
    recruiter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="candidate_links")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Links made before consent had a scope showed everything; the migration keeps them so ("full").
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.FULL)
    expires_at = models.DateTimeField("shared until", null=True, blank=True)
    # Set once, by accounts.services.links_expire, when it ends an expired link and emails the recruiter.
    expiry_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "recruiter"], name="recruiterlink_one_per_pair"),
            models.CheckConstraint(condition=~models.Q(candidate=models.F("recruiter")), name="recruiterlink_not_self"),
            choices_constraint("status", RecruiterLinkStatus, name="recruiterlink_status_valid"),
            choices_constraint("scope", RecruiterLinkScope, name="recruiterlink_scope_valid"),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=models.F("created_at")),
                name="recruiterlink_expires_after_created",
            ),
        ]
        indexes = [
            # accounts.selectors.linked_candidate_ids: a recruiter's active links, read on every recruiter request.
            models.Index(
                fields=["recruiter", "candidate"],
                name="recruiterlink_active_idx",
                condition=models.Q(status="active"),
            ),
            # accounts.services.links_expire: active links with an expiry not yet acted on, soonest first.
            models.Index(
                fields=["expires_at"],
                name="recruiterlink_expiry_idx",
                condition=models.Q(status="active", expires_at__isnull=False, expiry_notified_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.recruiter} → {self.candidate} ({self.get_status_display()})"

    @property
    def is_full(self) -> bool:
        return self.scope == self.Scope.FULL

    @property
    def ended_by_expiry(self) -> bool:
        return self.expiry_notified_at is not None


class AccessLogEntry(models.Model):
    """One view by a recruiter of a page about one candidate (a debrief, an interview, the candidate's page), for
    the candidate to read on the links page. `what` is the label as it was then ("Northwind debrief"), so reading
    the log joins nothing, and it stays readable after the interview is deleted. Written once per page view."""

    viewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="views_made")
    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="views_received")
    object_kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    what = models.CharField(max_length=200)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name_plural = "access log entries"
        indexes = [
            # accounts.selectors.access_log_of: a candidate's log, newest first, a page at a time.
            models.Index(fields=["candidate", "-viewed_at"], name="accesslog_candidate_idx"),
        ]

    def __str__(self):
        return f"{self.viewer} viewed {self.what} at {self.viewed_at:%Y-%m-%d %H:%M} UTC"


class InvitationDirection(models.TextChoices):
    CANDIDATE_TO_RECRUITER = "candidate_to_recruiter", "Candidate invited a recruiter"
    RECRUITER_TO_CANDIDATE = "recruiter_to_candidate", "Recruiter invited a candidate"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"


class LinkInvitation(models.Model):
    """An offer to link, sent by email from a candidate to a recruiter or the other way round.

    The emailed token names this row (id + nonce, signed); accepting it is single-use because the service flips
    `status` from pending with a conditional UPDATE. An invitation past `expires_at` is dead even while its status
    still says pending.
    """

    Direction = InvitationDirection
    Status = InvitationStatus

    inviter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sent_link_invitations")
    email = models.EmailField("invited address", max_length=254)
    direction = models.CharField(max_length=32, choices=Direction.choices)
    nonce = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="accepted_link_invitations"
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was declined, cancelled or marked expired."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live invitation per inviter and address; accounts.services.link_invitation_create closes stale
            # (expired) ones before inserting, so this only ever refuses a true duplicate.
            models.UniqueConstraint(
                fields=["inviter", "email"],
                condition=models.Q(status="pending"),
                name="linkinvitation_one_pending_per_address",
            ),
            choices_constraint("status", InvitationStatus, name="linkinvitation_status_valid"),
            choices_constraint("direction", InvitationDirection, name="linkinvitation_direction_valid"),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(accepted_at__isnull=False),
                name="linkinvitation_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="linkinvitation_expires_after_created",
            ),
        ]
        indexes = [
            # accounts.services.link_invitation_create: the rate limit counts an inviter's recent invitations.
            models.Index(fields=["inviter", "created_at"], name="linkinvitation_inviter_idx"),
            # accounts.selectors.link_invitations_received: live invitations addressed to one of the user's emails.
            models.Index(fields=["email"], name="linkinvitation_pending_idx", condition=models.Q(status="pending")),
        ]

    def __str__(self):
        return f"{self.inviter} → {self.email} ({self.get_status_display()})"

    def is_expired(self, *, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def is_live(self, *, now=None) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired(now=now)
