"""The links page, the emailed accept page and the one-click actions, as each kind of user sees them."""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import LinkInvitation, RecruiterLink
from accounts.services import (
    INVITATIONS_PER_HOUR,
    link_invitation_accept,
    link_invitation_create,
    link_invitation_token,
)
from interviews.selectors import interviews_visible_to
from tests.factories import InterviewFactory

LINKS = "/me/links/"


def accept_path(message) -> str:
    match = re.search(r"http://testserver(/me/links/accept/[^/\s\"]+/)", message.body)
    assert match, message.body
    return match.group(1)


def client_for(client, user):
    client.force_login(user)
    return client


def counts() -> tuple[int, int, int, int]:
    return (
        LinkInvitation.objects.count(),
        LinkInvitation.objects.filter(status=LinkInvitation.Status.PENDING).count(),
        RecruiterLink.objects.count(),
        RecruiterLink.objects.filter(status=RecruiterLink.Status.ACTIVE).count(),
    )


@pytest.fixture
def active_link(owner, recruiter):
    invitation, _ = link_invitation_create(inviter=owner, email=recruiter.email)
    mail.outbox.clear()
    return link_invitation_accept(invitation=invitation, user=recruiter)


# --- The links page ------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(LINKS)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/links/")


def test_candidate_invites_a_recruiter_from_the_links_page(owner_client, recruiter):
    response = owner_client.post(LINKS, {"email": "recruiter@example.com"}, follow=True)
    assert response.redirect_chain[-1][0] == LINKS
    assert "Invitation sent to recruiter@example.com" in response.text
    assert len(mail.outbox) == 1
    assert LinkInvitation.objects.get().inviter.email == "owner@example.com"
    assert "recruiter@example.com" in response.text  # listed under the invitations sent


def test_recruiter_sees_the_received_invitation_and_the_candidate_field_label(client, owner, recruiter):
    link_invitation_create(inviter=owner, email=recruiter.email)
    response = client_for(client, recruiter).get(LINKS)
    assert response.status_code == 200
    assert "Invite a candidate" in response.text
    assert "Candidate&#x27;s email address" in response.text
    assert 'data-testid="received-invitations"' in response.text
    assert "Olivia Owner" in response.text


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an address", "Enter a whole email address"),
        ("owner@example.com", "That is your own address"),
        ("other@example.com", "You can link only with recruiters"),
    ],
)
def test_bad_input_gets_a_field_error_and_no_row(owner_client, other_candidate, email, message):
    response = owner_client.post(LINKS, {"email": email})
    assert response.status_code == 200
    assert message in response.text
    assert "is-invalid" in response.text, "the error sits next to the field"
    assert f'value="{email}"' in response.text, "what was typed is kept"
    assert not LinkInvitation.objects.exists()
    assert mail.outbox == []


def test_already_linked_and_duplicate_invitations_get_field_errors(
    owner_client, recruiter, unlinked_recruiter, active_link
):
    response = owner_client.post(LINKS, {"email": recruiter.email})
    assert "You are already linked with Rita Recruiter." in response.text
    owner_client.post(LINKS, {"email": unlinked_recruiter.email})
    response = owner_client.post(LINKS, {"email": unlinked_recruiter.email.upper()})
    assert "already invited this address" in response.text
    assert LinkInvitation.objects.filter(email=unlinked_recruiter.email).count() == 1


def test_fifty_invitations_in_a_minute_are_cut_off_with_a_message(owner_client):
    statuses = []
    for n in range(50):
        response = owner_client.post(LINKS, {"email": f"recruiter{n}@example.com"})
        statuses.append(response.status_code)
    assert statuses[:INVITATIONS_PER_HOUR] == [302] * INVITATIONS_PER_HOUR
    assert set(statuses[INVITATIONS_PER_HOUR:]) == {200}
    assert "10 invitations in the last hour" in response.text
    assert LinkInvitation.objects.count() == INVITATIONS_PER_HOUR
    assert len(mail.outbox) == INVITATIONS_PER_HOUR


def test_both_sides_see_an_active_link_and_then_a_revoked_one(client, owner, recruiter, active_link):
    for user in (owner, recruiter):
        response = client_for(client, user).get(LINKS)
        assert 'data-testid="active-links"' in response.text
        assert f'data-testid="link-{active_link.pk}"' in response.text
        assert "Active" in response.text
    client_for(client, owner).post(reverse("accounts:link_end", kwargs={"pk": active_link.pk}))
    response = client_for(client, recruiter).get(LINKS)
    assert 'data-testid="ended-links"' in response.text
    assert "Revoked" in response.text
    assert 'data-testid="no-active-links"' in response.text


# --- One-click actions ----------------------------------------------------------------------------------------------


def test_candidate_revokes_in_one_post_and_the_recruiter_loses_access_on_the_next_call(
    client, owner, recruiter, active_link
):
    InterviewFactory(opportunity__company__owner=owner)
    assert interviews_visible_to(user=recruiter).count() == 1
    response = client_for(client, owner).post(reverse("accounts:link_end", kwargs={"pk": active_link.pk}))
    assert response.status_code == 302
    assert not interviews_visible_to(user=recruiter).exists()
    active_link.refresh_from_db()
    assert active_link.status == RecruiterLink.Status.REVOKED


def test_recruiter_can_end_the_link_too(client, recruiter, active_link):
    response = client_for(client, recruiter).post(
        reverse("accounts:link_end", kwargs={"pk": active_link.pk}), follow=True
    )
    assert "Your link with Olivia Owner has ended." in response.text
    active_link.refresh_from_db()
    assert active_link.status == RecruiterLink.Status.REVOKED


def post_only_urls(link, invitation):
    return [
        reverse("accounts:link_end", kwargs={"pk": link.pk}),
        reverse("accounts:link_invitation_cancel", kwargs={"pk": invitation.pk}),
        reverse("accounts:link_invitation_decline", kwargs={"pk": invitation.pk}),
    ]


@pytest.fixture
def open_invitation(owner, unlinked_recruiter):
    invitation, _ = link_invitation_create(inviter=owner, email=unlinked_recruiter.email)
    return invitation


def test_post_only_actions_refuse_get_and_change_nothing(
    client, owner, unlinked_recruiter, active_link, open_invitation
):
    before = counts()
    for user in (owner, unlinked_recruiter):
        for url in post_only_urls(active_link, open_invitation):
            assert client_for(client, user).get(url).status_code == 405
    assert counts() == before


def test_anonymous_actions_go_to_login_and_change_nothing(client, active_link, open_invitation):
    before = counts()
    for url in post_only_urls(active_link, open_invitation):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert counts() == before


def test_outsiders_get_404_on_someone_elses_link_and_invitation(
    client, other_candidate, unlinked_recruiter, recruiter, active_link, open_invitation
):
    before = counts()
    for outsider in (other_candidate, unlinked_recruiter):
        c = client_for(client, outsider)
        assert c.post(reverse("accounts:link_end", kwargs={"pk": active_link.pk})).status_code == 404
        text = c.get(LINKS).text
        assert f'data-testid="link-{active_link.pk}"' not in text
        assert "recruiter@example.com" not in text
    for user in (other_candidate, recruiter):
        c = client_for(client, user)
        # Only the inviter may withdraw, only the invited address may decline.
        assert c.post(reverse("accounts:link_invitation_cancel", kwargs={"pk": open_invitation.pk})).status_code == 404
        assert c.post(reverse("accounts:link_invitation_decline", kwargs={"pk": open_invitation.pk})).status_code == 404
    assert counts() == before


def test_the_invited_person_declines_and_the_inviter_withdraws(client, owner, unlinked_recruiter, open_invitation):
    client_for(client, unlinked_recruiter).post(
        reverse("accounts:link_invitation_decline", kwargs={"pk": open_invitation.pk})
    )
    open_invitation.refresh_from_db()
    assert open_invitation.status == LinkInvitation.Status.DECLINED
    again, _ = link_invitation_create(inviter=owner, email=unlinked_recruiter.email)
    client_for(client, owner).post(reverse("accounts:link_invitation_cancel", kwargs={"pk": again.pk}))
    again.refresh_from_db()
    assert again.status == LinkInvitation.Status.CANCELLED
    assert not RecruiterLink.objects.exists()


# --- The emailed accept page --------------------------------------------------------------------------------------


def test_logged_out_visitor_is_offered_login_and_signup_coming_back_here(client, owner):
    link_invitation_create(inviter=owner, email="new.recruiter@example.com")
    path = accept_path(mail.outbox[0])
    response = client.get(path)
    assert response.status_code == 200
    assert f'href="/accounts/login/?{urlencode({"next": path})}"' in response.text
    assert "/accounts/signup/?next=" in response.text
    assert "email=new.recruiter%40example.com" in response.text
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not RecruiterLink.objects.exists()


def test_get_shows_the_invitation_and_changes_nothing(client, owner, recruiter):
    link_invitation_create(inviter=owner, email=recruiter.email)
    path = accept_path(mail.outbox[0])
    before = counts()
    response = client_for(client, recruiter).get(path)
    assert response.status_code == 200
    assert "Accept and link" in response.text
    assert counts() == before


def test_accepting_links_both_sides(client, owner, recruiter):
    InterviewFactory(opportunity__company__owner=owner)
    link_invitation_create(inviter=owner, email=recruiter.email)
    response = client_for(client, recruiter).post(accept_path(mail.outbox[0]), follow=True)
    assert response.redirect_chain[-1][0] == LINKS
    assert "You are now linked with Olivia Owner." in response.text
    link = RecruiterLink.objects.get()
    assert (link.candidate, link.recruiter, link.status) == (owner, recruiter, RecruiterLink.Status.ACTIVE)
    assert interviews_visible_to(user=recruiter).count() == 1


def test_a_reused_link_is_refused_with_a_message(client, owner, recruiter, active_link):
    # active_link used the first invitation; revoke, then try the old email link again.
    client_for(client, owner).post(reverse("accounts:link_end", kwargs={"pk": active_link.pk}))
    link_invitation_create(inviter=owner, email=recruiter.email)
    path = accept_path(mail.outbox[-1])  # (the first one tells the recruiter the link ended)
    c = client_for(client, recruiter)
    assert c.post(path).status_code == 302
    client_for(client, owner).post(reverse("accounts:link_end", kwargs={"pk": active_link.pk}))
    response = client_for(client, recruiter).post(path)
    assert response.status_code == 410
    assert "already been used" in response.text
    active_link.refresh_from_db()
    assert active_link.status == RecruiterLink.Status.REVOKED


def test_an_expired_link_is_refused_with_a_message(client, owner, recruiter):
    link_invitation_create(inviter=owner, email=recruiter.email)
    path = accept_path(mail.outbox[0])
    c = client_for(client, recruiter)
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert "has expired" in c.get(path).text
        response = c.post(path)
    assert response.status_code == 410
    assert "has expired. Ask Olivia Owner to send you a new one." in response.text
    assert not RecruiterLink.objects.exists()


def test_an_altered_link_is_refused_with_a_message(client, owner, recruiter):
    link_invitation_create(inviter=owner, email=recruiter.email)
    path = accept_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    altered = path.replace(token, token[:-2] + ("xy" if not token.endswith("xy") else "yz"))
    c = client_for(client, recruiter)
    for method in (c.get, c.post):
        response = method(altered)
        assert response.status_code == 404
        assert "This invitation link is not valid" in response.text
    assert client.get(altered).status_code == 404
    assert not RecruiterLink.objects.exists()


def test_the_wrong_account_is_refused_with_a_message_and_nothing_is_linked(
    client, owner, recruiter, unlinked_recruiter
):
    link_invitation_create(inviter=owner, email=recruiter.email)
    path = accept_path(mail.outbox[0])
    c = client_for(client, unlinked_recruiter)
    for method in (c.get, c.post):
        response = method(path)
        assert response.status_code == 403
        assert "This invitation was sent to recruiter@example.com" in response.text
        assert "Accept and link" not in response.text
    assert not RecruiterLink.objects.exists()
    assert LinkInvitation.objects.get().status == LinkInvitation.Status.PENDING


def test_a_candidate_account_cannot_accept_an_invitation_meant_for_a_recruiter(client, owner, other_candidate):
    # The service never invites a candidate's address as a recruiter, so this is an address that became a
    # candidate's account after the invitation went out.
    invitation = LinkInvitation.objects.create(
        inviter=owner,
        email=other_candidate.email,
        direction=LinkInvitation.Direction.CANDIDATE_TO_RECRUITER,
        nonce="nonce-1",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    path = reverse("accounts:link_invitation_accept", kwargs={"token": link_invitation_token(invitation=invitation)})
    response = client_for(client, other_candidate).post(path)
    assert response.status_code == 403
    assert "Olivia Owner invited a recruiter, and your account is a candidate&#x27;s" in response.text
    assert not RecruiterLink.objects.exists()
    assert LinkInvitation.objects.get().status == LinkInvitation.Status.PENDING


def test_the_links_page_runs_a_fixed_number_of_queries(client, owner, django_assert_max_num_queries):
    from tests.conftest import make_user

    for n in range(6):
        # Spread over hours so the owner stays under the hourly invitation limit.
        earlier = timezone.now() - dt.timedelta(hours=13 - 2 * n)
        recruiter = make_user(f"r{n}@example.com", role="recruiter")
        invitation, _ = link_invitation_create(inviter=owner, email=recruiter.email, now=earlier)
        link_invitation_accept(invitation=invitation, user=recruiter)
        if n % 2:
            RecruiterLink.objects.filter(recruiter=recruiter).update(status=RecruiterLink.Status.REVOKED)
        link_invitation_create(inviter=owner, email=f"pending{n}@example.com", now=earlier)
        link_invitation_create(inviter=recruiter, email=f"someone{n}@example.com")
    c = client_for(client, owner)
    with django_assert_max_num_queries(8):
        response = c.get(LINKS)
    assert response.text.count("Yes, revoke access") == 3
    assert response.text.count("Withdraw") == 6


def test_admin_lists_and_shows_invitations_and_links(client, settings, owner, recruiter, active_link):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(email="admin@example.com", password="x-admin-password-1")
    client.force_login(admin)
    invitation = LinkInvitation.objects.get()
    base = f"/{settings.ADMIN_URL}accounts/"
    for url in (
        f"{base}linkinvitation/",
        f"{base}linkinvitation/{invitation.pk}/change/",
        f"{base}recruiterlink/",
        f"{base}recruiterlink/{active_link.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert invitation.nonce not in response.text
    assert client.get(f"{base}linkinvitation/add/").status_code == 403


@pytest.mark.parametrize("state", ["accepted", "cancelled", "declined", "expired", "past its date"])
def test_a_dead_invitation_says_so_before_login_and_offers_no_sign_up(client, owner, recruiter, state):
    invitation, _ = link_invitation_create(inviter=owner, email="new.recruiter@example.com")
    path = accept_path(mail.outbox[0])
    when = timezone.now()
    if state == "accepted":
        LinkInvitation.objects.filter(pk=invitation.pk).update(status=state, accepted_at=when, accepted_by=recruiter)
    elif state == "past its date":
        when += dt.timedelta(days=8)
    else:
        LinkInvitation.objects.filter(pk=invitation.pk).update(status=state, closed_at=when)
    with time_machine.travel(when + dt.timedelta(minutes=1)):
        response = client.get(path)
    assert response.status_code == 410
    assert 'data-testid="refusal"' in response.text
    assert "Log in to accept" not in response.text and "/accounts/signup/?next=" not in response.text
