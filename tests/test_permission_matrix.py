"""The permission matrix (issue 5): every URL pattern of config.urls × every kind of visitor × GET and POST.

A URL pattern without an expectation here fails the test, so a new page cannot be forgotten. A request that may not
change anything must not write at all: every INSERT, UPDATE and DELETE it runs is recorded (tests/urlwalk.py), which
also catches an UPDATE that writes the value a row already had. Pages that answer 200 to someone other than the owner
are searched for the owner's foreign ids and private texts. The admin's routes all behave alike for non-staff: a few
stand for them in the matrix, and test_every_admin_url_needs_a_staff_account walks every one.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client

from tests.urlwalk import ADMIN_PREFIX, Endpoint, endpoints, writes_recorded
from tests.world import PRIVATE_MARK, PRIVATE_TEXT, PUBLIC_MARK, PUBLIC_TEXT, World

pytestmark = pytest.mark.django_db

ROLES = ("anon", "owner", "other", "linked", "unlinked", "revoked", "private", "summary")
# "summary": a recruiter whose link with the owner shares the summary only (issue 17). Written out only where it
# differs from the linked recruiter's cell (SUMMARY_CELLS); everywhere else it answers as "linked" does.
SUMMARY_CELLS = {
    # Not a party to the owner's link with the other recruiter, so neither can end or change it.
    "accounts:link_end": ("405", "404"),
    # The debrief (answers, scores, questions, notes) is not shared: its page and its notes answer 404.
    "interviews:detail": ("404", "404"),
    "interviews:debrief_note_add": ("404", "404"),
    "interviews:closing_risk": ("404", "404"),
    "interviews:client_feedback": ("404", "404"),
    # Each linked recruiter asks for themselves: this one has not asked yet, so the POST asks (one open question per
    # interview and recruiter).
    "insight:check_in_ask": ("405", "302*"),
}


# Which object of the fixture world each URL names. The linked recruiter on a private interview ("private") gets
# the private interview's objects; everyone else gets the public ones.
OBJECT_OF = {
    "accounts:link_end": "link",
    "accounts:link_consent": "link",
    "accounts:link_invitation_cancel": "invitation",
    "accounts:link_invitation_decline": "invitation",
    "interviews:learning_toggle": "item",
    "interviews:opportunity_detail": "opportunity",
    "interviews:opportunity_edit": "opportunity",
    "interviews:opportunity_status": "opportunity",
    "interviews:company_edit": "company",
    "interviews:person_edit": "person",
    "interviews:opportunity_prep": "opportunity",
    "interviews:planned_question_answered": "opportunity",
    "followups:note_save": "note",
    "followups:note_redraft": "note",
    "followups:note_mark_sent": "note",
    "followups:note_mark_unsent": "note",
    "followups:note_keep": "note",
    "followups:rejection_reply": "outcome",
    "followups:notice": "opportunity",
    "followups:note_card": "note",
    "followups:outcome_checklist": "outcome",
    "followups:opportunity_withdraw": "opportunity",
    "insight:candidate": "candidate",
    "insight:link_preview": "link",
}
TOKEN_OF = {
    "accounts:link_invitation_accept": "token",
    "followups:calendar_feed": "calendar_token",
    "followups:unsubscribe": "unsubscribe_token",
    "insight:check_in_answer": "check_in_token",
    "interviews:notification_unsubscribe": "notification_unsubscribe_token",
}
# A query string for pages that show nothing without one: each role then searches for words the owner's public and
# private objects (and the other candidate's) all hold, and the leak check below reads what comes back.
QUERY_OF = {
    "search:results": "?q=debrief",
    "interviews:question_similar": "?q=question+about",
}
OTHER_KWARGS = {
    "key": "not-a-real-key",
    "uidb36": "1",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "interviews",
    "url": "nowhere/",
}


def url_for(endpoint: Endpoint, world: World, role: str) -> str:
    objects = world.private if role == "private" else world.public
    values = dict(OTHER_KWARGS)
    for key in endpoint.params:
        if key in {"pk", "opportunity_pk"}:
            what = "opportunity" if key == "opportunity_pk" else OBJECT_OF.get(endpoint.name, "interview")
            values[key] = (world.shared.get(what) or objects[what]).pk
        elif key == "token":
            values["token"] = world.shared[TOKEN_OF[endpoint.name]]
        elif key == "object_id" and endpoint.admin:
            values[key] = objects["interview"].pk
    return endpoint.url(values) + QUERY_OF.get(endpoint.name, "")


def request(client: Client, method: str, url: str) -> tuple:
    """Runs one request inside a savepoint that is rolled back, so every cell of the matrix starts from the same
    data; returns (response, body, the writes it made)."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # a logout clears the session cookie; the next cell gets it back
    with transaction.atomic(), writes_recorded() as writes:
        response = getattr(client, method)(url, {"status": "rejected", "kind": "rejected"})
        # Read the body before the rollback: a streamed export reads the database as it is consumed.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, body.decode(errors="replace"), writes


# Roles, in order: anon owner other linked unlinked revoked private. Each cell is the status code, "L" for a
# redirect to the login page, with "*" where the request may change rows (only ever the requester's own business).
LOGGED_IN_200 = "L 200 200 200 200 200 200"
OWNER_FORM = ("L 200 404 404 404 404 404", "L 200 404 404 404 404 404")
OWNER_ACTION = ("L 405 404 404 404 404 404", "L 302* 404 404 404 404 404")
CANDIDATE_LIST = ("L 200 200 404 404 404 404", "L 405 405 404 404 404 404")
FOLLOWUP_FORM = ("L 405 405 404 404 404 404", "L 400 404 404 404 404 404")
FOLLOWUP_ACTION = ("L 405 405 404 404 404 404", "L 302* 404 404 404 404 404")
FOLLOWUP_NOOP = ("L 405 405 404 404 404 404", "L 302 404 404 404 404 404")
FOLLOWUP_READ = ("L 200 404 404 404 404 404", "L 405 405 405 405 405 405")

EXPECTED = {
    # A recruiter's desk writes the day's line of each shown candidate's access log (the first load of the day).
    "home": ("200 200 200 200* 200 200 200*", "405 405 405 405 405 405 405"),
    "favicon.ico": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    # What makes the site installable and usable offline: the same for everyone, and nobody's data.
    "service_worker": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "manifest": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "offline": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    # The operator's view: the health probe for everyone (nobody's data, no session); the metrics only with the
    # bearer token no visitor here has (tests/monitoring/test_metrics.py scrapes with it).
    "monitoring:healthz": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "monitoring:metrics": ("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    "accounts:profile": (LOGGED_IN_200, LOGGED_IN_200),
    "accounts:links": (LOGGED_IN_200, LOGGED_IN_200),
    "accounts:link_end": ("L 405 405 405 405 405 405", "L 302* 404 302* 404 404 302*"),
    # The candidate's choice of what one link shares (posted here with no scope: a 400 that saves nothing).
    "accounts:link_consent": ("L 405 404 404 404 404 404", "L 400 404 404 404 404 404"),
    "accounts:link_invitation_cancel": ("L 405 405 405 405 405 405", "L 302* 404 404 404 404 404"),
    "accounts:link_invitation_decline": ("L 405 405 405 405 405 405", "L 404 404 404 404 404 404"),
    # The emailed invitation is for an address none of these accounts owns: shown to a visitor, refused to the rest.
    "accounts:link_invitation_accept": ("200 403 403 403 403 403 403", "L 403 403 403 403 403 403"),
    "interviews:list": CANDIDATE_LIST,
    "interviews:log": ("L 200 200 404 404 404 404", "L 200 200 404 404 404 404"),
    # The quick debrief of an interview logged offline: a blank form kept by the phone, never posted to.
    "interviews:debrief_quick_offline": ("L 200 200 404 404 404 404", "L 405 405 404 404 404 404"),
    "interviews:worksheet": (LOGGED_IN_200, "L 405 405 405 405 405 405"),
    # A recruiter's view of the page writes one line of the candidate's access log.
    "interviews:detail": ("L 200 404 200* 404 404 404", "L 405 404 405 404 404 404"),
    "interviews:edit": OWNER_FORM,
    "interviews:delete": ("L 200 404 404 404 404 404", "L 302* 404 404 404 404 404"),
    # Moving, cancelling or postponing an interview: the owner's form (posted here with nothing valid: 400).
    "interviews:reschedule": ("L 200 404 404 404 404 404", "L 400 404 404 404 404 404"),
    "interviews:call_off": ("L 200 404 404 404 404 404", "L 400 404 404 404 404 404"),
    "interviews:debrief_quick": OWNER_FORM,
    "interviews:debrief_full": OWNER_FORM,
    "interviews:debrief_reopen": OWNER_ACTION,
    # A linked recruiter's note: posted with no text here, so a 400 that saves nothing.
    "interviews:debrief_note_add": ("L 404 404 405 404 404 404", "L 404 404 400 404 404 404"),
    "interviews:notification_settings": (LOGGED_IN_200, "L 302* 302* 302* 302* 302* 302*"),
    # One click from a recruiter email (the signed token is the credential): the owner's own choice, whoever clicks.
    "interviews:notification_unsubscribe": ("200 200 200 200 200 200 200", "200* 200* 200* 200* 200* 200* 200*"),
    "interviews:learning_list": CANDIDATE_LIST,
    "interviews:learning_toggle": OWNER_ACTION,
    "interviews:opportunity_list": CANDIDATE_LIST,
    "interviews:pipeline": CANDIDATE_LIST,
    # An opportunity before any interview: each candidate's own form (posted with a status no form offers: 400).
    "interviews:opportunity_add": ("L 200 200 404 404 404 404", "L 400 400 404 404 404 404"),
    "interviews:opportunity_detail": ("L 200 404 404 404 404 404", "L 405 404 404 404 404 404"),
    "interviews:opportunity_edit": OWNER_FORM,
    "interviews:opportunity_status": OWNER_ACTION,
    "interviews:company_edit": OWNER_FORM,
    "interviews:person_edit": OWNER_FORM,
    # Prepare for the next round: the candidate's own question bank, prep sheet, stated terms and worksheet.
    "interviews:question_bank": CANDIDATE_LIST,
    # Posted without questions: refused with a message, nothing saved.
    "interviews:question_practise": ("L 405 405 404 404 404 404", "L 302 302 404 404 404 404"),
    "interviews:question_similar": ("L 200 200 404 404 404 404", "L 405 405 404 404 404 404"),
    # Posted without the salary period the form needs: a 400 that saves nothing.
    "interviews:stated_terms": ("L 200 404 404 404 404 404", "L 400 404 404 404 404 404"),
    "interviews:interview_worksheet": ("L 200 404 404 404 404 404", "L 405 404 404 404 404 404"),
    # The recruiter's debrief call, recorded in the same row (posted without the salary period: a 400).
    "interviews:closing_risk": ("L 404 404 200 404 404 404", "L 404 404 400 404 404 404"),
    # The client's feedback, the recruiter's form (posted with no decision: a 400); turning a line into a learning
    # item is the owner's (posted with no line: refused with a message, nothing saved).
    "interviews:client_feedback": ("L 404 404 200 404 404 404", "L 404 404 400 404 404 404"),
    "interviews:client_feedback_learn": ("L 405 404 404 404 404 404", "L 302 404 404 404 404 404"),
    "interviews:opportunity_prep": ("L 200 404 404 404 404 404", "L 405 404 404 404 404 404"),
    "interviews:planned_question_answered": ("L 405 404 404 404 404 404", "L 302 404 404 404 404 404"),
    # Search: everyone logged in searches what they may see (the leak check reads the results for "debrief").
    "search:results": (LOGGED_IN_200, "L 405 405 405 405 405 405"),
    "followups:interview": FOLLOWUP_READ,
    "followups:interview_ics": FOLLOWUP_READ,
    "followups:plan_set": FOLLOWUP_FORM,
    "followups:attempt_log": FOLLOWUP_FORM,
    "followups:next_round_schedule": FOLLOWUP_FORM,
    "followups:note_save": FOLLOWUP_FORM,
    "followups:outcome_record": FOLLOWUP_ACTION,
    # The fixture's note fails its checks (no greeting, no company): marking it sent first asks "Send anyway?" and
    # changes nothing (tests/followups/test_send_anyway.py confirms it).
    "followups:note_mark_sent": ("L 405 405 404 404 404 404", "L 200 404 404 404 404 404"),
    "followups:note_card": ("L 200 404 404 404 404 404", "L 405 405 404 404 404 404"),
    "followups:note_mark_unsent": FOLLOWUP_ACTION,
    "followups:opportunity_withdraw": FOLLOWUP_ACTION,
    # Keeping a note closed by the outcome (posted here with nothing: it closes it again, a same-value UPDATE).
    "followups:note_keep": FOLLOWUP_ACTION,
    # The reply after a rejection: sent, let go or reopened; posted with no action, nothing changes.
    "followups:rejection_reply": FOLLOWUP_NOOP,
    # The notices after accepting an offer elsewhere: the owner's page of drafts.
    "followups:notice": ("L 200 404 404 404 404 404", "L 405 405 404 404 404 404"),
    "followups:note_redraft": FOLLOWUP_NOOP,
    # The owner's checklist is saved as posted, even when every box is as it was (a same-value UPDATE).
    "followups:outcome_checklist": FOLLOWUP_ACTION,
    # Each user's own settings: reading them writes nothing (defaults until the first save).
    "followups:settings": ("L 200 200 200 200 200 200", "L 302* 302* 302* 302* 302* 302*"),
    "followups:calendar_token_change": ("L 405 405 405 405 405 405", "L 302* 302* 302* 302* 302* 302*"),
    # The token in the URL is the credential (calendar apps and mail apps cannot log in): the owner's own feed and
    # the owner's own reminder choice, whoever holds the link.
    "followups:calendar_feed": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    # Unsubscribing: its GET only asks (mail scanners open links); the button, or a mail app's one-click, POSTs.
    "followups:unsubscribe": ("200 200 200 200 200 200 200", "200* 200* 200* 200* 200* 200* 200*"),
    # A check-in's one-tap answer ("Call me" here): the token is the credential; GET shows it, POST records it.
    "insight:check_in_answer": ("200 200 200 200 200 200 200", "200* 200* 200* 200* 200* 200* 200*"),
    # "Ask if still interested": a linked recruiter's, summary scope too (the fixture's interview is asked already by
    # the linked recruiter, so their POST only says so).
    "insight:check_in_ask": ("L 404 404 405 404 404 404", "L 404 404 302 404 404 404"),
    # Own your data: each user's own export, import and deletion pages.
    "accounts:data": (LOGGED_IN_200, LOGGED_IN_200),
    "accounts:data_export_json": ("L 405 405 405 405 405 405", LOGGED_IN_200),
    "accounts:data_export_csv": ("L 405 405 405 405 405 405", LOGGED_IN_200),
    "accounts:data_import": ("L 405 405 405 405 405 405", "L 400 400 400 400 400 400"),
    "accounts:account_delete": (LOGGED_IN_200, "L 400 400 400 400 400 400"),
    "insight:offers": ("L 200 200 404 404 404 404", "L 400 400 404 404 404 404"),
    "insight:offer_edit": ("L 200 404 404 404 404 404", "L 400 404 404 404 404 404"),
    # Progress over time: a candidate's own; a recruiter has none.
    "insight:progress": ("L 200 200 404 404 404 404", "L 200 200 404 404 404 404"),
    # A candidate's page on the desk: the recruiter linked to the owner only (the private interview never listed).
    "insight:candidate": ("L 404 404 200* 404 404 200*", "L 404 404 405 404 404 405"),
    # "See what they see": the owner's preview of the linked recruiter's page (the full link here; each scope's in
    # test_each_scopes_preview_shows_what_that_recruiter_sees); it writes nothing, the access log included.
    "insight:link_preview": ("L 200 404 404 404 404 404", "L 405 404 404 404 404 404"),
}

# allauth's pages are public or about the visitor's own account; none names another person's object.
AUTH = {
    "account_login": ("200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    "account_logout": ("302 200 200 200 200 200 200", "302 302 302 302 302 302 302"),
    "account_inactive": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "account_signup": ("200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    "account_reauthenticate": (LOGGED_IN_200, LOGGED_IN_200),
    # Switched off (ACCOUNT_REAUTHENTICATION_METHODS is password only): tests/accounts/test_reauthentication.py.
    "account_request_reauthentication_code": ("L 403 403 403 403 403 403", "L 403 403 403 403 403 403"),
    "account_confirm_reauthentication_code": ("L 403 403 403 403 403 403", "L 403 403 403 403 403 403"),
    "account_email": (LOGGED_IN_200, "L 302 302 302 302 302 302"),
    "account_email_verification_sent": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "account_change_password": (LOGGED_IN_200, LOGGED_IN_200),
    "account_set_password": ("L 302 302 302 302 302 302", "L 302 302 302 302 302 302"),
    "account_reset_password": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "account_confirm_login_code": ("L 302 302 302 302 302 302", "L 302 302 302 302 302 302"),
    "account_confirm_email": ("200 200 200 200 200 200 200", "404 404 404 404 404 404 404"),
    "account_reset_password_from_key_done": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "account_reset_password_from_key": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "account_reset_password_done": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
}
EXPECTED.update(AUTH)

LOGIN = resolve_url(settings.LOGIN_URL)

# The admin's routes in the matrix: its front door, one page of each kind and the catch-all. Every other admin route
# answers a non-staff visitor the same way (test_every_admin_url_needs_a_staff_account).
ADMIN_SAMPLE = {
    "admin:index",
    "admin:app_list",
    "admin:interviews_interview_changelist",
    "admin:interviews_interview_add",
    "admin:interviews_interview_change",
    "admin:interviews_interview_delete",
    "admin:accounts_user_changelist",
    "admin:logout",
    "admin:password_change",
}
ADMIN_NON_STAFF = ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302")
EXPECTED.update(dict.fromkeys(ADMIN_SAMPLE, ADMIN_NON_STAFF))
EXPECTED["admin:login"] = ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200")


def expectation(endpoint: Endpoint) -> tuple[str, str] | None:
    if endpoint.name in EXPECTED:
        rows = EXPECTED[endpoint.name]
    elif endpoint.admin and endpoint.route.endswith("(?P<url>.*)$"):
        rows = ADMIN_NON_STAFF
    else:
        return None
    summary = SUMMARY_CELLS.get(endpoint.name)
    return tuple(
        row if len(row.split()) == len(ROLES) else f"{row} {summary[i] if summary else row.split()[3]}"
        for i, row in enumerate(rows)
    )


def forbidden_texts(world: World, role: str) -> list[str]:
    """What a page shown to `role` must never contain."""
    public, private = world.public["interview"], world.private["interview"]
    owner_only = [
        PRIVATE_MARK,
        PRIVATE_TEXT,
        f'href="/interviews/{private.pk}/"',
        f'href="/followups/interviews/{private.pk}/"',
    ]
    if role == "owner":
        return ["Othercorp", "other-debrief"]
    if role in {"linked", "private"}:
        return owner_only
    if role == "summary":  # the company and the stage are in the summary; no answer, no link to the debrief
        return [*owner_only, PUBLIC_TEXT, f'href="/interviews/{public.pk}/"']
    return [*owner_only, PUBLIC_MARK, PUBLIC_TEXT, f'href="/interviews/{public.pk}/"']


TOKEN_PAGES = {
    "followups:calendar_feed",
    "followups:unsubscribe",
    "insight:check_in_answer",
    "accounts:link_invitation_accept",
    "interviews:notification_unsubscribe",
}


def test_every_url_pattern_has_an_expectation():
    missing = [e.name for e in endpoints() if not e.admin and expectation(e) is None]
    assert not missing, f"Add these URLs to the permission matrix: {missing}"
    assert {e.name for e in endpoints()} >= ADMIN_SAMPLE, "an admin route of the sample is gone: pick another"


def cells() -> list[tuple[Endpoint, str, str, str]]:
    """(endpoint, method, role, expected cell) for every cell of the matrix."""
    found = []
    for endpoint in endpoints():
        expected = expectation(endpoint)
        if expected is None:
            continue
        for method, row in zip(("get", "post"), expected, strict=True):
            found += [(endpoint, method, role, cell) for role, cell in zip(ROLES, row.split(), strict=True)]
    return found


def test_permission_matrix(world):
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
    failures = []
    for endpoint, method, role, cell in cells():
        url = url_for(endpoint, world, role)
        response, content, writes = request(clients[role], method, url)
        code = str(response.status_code)
        if response.status_code == 302 and response["Location"].startswith(LOGIN):
            code = "L"
        elif response.status_code == 302 and endpoint.admin:
            # The admin's own login, or (after logging out of it) its index: never a page of data.
            assert response["Location"].startswith(ADMIN_PREFIX), url
        may_change = cell.endswith("*")
        if code != cell.rstrip("*"):
            failures.append(f"{method.upper()} {url} as {role}: {code}, expected {cell}")
        if writes and not may_change:
            failures.append(f"{method.upper()} {url} as {role} wrote {sorted({table for table, _ in writes})}")
        if code == "200" and endpoint.name not in TOKEN_PAGES and role != "anon":
            leaked = [text for text in forbidden_texts(world, role) if text in content]
            if leaked:
                failures.append(f"{method.upper()} {url} as {role} shows {leaked}")
    assert not failures, "\n".join(failures)


def test_every_admin_url_needs_a_staff_account(world):
    """Every admin route, GET and POST, logged out and as a user who is not staff: sent to the admin's login (the
    login page itself is shown), nothing written, nothing of the owner's on the page."""
    owner = Client()
    owner.force_login(world.users["owner"])
    failures, walked = [], 0
    for endpoint in endpoints():
        if not endpoint.admin:
            continue
        url = url_for(endpoint, world, "owner")
        for client in (Client(), owner):
            for method in ("get", "post"):
                response, content, writes = request(client, method, url)
                walked += 1
                if endpoint.name == "admin:login":
                    ok = response.status_code == 200 and PUBLIC_MARK not in content
                else:
                    ok = response.status_code == 302 and response["Location"].startswith(ADMIN_PREFIX)
                if not ok or writes:
                    failures.append(f"{method.upper()} {url}: {response.status_code}, wrote {writes}")
    assert walked > 400
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("link", "as_role", "banner"), [("link", "linked", "full debriefs"), ("summary_link", "summary", "summary")]
)
def test_each_scopes_preview_shows_what_that_recruiter_sees(world, link, as_role, banner):
    """The owner's preview of each link shows what that link's recruiter may see and nothing more (the same
    forbidden texts as the recruiter's own pages), writes nothing, and is nobody else's to open."""
    made = world.shared[link]
    url = f"/me/links/{made.pk}/sees/"
    owner = Client()
    owner.force_login(world.users["owner"])
    response, content, writes = request(owner, "get", url)
    assert response.status_code == 200 and not writes
    assert f"This is what {made.recruiter.name} sees ({banner})" in content
    assert [text for text in forbidden_texts(world, as_role) if text in content] == []
    for role in ("other", "linked", "summary", "unlinked", "revoked"):
        visitor = Client()
        visitor.force_login(world.users[role])
        assert request(visitor, "get", url)[0].status_code == 404, role
