import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .timezones import validate_timezone_name


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
    class Role(models.TextChoices):
        CANDIDATE = "candidate", "I'm looking for a job"
        RECRUITER = "recruiter", "I'm a recruiter"

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(
        max_length=80,
        blank=True,
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
            models.CheckConstraint(condition=models.Q(role__in=["candidate", "recruiter"]), name="user_role_valid"),
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


class RecruiterLink(models.Model):
    """A candidate's consent for a recruiter to read their debriefs. Only an active link grants access."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        REVOKED = "revoked", "Revoked"

    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recruiter_links")
    recruiter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="candidate_links")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "recruiter"], name="recruiterlink_one_per_pair"),
            models.CheckConstraint(condition=~models.Q(candidate=models.F("recruiter")), name="recruiterlink_not_self"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "active", "revoked"]),
                name="recruiterlink_status_valid",
            ),
        ]
        indexes = [
            # accounts.selectors.linked_candidate_ids: a recruiter's active links, read on every recruiter request.
            models.Index(
                fields=["recruiter", "candidate"],
                name="recruiterlink_active_idx",
                condition=models.Q(status="active"),
            ),
        ]

    def __str__(self):
        return f"{self.recruiter} → {self.candidate} ({self.get_status_display()})"
