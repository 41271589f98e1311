import datetime as dt
import secrets

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .emails import email_send, link_ended_message, link_invitation_message
from .models import AccessLogEntry, LinkInvitation, RecruiterLink, User
from .selectors import INVITATION_TOKEN_SALT, access_logged_recently, user_addresses, user_by_address


@transaction.atomic
def user_create_verified(
    *, email: str, password: str, role: str, display_name: str = "", time_zone: str = "UTC"
) -> tuple[User, bool]:
    """Creates a user whose address counts as verified (demo accounts, tests); returns (user, created).

    An existing user with that address is returned unchanged, so calling it twice changes nothing.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email=email, password=password, role=role, display_name=display_name, time_zone=time_zone
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, True


def user_update_profile(*, user: User, display_name: str, time_zone: str) -> User:
    user.display_name = display_name.strip()
    user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "time_zone"])
    return user


# --- Recruiter links -----------------------------------------------------------------------------------------

INVITATION_LIFETIME = dt.timedelta(days=7)
INVITATIONS_PER_HOUR = 10
INVITATIONS_PER_DAY = 50


class InvitationRefused(Exception):
    """An invitation that cannot be accepted (or declined) by this user now; `message` is shown to them."""

    def __init__(self, message: str, *, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


def link_invitation_token(*, invitation: LinkInvitation) -> str:
    """The token the email carries: the invitation id and its nonce, signed with a salt of its own."""
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_TOKEN_SALT)


def _roles_for(*, inviter: User) -> tuple[str, str]:
    """(direction, the role the invited account must have)."""
    if inviter.is_recruiter:
        return LinkInvitation.Direction.RECRUITER_TO_CANDIDATE, User.Role.CANDIDATE
    return LinkInvitation.Direction.CANDIDATE_TO_RECRUITER, User.Role.RECRUITER


def _close_pending_between(*, candidate: User, recruiter: User, now: dt.datetime) -> int:
    """Cancels every open invitation between the two, in both directions. After a revoke this keeps an older
    invitation from re-opening the link the candidate just ended; after an accept they are moot."""
    candidate_to_recruiter = Q(inviter=candidate, email__in=user_addresses(user=recruiter))
    recruiter_to_candidate = Q(inviter=recruiter, email__in=user_addresses(user=candidate))
    return LinkInvitation.objects.filter(
        candidate_to_recruiter | recruiter_to_candidate, status=LinkInvitation.Status.PENDING
    ).update(status=LinkInvitation.Status.CANCELLED, closed_at=now)


def link_invitation_create(*, inviter: User, email: str, now: dt.datetime | None = None) -> tuple[LinkInvitation, bool]:
    """Invites an address to link with `inviter` and emails it the signed link; returns (invitation, emailed).

    Raises ValidationError (keyed "email" for a problem with the address) for a malformed address, the inviter's
    own address, an account of the wrong role, an address already linked or already invited, and when the inviter
    has sent INVITATIONS_PER_HOUR in the last hour or INVITATIONS_PER_DAY in the last day.
    """
    now = now or timezone.now()
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a whole email address, like name@example.com."}) from None
    if email in user_addresses(user=inviter):
        raise ValidationError({"email": "That is your own address. Invite someone else."})
    direction, wanted_role = _roles_for(inviter=inviter)

    with transaction.atomic():
        # Locking the inviter's row serialises one person's concurrent invitations, so two quick submits cannot
        # both pass the rate limit or the duplicate check below (the partial unique constraint is the backstop).
        User.objects.select_for_update().filter(pk=inviter.pk).first()
        sent = LinkInvitation.objects.filter(inviter=inviter, created_at__gt=now - dt.timedelta(days=1))
        if sent.filter(created_at__gt=now - dt.timedelta(hours=1)).count() >= INVITATIONS_PER_HOUR:
            raise ValidationError(
                f"You have sent {INVITATIONS_PER_HOUR} invitations in the last hour, the most we allow. "
                "Please try again later."
            )
        if sent.count() >= INVITATIONS_PER_DAY:
            raise ValidationError(
                f"You have sent {INVITATIONS_PER_DAY} invitations today, the most we allow. Please try again tomorrow."
            )

        invitee = user_by_address(email=email)
        if invitee is not None:
            if invitee.role != wanted_role:
                if wanted_role == User.Role.RECRUITER:
                    message = "That address belongs to a candidate's account. You can link only with recruiters."
                else:
                    message = "That address belongs to a recruiter's account. You can link only with candidates."
                raise ValidationError({"email": message})
            candidate, recruiter = (invitee, inviter) if inviter.is_recruiter else (inviter, invitee)
            link = RecruiterLink.objects.filter(candidate=candidate, recruiter=recruiter).first()
            if link is not None and link.status == RecruiterLink.Status.ACTIVE:
                raise ValidationError({"email": f"You are already linked with {invitee.name}."})
            if link is not None and link.status == RecruiterLink.Status.REVOKED and inviter.is_recruiter:
                raise ValidationError(
                    {"email": "Your link with this candidate has ended. Only the candidate can invite you again."}
                )

        # An expired invitation still marked pending would block a fresh one (one pending per address).
        LinkInvitation.objects.filter(
            inviter=inviter, email=email, status=LinkInvitation.Status.PENDING, expires_at__lte=now
        ).update(status=LinkInvitation.Status.EXPIRED, closed_at=now)
        if LinkInvitation.objects.filter(inviter=inviter, email=email, status=LinkInvitation.Status.PENDING).exists():
            raise ValidationError({"email": "You have already invited this address and the invitation is still open."})
        try:
            with transaction.atomic():
                invitation = LinkInvitation.objects.create(
                    inviter=inviter,
                    email=email,
                    direction=direction,
                    nonce=secrets.token_urlsafe(18),
                    created_at=now,
                    expires_at=now + INVITATION_LIFETIME,
                )
        except IntegrityError:
            raise ValidationError(
                {"email": "You have already invited this address and the invitation is still open."}
            ) from None

    # Sent after the commit, never inside the transaction: a slow or failing mail server must not hold the lock,
    # and a failure keeps the invitation (the inviter is told and can cancel and invite again later).
    message = link_invitation_message(invitation=invitation, token=link_invitation_token(invitation=invitation))
    return invitation, email_send(message, what="link invitation", pk=invitation.pk)


def link_invitation_check_open(*, invitation: LinkInvitation, now: dt.datetime | None = None) -> None:
    """Raises InvitationRefused (410) when the invitation can no longer be accepted by anyone: used, withdrawn,
    declined or expired. Needs no user, so the page tells a visitor before asking them to log in or sign up."""
    now = now or timezone.now()
    if invitation.status == LinkInvitation.Status.ACCEPTED:
        raise InvitationRefused(
            "This invitation has already been used. Each invitation link works only once.", status=410
        )
    if invitation.status in {LinkInvitation.Status.CANCELLED, LinkInvitation.Status.DECLINED}:
        raise InvitationRefused("This invitation was withdrawn or declined, so it no longer works.", status=410)
    if invitation.status == LinkInvitation.Status.EXPIRED or invitation.is_expired(now=now):
        raise InvitationRefused(
            f"This invitation has expired. Ask {invitation.inviter.name} to send you a new one.", status=410
        )


def link_invitation_check(*, invitation: LinkInvitation, user: User, now: dt.datetime | None = None) -> None:
    """Raises InvitationRefused, with a message for `user`, unless they may accept this invitation now."""
    now = now or timezone.now()
    inviter_name = invitation.inviter.name
    link_invitation_check_open(invitation=invitation, now=now)
    if invitation.email not in user_addresses(user=user):
        raise InvitationRefused(
            f"This invitation was sent to {invitation.email}, but you are signed in as {user.email}. "
            f"Log out and sign in (or sign up) with {invitation.email} to accept it."
        )
    _direction, wanted_role = _roles_for(inviter=invitation.inviter)
    if user.role != wanted_role or invitation.direction != _direction:
        if wanted_role == User.Role.RECRUITER:
            message = f"{inviter_name} invited a recruiter, and your account is a candidate's, so it cannot link."
        else:
            message = f"{inviter_name} invited a candidate, and your account is a recruiter's, so it cannot link."
        raise InvitationRefused(message)


def link_invitation_accept(*, invitation: LinkInvitation, user: User, now: dt.datetime | None = None) -> RecruiterLink:
    """Accepts the invitation as `user` and makes the link active (creating it, or re-opening a revoked one).

    Raises InvitationRefused, changing nothing, when the invitation is used, expired, withdrawn, addressed to
    someone else, or the roles do not match.
    """
    now = now or timezone.now()
    link_invitation_check(invitation=invitation, user=user, now=now)
    inviter = invitation.inviter
    candidate, recruiter = (user, inviter) if inviter.is_recruiter else (inviter, user)
    with transaction.atomic():
        # The claim: only the request that flips the row from pending goes on. Two tabs (or a double click)
        # accepting at once both pass the check above; exactly one of them changes a row here.
        claimed = LinkInvitation.objects.filter(
            pk=invitation.pk, status=LinkInvitation.Status.PENDING, expires_at__gt=now
        ).update(status=LinkInvitation.Status.ACCEPTED, accepted_at=now, accepted_by=user)
        if claimed != 1:
            raise InvitationRefused(
                "This invitation has already been used. Each invitation link works only once.", status=410
            )
        link, created = RecruiterLink.objects.select_for_update().get_or_create(
            candidate=candidate,
            recruiter=recruiter,
            defaults={
                "status": RecruiterLink.Status.ACTIVE,
                "invited_by": inviter,
                "created_at": now,
                "accepted_at": now,
            },
        )
        if not created and link.status != RecruiterLink.Status.ACTIVE:
            link.status = RecruiterLink.Status.ACTIVE
            link.invited_by = inviter
            link.accepted_at = now
            link.revoked_at = None
            link.save(update_fields=["status", "invited_by", "accepted_at", "revoked_at"])
        _close_pending_between(candidate=candidate, recruiter=recruiter, now=now)
    invitation.refresh_from_db()
    return link


def link_invitation_decline(*, invitation: LinkInvitation, user: User, now: dt.datetime | None = None) -> bool:
    """The invited person says no; returns whether this call closed it (False if it was no longer open)."""
    now = now or timezone.now()
    if invitation.email not in user_addresses(user=user):
        raise InvitationRefused("This invitation was sent to another address.")
    return bool(
        LinkInvitation.objects.filter(
            pk=invitation.pk, status=LinkInvitation.Status.PENDING, expires_at__gt=now
        ).update(status=LinkInvitation.Status.DECLINED, closed_at=now)
    )


def link_invitation_cancel(*, invitation: LinkInvitation, user: User, now: dt.datetime | None = None) -> bool:
    """The inviter withdraws an open invitation; returns whether this call closed it."""
    now = now or timezone.now()
    if invitation.inviter_id != user.pk:
        raise InvitationRefused("Only the person who sent an invitation can withdraw it.")
    return bool(
        LinkInvitation.objects.filter(pk=invitation.pk, status=LinkInvitation.Status.PENDING).update(
            status=LinkInvitation.Status.CANCELLED, closed_at=now
        )
    )


def recruiter_link_end(*, link: RecruiterLink, user: User, now: dt.datetime | None = None) -> bool:
    """Ends an active link, from either side; returns whether this call ended it.

    Access is checked through accounts.selectors.linked_candidate_ids on every request, so the recruiter loses
    sight of the candidate's debriefs on their very next request. Open invitations between the two are cancelled
    too, so none of them can bring the link back without a fresh, deliberate invitation.
    """
    now = now or timezone.now()
    if user.pk not in {link.candidate_id, link.recruiter_id}:
        raise InvitationRefused("This link is not yours to end.")
    with transaction.atomic():
        ended = RecruiterLink.objects.filter(pk=link.pk, status=RecruiterLink.Status.ACTIVE).update(
            status=RecruiterLink.Status.REVOKED, revoked_at=now
        )
        _close_pending_between(candidate=link.candidate, recruiter=link.recruiter, now=now)
    link.refresh_from_db()
    if ended and user.pk == link.candidate_id:
        # Only the conditional UPDATE's winner gets here, so a double click tells the recruiter once.
        email_send(link_ended_message(link=link, expired=False), what="link revoked", pk=link.pk)
    return bool(ended)


# How far ahead a candidate may set a link's expiry: far enough for any search, near enough to bound the date.
CONSENT_EXPIRY_MAX = dt.timedelta(days=2 * 366)


def consent_expires_at(*, on: dt.date | None, candidate: User) -> dt.datetime | None:
    """A link shared "until" a day ends at the end of that day on the candidate's own clock (their zone, as the
    page shows the date), stored in UTC."""
    if on is None:
        return None
    next_day = dt.datetime.combine(on + dt.timedelta(days=1), dt.time(), tzinfo=candidate.zone)
    return next_day.astimezone(dt.UTC)


def recruiter_link_consent_set(
    *, link: RecruiterLink, user: User, scope: str, expires_on: dt.date | None, now: dt.datetime | None = None
) -> RecruiterLink:
    """The candidate chooses what this recruiter sees (the summary or the full debriefs) and until when. Takes
    effect on the recruiter's next request (accounts.selectors.links_granting reads the row every time). Raises
    ValidationError, keyed by field, and changes nothing, for a scope not offered or a day not ahead."""
    now = now or timezone.now()
    if user.pk != link.candidate_id:
        raise InvitationRefused("Only the candidate chooses what a link shares.")
    if link.status != RecruiterLink.Status.ACTIVE:
        raise ValidationError("This link has ended. Invite the recruiter again to share anything.")
    if scope not in RecruiterLink.Scope.values:
        raise ValidationError({"scope": "Choose the summary or the full debriefs."})
    today = now.astimezone(user.zone).date()
    if expires_on is not None and expires_on < today:
        raise ValidationError(
            {"expires_on": "Choose today or a day ahead, or leave it empty to share until you end it."}
        )
    if expires_on is not None and expires_on > (now + CONSENT_EXPIRY_MAX).date():
        raise ValidationError({"expires_on": "Choose a day within the next two years."})
    link.scope = scope
    link.expires_at = consent_expires_at(on=expires_on, candidate=user)
    link.expiry_notified_at = None  # a new expiry is a new one to tell the recruiter about
    link.save(update_fields=["scope", "expires_at", "expiry_notified_at"])
    return link


def links_expire(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Ends every active link whose expiry has passed and emails its recruiter, each exactly once; returns how many.
    Run by beat (accounts.tasks); access itself ended at the expiry (links_granting), whenever this runs.

    The claim is the conditional UPDATE: two runs at once both read a link, and only the one whose UPDATE still
    finds it active and not yet notified sends the email."""
    now = now or timezone.now()
    due = RecruiterLink.objects.filter(
        status=RecruiterLink.Status.ACTIVE,
        expires_at__isnull=False,
        expires_at__lte=now,
        expiry_notified_at__isnull=True,
    ).order_by("expires_at", "pk")[:limit]
    ended = 0
    for link in due.select_related("candidate", "recruiter"):
        claimed = RecruiterLink.objects.filter(
            pk=link.pk, status=RecruiterLink.Status.ACTIVE, expiry_notified_at__isnull=True
        ).update(status=RecruiterLink.Status.REVOKED, revoked_at=link.expires_at, expiry_notified_at=now)
        if claimed != 1:
            continue
        ended += 1
        email_send(link_ended_message(link=link, expired=True), what="link expired", pk=link.pk)
    return ended


def access_record(
    *, viewer: User, candidate_id: int, object_kind: str, object_id: int, what: str, now: dt.datetime | None = None
) -> None:
    """Writes one line of the candidate's access log (one INSERT per page view; list pages write none)."""
    AccessLogEntry.objects.create(
        viewer=viewer,
        candidate_id=candidate_id,
        object_kind=object_kind,
        object_id=object_id,
        what=what[:200],
        viewed_at=now or timezone.now(),
    )


def access_record_daily(
    *,
    viewer: User,
    candidate_ids,
    object_kind: str,
    what: str,
    already: set[int] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """One line of each candidate's access log for a page that showed many of them at once, unless this viewer has
    one of this kind for them within the day (accounts.selectors.ACCESS_LOG_DAILY). `already`: the candidates the
    caller found logged with its own read (access_logged_recently), so it costs no query here; else read here."""
    now = now or timezone.now()
    ids = set(candidate_ids)
    if already is None and ids:
        logged = access_logged_recently(viewer=viewer, object_kind=object_kind, now=now).filter(candidate_id__in=ids)
        already = set(logged.values_list("candidate_id", flat=True))
    new = sorted(ids - (already or set()))
    if new:
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(
                viewer=viewer, candidate_id=pk, object_kind=object_kind, object_id=pk, what=what, viewed_at=now
            )
            for pk in new
        )
