"""Deleting the account: password confirmation, every row of the user gone, everyone else's untouched."""

import pytest
from django.apps import apps

from accounts import data
from accounts.models import LinkInvitation, RecruiterLink, User
from tests.world import fill_account

DELETE = "/me/data/delete/"


def _every_count():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(owner, owner_client):
    fill_account(owner)
    before = _every_count()
    response = owner_client.post(DELETE, {"password": "not-it"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    assert _every_count() == before


@pytest.mark.django_db
def test_delete_removes_every_row_of_the_user_and_only_theirs(owner, other_candidate, recruiter, client, password):
    fill_account(owner)
    fill_account(other_candidate, tag="o")
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    RecruiterLink.objects.create(candidate=other_candidate, recruiter=recruiter, invited_by=recruiter, status="active")
    client.force_login(owner)
    owners = data.user_row_counts(user=owner)
    others = data.user_row_counts(user=other_candidate)
    before = _every_count()

    response = client.post(DELETE, {"password": password}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "everything in it are deleted" in response.content.decode()
    after = _every_count()
    assert not User.objects.filter(pk=owner.pk).exists()
    for table in data.user_tables():
        label = table.model._meta.label
        assert after[label] == before[label] - owners[table.label], label
    assert data.user_row_counts(user=other_candidate) == others
    # Rows elsewhere that point at the user went with them (sessions end on logout).
    assert after["accounts.User"] == before["accounts.User"] - 1
    assert after["account.EmailAddress"] == before["account.EmailAddress"] - 1
    assert not LinkInvitation.objects.filter(inviter_id=owner.pk).exists()
    assert sum(owners.values()) > 20


@pytest.mark.django_db
def test_delete_page_needs_login(client):
    assert client.get(DELETE).status_code == 302
