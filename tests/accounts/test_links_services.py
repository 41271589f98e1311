"""Linking by consent: the services and selectors behind invitations, accepting and ending links."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import LinkInvitation, RecruiterLink, User
from accounts.selectors import link_invitation_from_token, link_invitations_received, link_invitations_sent, links_of
from accounts.services import (
    INVITATIONS_PER_DAY,
    INVITATIONS_PER_HOUR,
    InvitationRefused,
    link_invitation_accept,
    link_invitation_cancel,
    link_invitation_create,
    link_invitation_decline,
    recruiter_link_end,
)
from interviews.selectors import interviews_visible_to
from tests.conftest import make_user
from tests.factories import InterviewFactory

TOKEN_IN_MAIL = re.compile(r"/me/links/accept/([^/\s\"]+)/")


def token_from_mail(message) -> str:
    match = TOKEN_IN_MAIL.search(message.body)
    assert match, message.body
    return match.group(1)


def invite(inviter, email, **kwargs) -> LinkInvitation:
    invitation, emailed = link_invitation_create(inviter=inviter, email=email, **kwargs)
    assert emailed
    return invitation


def field_errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Inviting --------------------------------------------------------------------------------------------------


def test_candidate_invites_recruiter_by_email(owner, recruiter):
    invitation = invite(owner, "  Recruiter@Example.com ")
    assert invitation.email == "recruiter@example.com"
    assert invitation.direction == LinkInvitation.Direction.CANDIDATE_TO_RECRUITER
    assert invitation.status == LinkInvitation.Status.PENDING
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["recruiter@example.com"]
    assert message.reply_to == ["owner@example.com"]
    assert message.subject == "[Debrief] Olivia Owner invited you to link on Debrief"
    assert "http://testserver/me/links/accept/" in message.body
    assert link_invitation_from_token(token=token_from_mail(message)) == invitation
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://testserver/me/links/accept/' in html
    assert not RecruiterLink.objects.exists(), "an invitation alone grants nothing"


def test_recruiter_invites_candidate_with_no_account_yet(recruiter):
    invitation = invite(recruiter, "new.candidate@example.com")
    assert invitation.direction == LinkInvitation.Direction.RECRUITER_TO_CANDIDATE
    assert mail.outbox[0].to == ["new.candidate@example.com"]


def test_names_cannot_inject_headers_and_html_is_escaped(db):
    inviter = make_user("evil@example.com", name="Eve\r\nBcc: victim@example.com <b>bold</b>")
    invite(inviter, "someone@example.com")
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == []
    headers = message.message()
    assert headers["Bcc"] is None
    assert message.subject == "[Debrief] Eve Bcc: victim@example.com <b>bold</b> invited you to link on Debrief"
    html = message.alternatives[0][0]
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" in message.body, "the text body is not HTML and keeps the name as typed"


def test_malformed_address_is_refused(owner):
    with pytest.raises(ValidationError) as excinfo:
        link_invitation_create(inviter=owner, email="not-an-address")
    assert "email" in field_errors(excinfo)
    assert not LinkInvitation.objects.exists()
    assert mail.outbox == []


def test_inviting_oneself_is_refused(owner):
    with pytest.raises(ValidationError) as excinfo:
        link_invitation_create(inviter=owner, email="OWNER@example.com")
    assert "your own address" in field_errors(excinfo)["email"][0]
    assert not LinkInvitation.objects.exists()


@pytest.mark.parametrize(
    ("inviter_fixture", "invitee_fixture", "expected"),
    [("owner", "other_candidate", "candidate's account"), ("recruiter", "unlinked_recruiter", "recruiter's account")],
)
def test_role_mismatch_is_refused(request, inviter_fixture, invitee_fixture, expected):
    inviter = request.getfixturevalue(inviter_fixture)
    invitee = request.getfixturevalue(invitee_fixture)
    with pytest.raises(ValidationError) as excinfo:
        link_invitation_create(inviter=inviter, email=invitee.email)
    assert expected in field_errors(excinfo)["email"][0]
    assert not LinkInvitation.objects.exists()
    assert mail.outbox == []


def test_already_linked_address_is_refused(owner, recruiter):
    RecruiterLink.objects.create(
        candidate=owner, recruiter=recruiter, invited_by=owner, status=RecruiterLink.Status.ACTIVE
    )
    for inviter, email in [(owner, recruiter.email), (recruiter, owner.email)]:
        with pytest.raises(ValidationError) as excinfo:
            link_invitation_create(inviter=inviter, email=email)
        assert "already linked" in field_errors(excinfo)["email"][0]
    assert not LinkInvitation.objects.exists()


def test_pending_duplicate_is_refused_without_a_second_row(owner, recruiter):
    invite(owner, recruiter.email)
    with pytest.raises(ValidationError) as excinfo:
        link_invitation_create(inviter=owner, email="Recruiter@Example.com")
    assert "already invited" in field_errors(excinfo)["email"][0]
    assert LinkInvitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_expired_invitation_does_not_block_a_new_one(owner, recruiter):
    first = invite(owner, recruiter.email)
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        second = invite(owner, recruiter.email)
    first.refresh_from_db()
    assert first.status == LinkInvitation.Status.EXPIRED
    assert second.status == LinkInvitation.Status.PENDING


def test_rate_limit_refuses_the_eleventh_invitation_in_an_hour(owner):
    start = timezone.now()
    for n in range(INVITATIONS_PER_HOUR):
        invite(owner, f"r{n}@example.com", now=start + dt.timedelta(seconds=n))
    with pytest.raises(ValidationError) as excinfo:
        link_invitation_create(inviter=owner, email="one-more@example.com", now=start + dt.timedelta(minutes=1))
    assert "last hour" in excinfo.value.messages[0]
    assert LinkInvitation.objects.count() == INVITATIONS_PER_HOUR
    assert len(mail.outbox) == INVITATIONS_PER_HOUR
    # An hour later the hourly budget is back.
    invite(owner, "later@example.com", now=start + dt.timedelta(minutes=61))


def test_rate_limit_caps_a_day(owner):
    start = timezone.now()
    for n in range(INVITATIONS_PER_DAY):
        invite(owner, f"r{n}@example.com", now=start + dt.timedelta(minutes=7 * n))
    with pytest.raises(ValidationError) as excinfo:
        link_invitation_create(inviter=owner, email="one-more@example.com", now=start + dt.timedelta(minutes=7 * 50))
    assert "today" in excinfo.value.messages[0]
    assert LinkInvitation.objects.count() == INVITATIONS_PER_DAY


def test_a_failing_mail_server_keeps_the_invitation_and_says_so(owner, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no SMTP here")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    invitation, emailed = link_invitation_create(inviter=owner, email="recruiter@example.com")
    assert emailed is False
    assert invitation.status == LinkInvitation.Status.PENDING


# --- Accepting ---------------------------------------------------------------------------------------------------


def test_recruiter_accepts_and_sees_the_candidates_shared_interviews(owner, recruiter):
    shared = InterviewFactory(opportunity__company__owner=owner)
    InterviewFactory(opportunity__company__owner=owner, is_private=True)
    assert not interviews_visible_to(user=recruiter).exists()

    invitation = invite(owner, recruiter.email)
    found = link_invitation_from_token(token=token_from_mail(mail.outbox[0]))
    assert found == invitation
    link = link_invitation_accept(invitation=found, user=recruiter)

    assert link.status == RecruiterLink.Status.ACTIVE
    assert link.accepted_at is not None
    assert link.invited_by == owner
    invitation.refresh_from_db()
    assert invitation.status == LinkInvitation.Status.ACCEPTED
    assert invitation.accepted_by == recruiter
    assert list(interviews_visible_to(user=recruiter)) == [shared]

    recruiter_link_end(link=link, user=owner)
    assert list(interviews_visible_to(user=recruiter)) == []


def test_candidate_accepts_a_recruiters_invitation(owner, recruiter):
    invitation = invite(recruiter, owner.email)
    link = link_invitation_accept(invitation=invitation, user=owner)
    assert (link.candidate, link.recruiter, link.status) == (owner, recruiter, RecruiterLink.Status.ACTIVE)


def test_a_token_works_only_once(owner, recruiter):
    invitation = invite(owner, recruiter.email)
    token = token_from_mail(mail.outbox[0])
    link_invitation_accept(invitation=link_invitation_from_token(token=token), user=recruiter)
    recruiter_link_end(link=RecruiterLink.objects.get(), user=owner)

    with pytest.raises(InvitationRefused) as excinfo:
        link_invitation_accept(invitation=link_invitation_from_token(token=token), user=recruiter)
    assert "already been used" in excinfo.value.message
    assert RecruiterLink.objects.get().status == RecruiterLink.Status.REVOKED
    invitation.refresh_from_db()
    assert invitation.status == LinkInvitation.Status.ACCEPTED


def test_the_claim_refuses_a_second_accept_racing_with_a_stale_copy(owner, recruiter):
    invitation = invite(owner, recruiter.email)
    stale_copy = LinkInvitation.objects.get(pk=invitation.pk)
    link_invitation_accept(invitation=invitation, user=recruiter)
    # The stale copy still says pending, as it would in a second request that read the row before the first
    # committed; the conditional update is what refuses it.
    assert stale_copy.status == LinkInvitation.Status.PENDING
    with pytest.raises(InvitationRefused):
        link_invitation_accept(invitation=stale_copy, user=recruiter)
    assert RecruiterLink.objects.count() == 1


def test_an_expired_token_is_refused(owner, recruiter):
    invite(owner, recruiter.email)
    token = token_from_mail(mail.outbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        invitation = link_invitation_from_token(token=token)
        with pytest.raises(InvitationRefused) as excinfo:
            link_invitation_accept(invitation=invitation, user=recruiter)
    assert "expired" in excinfo.value.message
    assert not RecruiterLink.objects.exists()


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "x" + token[1:],  # payload changed
        lambda token: token[: len(token) // 2],  # cut short
        lambda token: "garbage",
    ],
)
def test_an_altered_token_opens_nothing(owner, recruiter, alter):
    invite(owner, recruiter.email)
    token = token_from_mail(mail.outbox[0])
    assert link_invitation_from_token(token=alter(token)) is None


def test_a_token_signed_for_another_purpose_or_with_a_stale_nonce_opens_nothing(owner, recruiter):
    from django.core import signing

    invitation = invite(owner, recruiter.email)
    assert link_invitation_from_token(token=signing.dumps({"i": invitation.pk, "n": invitation.nonce})) is None
    assert (
        link_invitation_from_token(
            token=signing.dumps({"i": invitation.pk, "n": "guess"}, salt="accounts.link-invitation")
        )
        is None
    )


def test_the_wrong_account_is_refused_and_nothing_is_linked(owner, recruiter, unlinked_recruiter):
    invitation = invite(owner, recruiter.email)
    with pytest.raises(InvitationRefused) as excinfo:
        link_invitation_accept(invitation=invitation, user=unlinked_recruiter)
    assert "sent to recruiter@example.com" in excinfo.value.message
    assert "stranger.recruiter@example.com" in excinfo.value.message
    assert not RecruiterLink.objects.exists()
    invitation.refresh_from_db()
    assert invitation.status == LinkInvitation.Status.PENDING, "the right person can still accept it"


def test_an_account_of_the_wrong_role_cannot_accept(owner):
    # Invited as a recruiter, but the address signed up as a candidate.
    invitation = invite(owner, "mistaken@example.com")
    mistaken = make_user("mistaken@example.com", role=User.Role.CANDIDATE)
    with pytest.raises(InvitationRefused) as excinfo:
        link_invitation_accept(invitation=invitation, user=mistaken)
    assert "invited a recruiter" in excinfo.value.message
    assert not RecruiterLink.objects.exists()


def test_a_verified_secondary_address_may_accept(owner, recruiter):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=recruiter, email="rita@agency.example", verified=True, primary=False)
    invitation = invite(owner, "rita@agency.example")
    assert link_invitation_accept(invitation=invitation, user=recruiter).status == RecruiterLink.Status.ACTIVE


def test_an_unverified_secondary_address_may_not_accept(owner, recruiter):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=recruiter, email="rita@agency.example", verified=False, primary=False)
    invitation = invite(owner, "rita@agency.example")
    with pytest.raises(InvitationRefused):
        link_invitation_accept(invitation=invitation, user=recruiter)
    assert not RecruiterLink.objects.exists()


# --- Ending, re-inviting -----------------------------------------------------------------------------------------


def link_by_invitation(owner, recruiter) -> RecruiterLink:
    return link_invitation_accept(invitation=invite(owner, recruiter.email), user=recruiter)


def test_candidate_revokes_and_then_re_invites(owner, recruiter):
    InterviewFactory(opportunity__company__owner=owner)
    link = link_by_invitation(owner, recruiter)
    assert recruiter_link_end(link=link, user=owner) is True
    assert link.status == RecruiterLink.Status.REVOKED and link.revoked_at is not None
    assert not interviews_visible_to(user=recruiter).exists()
    assert recruiter_link_end(link=link, user=owner) is False, "ending twice changes nothing"

    again = link_by_invitation(owner, recruiter)
    assert again.pk == link.pk, "the pair keeps one row, re-activated"
    assert again.status == RecruiterLink.Status.ACTIVE and again.revoked_at is None
    assert interviews_visible_to(user=recruiter).count() == 1


def test_recruiter_can_end_a_link_but_not_re_invite(owner, recruiter):
    link = link_by_invitation(owner, recruiter)
    assert recruiter_link_end(link=link, user=recruiter) is True
    with pytest.raises(ValidationError) as excinfo:
        link_invitation_create(inviter=recruiter, email=owner.email)
    assert "Only the candidate" in field_errors(excinfo)["email"][0]


def test_a_stranger_cannot_end_someone_elses_link(owner, recruiter, unlinked_recruiter):
    link = link_by_invitation(owner, recruiter)
    with pytest.raises(InvitationRefused):
        recruiter_link_end(link=link, user=unlinked_recruiter)
    link.refresh_from_db()
    assert link.status == RecruiterLink.Status.ACTIVE


def test_accepting_closes_the_invitation_the_other_way_round(owner, recruiter):
    candidate_offer = invite(owner, recruiter.email)
    link_invitation_accept(invitation=invite(recruiter, owner.email), user=owner)
    candidate_offer.refresh_from_db()
    assert candidate_offer.status == LinkInvitation.Status.CANCELLED


def test_revoking_cancels_open_invitations_so_none_can_restore_the_link(owner, recruiter):
    link = link_by_invitation(owner, recruiter)
    # An invitation still open between the two while they are linked (sent to an address the recruiter verified
    # only later, say): after the revoke it must not bring the link back.
    leftover = LinkInvitation.objects.create(
        inviter=owner,
        email=recruiter.email,
        direction=LinkInvitation.Direction.CANDIDATE_TO_RECRUITER,
        nonce="n",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    unrelated = invite(owner, "someone.else@example.com")
    recruiter_link_end(link=link, user=owner)

    with pytest.raises(InvitationRefused):
        link_invitation_accept(invitation=leftover, user=recruiter)
    link.refresh_from_db()
    assert link.status == RecruiterLink.Status.REVOKED
    assert not interviews_visible_to(user=recruiter).exists()
    unrelated.refresh_from_db()
    assert unrelated.status == LinkInvitation.Status.PENDING, "invitations to other people are untouched"


def test_cancel_and_decline(owner, recruiter, unlinked_recruiter):
    sent = invite(owner, recruiter.email)
    with pytest.raises(InvitationRefused):
        link_invitation_cancel(invitation=sent, user=recruiter)
    assert link_invitation_decline(invitation=sent, user=recruiter) is True
    sent.refresh_from_db()
    assert sent.status == LinkInvitation.Status.DECLINED
    with pytest.raises(InvitationRefused):
        link_invitation_accept(invitation=sent, user=recruiter)

    other = invite(owner, unlinked_recruiter.email)
    with pytest.raises(InvitationRefused):
        link_invitation_decline(invitation=other, user=recruiter)
    assert link_invitation_cancel(invitation=other, user=owner) is True
    assert link_invitation_cancel(invitation=other, user=owner) is False
    assert not RecruiterLink.objects.exists()


def test_selectors_show_each_side_only_its_own(owner, other_candidate, recruiter, unlinked_recruiter):
    sent = invite(owner, recruiter.email)
    invite(other_candidate, unlinked_recruiter.email)
    assert list(link_invitations_sent(user=owner)) == [sent]
    assert list(link_invitations_received(user=recruiter)) == [sent]
    assert list(link_invitations_received(user=unlinked_recruiter)) != [sent]
    link = link_invitation_accept(invitation=sent, user=recruiter)
    assert list(links_of(user=owner)) == [link]
    assert list(links_of(user=recruiter)) == [link]
    assert list(links_of(user=other_candidate)) == []
    assert list(links_of(user=unlinked_recruiter)) == []
    assert list(link_invitations_sent(user=owner)) == []
