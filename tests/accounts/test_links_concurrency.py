"""Two requests at the same moment on PostgreSQL: one accept wins, one invitation per address, the limit holds."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import LinkInvitation, RecruiterLink, User
from accounts.services import INVITATIONS_PER_HOUR, InvitationRefused, link_invitation_accept, link_invitation_create
from tests.processes import run_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent connections (CI runs it on PostgreSQL)")


def test_two_simultaneous_accepts_link_once(owner, recruiter):
    invitation, _ = link_invitation_create(inviter=owner, email=recruiter.email)

    def accept():
        fresh = LinkInvitation.objects.select_related("inviter").get(pk=invitation.pk)
        return link_invitation_accept(invitation=fresh, user=User.objects.get(pk=recruiter.pk))

    results, errors = run_together(accept, accept)
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvitationRefused), errors
    assert RecruiterLink.objects.get().status == RecruiterLink.Status.ACTIVE
    assert LinkInvitation.objects.get().status == LinkInvitation.Status.ACCEPTED


def test_two_simultaneous_invitations_to_one_address_make_one_row(owner):
    def send():
        return link_invitation_create(inviter=User.objects.get(pk=owner.pk), email="recruiter@example.com")

    results, errors = run_together(send, send)
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), errors
    assert LinkInvitation.objects.count() == 1


def test_simultaneous_invitations_cannot_overrun_the_hourly_limit(owner):
    now = timezone.now()
    for n in range(INVITATIONS_PER_HOUR - 1):
        link_invitation_create(inviter=owner, email=f"r{n}@example.com", now=now - dt.timedelta(minutes=30))

    def send(n):
        return lambda: link_invitation_create(inviter=User.objects.get(pk=owner.pk), email=f"late{n}@example.com")

    results, errors = run_together(*(send(n) for n in range(4)))
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(error, ValidationError) for error in errors), errors
    assert LinkInvitation.objects.count() == INVITATIONS_PER_HOUR
