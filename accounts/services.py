from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


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
