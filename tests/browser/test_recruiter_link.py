"""Linking by consent in Chromium: a candidate invites a recruiter who has no account yet; the recruiter opens the
emailed link, signs up with that address, confirms it, accepts; both links pages show the link; the candidate
revokes and the recruiter's links page shows it ended."""

import re

from django.core import mail
from playwright.sync_api import expect

from accounts.models import LinkInvitation, RecruiterLink
from interviews.selectors import interviews_visible_to
from tests.conftest import PASSWORD, browser_login
from tests.factories import InterviewFactory

RECRUITER_EMAIL = "rosa.recruiter@example.com"
INVITATION_LINK = re.compile(r"(https?://\S+?/me/links/accept/[^/\s]+/)")
CONFIRM_LINK = re.compile(r"https?://\S+?(/accounts/confirm-email/\S+/)")


def only_mail_matching(pattern, to):
    found = [m for m in mail.outbox if m.to == [to] and pattern.search(m.body)]
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return pattern.search(found[0].body).group(1)


def test_candidate_invites_recruiter_who_signs_up_accepts_and_is_revoked(
    live_server, settings, owner, new_page, assert_no_serious_a11y_violations
):
    # Mail links start with SITE_URL: point it at the live server so the emailed link is opened exactly as sent.
    settings.SITE_URL = live_server.url
    InterviewFactory(opportunity__company__owner=owner)

    candidate = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    browser_login(candidate, live_server, owner.email)
    candidate.goto(live_server.url + "/me/links/")
    candidate.get_by_label("Recruiter's email address").fill(RECRUITER_EMAIL)
    candidate.get_by_role("button", name="Send invitation").click()
    expect(candidate.get_by_role("alert")).to_contain_text(f"Invitation sent to {RECRUITER_EMAIL}")
    expect(candidate.get_by_test_id("sent-invitations")).to_contain_text(RECRUITER_EMAIL)
    assert_no_serious_a11y_violations(candidate)

    # The recruiter, on a laptop, has no account yet.
    recruiter = new_page(viewport={"width": 1280, "height": 900})
    invitation_url = only_mail_matching(INVITATION_LINK, RECRUITER_EMAIL)
    assert invitation_url.startswith(live_server.url)
    recruiter.goto(invitation_url)
    expect(recruiter.get_by_role("heading", level=1)).to_have_text("Invitation to link")
    expect(recruiter.get_by_text("Olivia Owner", exact=True)).to_be_visible()
    recruiter.get_by_role("link", name="Sign up").last.click()
    expect(recruiter.get_by_label("Email")).to_have_value(RECRUITER_EMAIL)
    recruiter.get_by_label("I'm a recruiter").check()
    recruiter.get_by_label("Your name").fill("Rosa Recruiter")
    recruiter.get_by_label("Password*", exact=True).fill(PASSWORD)
    recruiter.get_by_label("Password (again)").fill(PASSWORD)
    recruiter.get_by_role("button", name="Sign Up").click()
    expect(recruiter).to_have_url(live_server.url + "/accounts/confirm-email/")

    # Mandatory verification: follow allauth's confirmation email, then log in.
    recruiter.goto(live_server.url + only_mail_matching(CONFIRM_LINK, RECRUITER_EMAIL))
    recruiter.get_by_role("button", name="Confirm").click()
    expect(recruiter).to_have_url(re.compile(r"/accounts/login/"))
    recruiter.get_by_label("Email").fill(RECRUITER_EMAIL)
    recruiter.get_by_label("Password").fill(PASSWORD)
    recruiter.get_by_role("button", name="Sign In").click()
    expect(recruiter.get_by_role("button", name="Log out")).to_be_attached()

    # Back to the emailed link, now as the invited address: nothing is linked until the recruiter accepts.
    recruiter.goto(invitation_url)
    assert not RecruiterLink.objects.exists()
    recruiter.get_by_role("button", name="Accept and link").click()
    expect(recruiter).to_have_url(live_server.url + "/me/links/")
    expect(recruiter.get_by_role("alert")).to_contain_text("You are now linked with Olivia Owner.")
    expect(recruiter.get_by_test_id("active-links")).to_contain_text("Olivia Owner")
    expect(recruiter.get_by_test_id("active-links")).to_contain_text("Active")

    link = RecruiterLink.objects.get()
    assert link.status == RecruiterLink.Status.ACTIVE
    assert LinkInvitation.objects.get().status == LinkInvitation.Status.ACCEPTED
    assert interviews_visible_to(user=link.recruiter).count() == 1

    # The candidate sees the same link from their side, and revokes it: one click to open, one to confirm.
    candidate.goto(live_server.url + "/me/links/")
    active = candidate.get_by_test_id("active-links")
    expect(active).to_contain_text("Rosa Recruiter")
    expect(active).to_contain_text("Active")
    assert_no_serious_a11y_violations(candidate)
    active.get_by_text("Revoke access…").click()
    active.get_by_role("button", name="Yes, revoke access").click()
    expect(candidate.get_by_role("alert")).to_contain_text("Rosa Recruiter can no longer see your debriefs.")
    expect(candidate.get_by_test_id("ended-links")).to_contain_text("Revoked")
    expect(candidate.get_by_test_id("no-active-links")).to_be_visible()

    # The recruiter's very next request shows the link ended, and access is gone.
    recruiter.reload()
    expect(recruiter.get_by_test_id("ended-links")).to_contain_text("Olivia Owner")
    expect(recruiter.get_by_test_id("ended-links")).to_contain_text("Revoked")
    expect(recruiter.get_by_test_id("no-active-links")).to_be_visible()
    assert not interviews_visible_to(user=link.recruiter).exists()
