import datetime as dt

from allauth.account.models import EmailAddress
from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import AccessLogEntry, LinkInvitation, RecruiterLink, User

# Shared with accounts.services.link_invitation_token: a token signed for anything else never opens an invitation.
INVITATION_TOKEN_SALT = "accounts.link-invitation"


def settings_of(model: type[Model], *, user: User) -> Model:
    """A row kept once per user of their choices (reminder kinds, recruiter emails, offer weights): theirs, or an
    unsaved one with the defaults until they change one, so reading never writes. Read through the user's reverse
    relation, so a row loaded with select_related (the sweep reads its owners' so) costs no query. The services that
    change a choice make the row (get_or_create)."""
    accessor = model._meta.get_field("user").remote_field.get_accessor_name()
    try:
        return getattr(user, accessor)
    except model.DoesNotExist:
        return model(user_id=user.pk)  # by id: the user's cached relation stays "no row"


def links_granting(*, recruiter: User, full: bool = False, now: dt.datetime | None = None) -> QuerySet:
    """The consent rule, in one place: the links through which this recruiter may see a candidate now (active and
    not past their expiry) and, with `full`, only those that share the full debriefs. A subquery, evaluated per
    request, so a revoked, expired or narrowed link takes effect on the recruiter's very next request, before
    accounts.services.links_expire has even noticed an expiry."""
    links = _live(RecruiterLink.objects.filter(recruiter=recruiter), now=now)
    return links.filter(scope=RecruiterLink.Scope.FULL) if full else links


def links_live(*, now: dt.datetime | None = None) -> QuerySet[RecruiterLink]:
    """Every link that grants access now (for a subquery that names its candidate and recruiter itself)."""
    return _live(RecruiterLink.objects.all(), now=now)


def _live(links: QuerySet[RecruiterLink], *, now: dt.datetime | None) -> QuerySet[RecruiterLink]:
    now = now or timezone.now()
    return links.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), status=RecruiterLink.Status.ACTIVE)


def linked_candidate_ids(*, recruiter: User, full: bool = False, now: dt.datetime | None = None) -> QuerySet:
    """Ids of the candidates this recruiter may see now (links_granting); `full`: only those sharing full debriefs."""
    return links_granting(recruiter=recruiter, full=full, now=now).values("candidate_id")


def access_log_of(*, candidate: User) -> QuerySet[AccessLogEntry]:
    """Who looked at what of this candidate's, newest first (the links page pages through it)."""
    return AccessLogEntry.objects.filter(candidate=candidate).select_related("viewer").order_by("-viewed_at", "-pk")


# A page that shows many candidates at once (the desk, the recruiter's calendar feed) is logged at most once a day
# per recruiter, candidate and kind: a calendar app fetches the feed every few minutes, a recruiter opens the desk
# all day, and a line per load would bury the views that matter.
ACCESS_LOG_DAILY = dt.timedelta(days=1)


def access_logged_recently(*, viewer: User, object_kind: str, now: dt.datetime | None = None) -> QuerySet:
    """This viewer's log lines of this kind within the last ACCESS_LOG_DAILY (for an Exists per candidate)."""
    since = (now or timezone.now()) - ACCESS_LOG_DAILY
    return AccessLogEntry.objects.filter(viewer=viewer, object_kind=object_kind, viewed_at__gt=since)


def linked_recruiters(*, candidate: User, now: dt.datetime | None = None) -> QuerySet[User]:
    live = _live(RecruiterLink.objects.filter(candidate=candidate), now=now)
    return User.objects.filter(pk__in=live.values("recruiter_id")).order_by("display_name", "email")


def user_addresses(*, user: User) -> list[str]:
    """Every address this account has proven it owns (the login address and allauth's verified ones), lowercased."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({user.email.lower(), *(address.lower() for address in verified)})


def user_by_address(*, email: str) -> User | None:
    """The account that owns this address, by its login address or a verified secondary one."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    address = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
    return address.user if address is not None else None


def links_of(*, user: User) -> QuerySet[RecruiterLink]:
    """The links this user is a party to, either side; the scope for every link page and action."""
    return (
        RecruiterLink.objects.filter(Q(candidate=user) | Q(recruiter=user))
        .select_related("candidate", "recruiter")
        .order_by("-accepted_at", "-created_at")
    )


def link_invitations_by(*, user: User) -> QuerySet[LinkInvitation]:
    """Every invitation this user sent, in whatever state: the scope for withdrawing one."""
    return LinkInvitation.objects.filter(inviter=user)


def link_invitations_sent(*, user: User, now: dt.datetime | None = None) -> QuerySet[LinkInvitation]:
    """This user's invitations still open (pending and not expired), newest first."""
    now = now or timezone.now()
    return LinkInvitation.objects.filter(
        inviter=user, status=LinkInvitation.Status.PENDING, expires_at__gt=now
    ).order_by("-created_at")


def link_invitations_received(*, user: User, now: dt.datetime | None = None) -> QuerySet[LinkInvitation]:
    """Open invitations addressed to any address this user owns (stored lowercased, so `in` can use the index)."""
    now = now or timezone.now()
    return (
        LinkInvitation.objects.filter(
            email__in=user_addresses(user=user), status=LinkInvitation.Status.PENDING, expires_at__gt=now
        )
        .exclude(inviter=user)
        .select_related("inviter")
        .order_by("-created_at")
    )


def link_invitation_from_token(*, token: str) -> LinkInvitation | None:
    """The invitation an emailed token names, or None when the token is altered, truncated or its nonce is stale."""
    try:
        data = signing.loads(token, salt=INVITATION_TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("n"), str):
        return None
    invitation = LinkInvitation.objects.select_related("inviter").filter(pk=data["i"]).first()
    if invitation is None or not constant_time_compare(invitation.nonce, data["n"]):
        return None
    return invitation
