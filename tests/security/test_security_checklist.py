"""The security checklist (issue 7), walked over every URL in config.urls rather than a hand-kept list.

Already covered elsewhere and not repeated here: security headers on the public pages, the 404/500 pages leaking
nothing, an unknown Host refused with 400 and the admin's address (tests/config/test_pages_and_headers.py); HTTPS-only
headers and cookies in production (tests/config/test_production_settings.py); the login, sign-up and reset rate limits
(tests/accounts/test_login_rate_limit.py); the invitation rate limit (tests/accounts/test_links_views.py).
"""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import LinkInvitation, RecruiterLink
from accounts.services import link_invitation_create, link_invitation_token
from followups.emails import reminder_message, unsubscribe_token
from followups.models import FollowUpAttempt, FollowUpPlan
from followups.selectors import with_followup_state
from followups.services import calendar_token_regenerate, outcome_record
from interviews.models import Interview, LearningItem
from reminders.models import Reminder
from reminders.services import sweep_run_record
from tests.config.test_pages_and_headers import assert_security_headers
from tests.conftest import PASSWORD, make_user
from tests.urlwalk import Endpoint, endpoints, writes_recorded
from tests.world import interview_ended

# Text a person typed that would run as script if any page or email forgot to escape it.
EVIL = '<script>alert("owned")</script>'

# The only views that take a POST without the CSRF token: the signed link in a reminder's (and, since issue 17, a
# recruiter email's) List-Unsubscribe header, which mail apps POST to with no session and no token (RFC 8058). The
# signature is the credential.
CSRF_EXEMPT = {"followups:unsubscribe", "interviews:notification_unsubscribe"}


DUMMY = {
    "pk": "1",
    "id": "1",
    "opportunity_pk": "1",
    "object_id": "1",
    "content_type_id": "1",
    "token": "x",
    "key": "x",
    "uidb36": "1",
    "url": "nowhere/",
}


def login(client: Client, email: str, password: str = PASSWORD):
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.mark.django_db
def test_every_post_without_a_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    walked = []
    for endpoint in endpoints():
        if endpoint.name in CSRF_EXEMPT:
            continue
        values = {**DUMMY, "app_label": "accounts"}
        url = endpoint.url(values)
        response = client.post(url, {"anything": "1"})
        assert response.status_code == 403, f"{endpoint.name} ({url}) answered {response.status_code} without a token"
        walked.append(endpoint.name)
    # The walk reached the product's own forms and one-click actions, not only allauth's and the admin's.
    assert {"interviews:log", "followups:note_mark_sent", "accounts:link_end", "account_login"} <= set(walked)
    assert len(walked) > 100


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CSRF_EXEMPT))
def test_the_csrf_exempt_views_are_the_signed_unsubscribe_links(owner, name):
    url = reverse(name, args=["forged-token"])
    assert getattr(resolve(url).func, "csrf_exempt", False)
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400


@pytest.fixture
def world(owner, recruiter, unlinked_recruiter):
    """An owner with something behind every URL: interviews with people, debrief, notes, plan, attempt, outcome,
    learning items, a recruiter link, an invitation received, a calendar token, reminders. User text is EVIL."""
    now = timezone.now()
    first = interview_ended(
        owner,
        ends_at=now - dt.timedelta(hours=25),
        people=(f"Ada {EVIL}",),
        company=f"Acme {EVIL}",
        debrief={"went_well": [f"Whiteboard {EVIL}"], "hear_back_date": (now + dt.timedelta(days=3)).date()},
        location=f"Room {EVIL}",
    )
    second = interview_ended(owner, ends_at=now - dt.timedelta(days=9), people=("Grace Hopper",), company="Globex")
    FollowUpPlan.objects.create(interview=first, planned_on=(now + dt.timedelta(days=5)).date())
    FollowUpAttempt.objects.create(interview=second, notes=f"Called {EVIL}")
    outcome_record(interview=second, kind="rejected", notes=f"Feedback {EVIL}")
    LearningItem.objects.create(owner=owner, interview=first, text=f"Learn {EVIL}")
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner)
    invitation, _ = link_invitation_create(inviter=unlinked_recruiter, email=owner.email)
    calendar = calendar_token_regenerate(user=owner)
    assert Reminder.objects.filter(user=owner).exists()
    mail.outbox.clear()
    sweep_run_record(counts={})  # the site is running: its sweep has just run, so /healthz answers 200, not 503
    return {"interview": first, "invitation": invitation, "calendar": calendar}


def object_ids() -> list[str]:
    ids = set()
    for app in settings.LOCAL_APPS:
        for model in apps.get_app_config(app).get_models():
            ids.update(model.objects.values_list("pk", flat=True))
    return [str(pk) for pk in sorted(ids)]


def page_urls(tokens: dict) -> Iterator[tuple[Endpoint, str]]:
    """Every address a GET may be sent to, but the admin's and the ones that change state: each URL with an id
    filled with every object id there is, each with a token given the one in `tokens` (or a wrong one)."""
    ids = object_ids()
    for endpoint in endpoints():
        if endpoint.admin:
            continue
        id_params = [p for p in endpoint.params if p == "id" or p.endswith("pk")]
        if id_params:
            for pk in ids:
                yield endpoint, endpoint.url({**DUMMY, **dict.fromkeys(id_params, pk)})
        else:
            yield endpoint, endpoint.url({**DUMMY, "token": tokens.get(endpoint.name, "x")})


@pytest.mark.django_db
def test_get_changes_nothing_and_every_html_page_is_escaped_and_carries_the_headers(owner, world):
    client = Client()
    client.force_login(owner)
    tokens = {
        "accounts:link_invitation_accept": link_invitation_token(invitation=world["invitation"]),
        "followups:calendar_feed": world["calendar"],
        # The signed link of a reminder's List-Unsubscribe header: its GET asks, and changes nothing.
        "followups:unsubscribe": unsubscribe_token(user=owner, kind="thanks_passed"),
    }
    seen_ok, html_pages, escaped_seen, writes = set(), 0, False, []
    for endpoint, url in page_urls(tokens):
        with writes_recorded() as written:
            response = client.get(url)
            if response.streaming:
                response.content = b"".join(response.streaming_content)  # a streamed export reads as it goes
        writes += [(url, table) for table, _ in written]
        assert response.status_code < 500, url
        if response.status_code == 200:
            seen_ok.add(endpoint.name)
        if response.get("Content-Type", "").startswith("text/html"):
            html_pages += 1
            assert_security_headers(response)
            page = response.content.decode()
            assert "<script>alert(" not in page, f"unescaped user text on {url}"
            escaped_seen |= escape(EVIL) in page

    assert writes == [], f"a GET wrote to the database: {writes}"
    assert client.session.get("_auth_user_id") == str(owner.pk), "a GET logged the owner out"
    # The walk saw the pages that show the owner's text, so the checks above had something to check.
    assert {"home", "interviews:detail", "followups:interview", "interviews:opportunity_list"} <= seen_ok
    assert {"accounts:link_invitation_accept", "followups:calendar_feed", "interviews:edit"} <= seen_ok
    assert "followups:unsubscribe" in seen_ok
    assert escaped_seen and html_pages > 40


@pytest.mark.django_db
def test_login_gives_a_new_session_key_and_the_old_one_is_gone(owner):
    client = Client()
    session = client.session
    session["before_login"] = True
    session.save()
    anonymous_key = session.session_key
    assert Session.objects.filter(session_key=anonymous_key).exists()

    login(client, owner.email)

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert Session.objects.get(session_key=new_key).get_decoded()["_auth_user_id"] == str(owner.pk)


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(owner):
    client = login(Client(), owner.email)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert client.post("/accounts/logout/").status_code == 302

    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key  # someone who copied the cookie before the logout
    assert replay.get("/me/profile/").status_code == 302


@pytest.mark.django_db
def test_password_change_ends_the_other_sessions_and_keeps_this_one(owner):
    here = login(Client(), owner.email)
    elsewhere = login(Client(), owner.email)
    assert elsewhere.get("/me/profile/").status_code == 200
    new = "lighthouse-meadow-copper-5"

    response = here.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new})

    assert response.status_code == 302
    assert here.get("/me/profile/").status_code == 200
    other = elsewhere.get("/me/profile/")
    assert other.status_code == 302 and other["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_password_reset_ends_every_session(owner, client):
    elsewhere = login(Client(), owner.email)
    owner.set_password("a-new-reset-password-77")
    owner.save()  # what allauth's reset-from-key does, through the same password hash the session checks

    assert elsewhere.get("/me/profile/").status_code == 302


@pytest.mark.django_db
def test_admin_needs_a_staff_account(owner):
    url = f"/{settings.ADMIN_URL}"
    client = login(Client(), owner.email)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(f"{url}login/")
    page = client.get(f"{url}login/").content.decode()
    assert "not authorized" in page  # the admin tells a logged-in non-staff user it is not for them

    owner.is_staff = owner.is_superuser = True
    owner.save()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_reminder_email_html_escapes_what_the_user_typed(owner):
    interview = interview_ended(
        owner, ends_at=timezone.now() - dt.timedelta(hours=25), people=(f"Ada {EVIL}",), company=f"Acme {EVIL}"
    )
    reminder = Reminder.objects.get(interview=interview, kind=Reminder.Kind.THANKS_PASSED)
    full = with_followup_state(Interview.objects.filter(pk=interview.pk)).get()

    message = reminder_message(reminder=reminder, interview=full, now=timezone.now())

    html = message.alternatives[0][0]
    assert "<script>alert(" not in html
    assert escape(f"Acme {EVIL}") in html
    assert "\n" not in message.subject


@pytest.mark.django_db
def test_invitation_email_html_escapes_the_inviters_name():
    inviter = make_user("evil@example.com", name=f"Eve {EVIL}")

    invitation, emailed = link_invitation_create(inviter=inviter, email="someone@example.com")

    assert emailed and invitation.status == LinkInvitation.Status.PENDING
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>alert(" not in html
    assert escape(EVIL) in html


@pytest.mark.django_db
def test_capture_in_the_admin_is_read_only_so_no_edit_can_bypass_follow_up(owner):
    from tests.factories import InterviewFactory

    interview = InterviewFactory(opportunity__company__owner=owner)
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client = Client()
    client.force_login(owner)
    base = f"/{settings.ADMIN_URL}interviews/interview/"
    page = client.get(f"{base}{interview.pk}/change/")
    assert page.status_code == 200 and 'name="starts_at"' not in page.content.decode()  # shown, not a form field
    later = interview.starts_at.replace(year=interview.starts_at.year + 1)
    assert client.post(f"{base}{interview.pk}/change/", {"starts_at_0": f"{later:%Y-%m-%d}"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{interview.pk}/delete/", {"post": "yes"}).status_code == 403
    interview.refresh_from_db()
    assert interview.starts_at != later
