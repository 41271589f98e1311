"""Search finds only what the searcher may see: the owner's own everything; a linked recruiter the candidate's
non-private interviews and what hangs off them, never their companies, people or follow-up; anyone else nothing."""

import pytest

from accounts.models import RecruiterLink, User
from interviews.models import Interview
from tests.conftest import make_user
from tests.prep_world import build

pytestmark = pytest.mark.django_db


def kinds_found(client, text):
    page = client.get("/search/", {"q": text}).content.decode()
    return page, {chunk.split('"')[0] for chunk in page.split('data-kind="')[1:]}


@pytest.fixture
def searched(owner, recruiter, unlinked_recruiter, other_candidate):
    world = build(owner, recruiter=recruiter)
    revoked = make_user("revoked@example.com", role=User.Role.RECRUITER)
    RecruiterLink.objects.create(candidate=owner, recruiter=revoked, invited_by=owner, status="revoked")
    Interview.objects.filter(pk=world["northwind_first"].pk).update(is_private=True)
    return world, revoked


def test_the_owner_finds_every_kind(searched, owner, client):
    client.force_login(owner)
    for text, kind in [
        ("salary", "questions"),
        ("equity", "debriefs"),
        ("kafka", "opportunities"),
        ("london", "companies"),
        ("lindqvist", "people"),
        ("roadmap", "thank_you_notes"),
        ("voicemail", "follow_up_notes"),
        ("terraform", "learning"),
        ("negotiate", "recruiter_notes"),
    ]:
        assert kind in kinds_found(client, text)[1], text


def test_a_linked_recruiter_finds_shared_interviews_only(searched, recruiter, client):
    client.force_login(recruiter)
    page, kinds = kinds_found(client, "salary")
    assert kinds == {"questions"}
    # Northwind's interview is private: its question is not among them.
    assert "70k to 75k" not in page and "75k plus a bonus" in page
    assert 'data-testid="result-prep-sheet"' not in page  # the prep sheet is the candidate's
    for text, kind in [("equity", "debriefs"), ("terraform", "learning"), ("negotiate", "recruiter_notes")]:
        assert kind in kinds_found(client, text)[1], text
    for text in ("kafka", "london", "lindqvist", "roadmap", "voicemail"):
        assert kinds_found(client, text)[1] == set(), text


@pytest.mark.parametrize("who", ["unlinked", "revoked", "other"])
def test_anyone_else_finds_nothing(searched, unlinked_recruiter, other_candidate, client, who):
    _, revoked = searched
    client.force_login({"unlinked": unlinked_recruiter, "revoked": revoked, "other": other_candidate}[who])
    for text in ("salary", "equity", "kafka", "london", "lindqvist", "roadmap", "voicemail", "terraform"):
        page, kinds = kinds_found(client, text)
        assert kinds == set() and 'data-testid="nothing-found"' in page, (who, text)


def test_a_revoked_link_stops_search_on_the_next_request(searched, owner, recruiter, client):
    client.force_login(recruiter)
    assert "debriefs" in kinds_found(client, "equity")[1]
    RecruiterLink.objects.filter(candidate=owner, recruiter=recruiter).update(status="revoked")
    assert kinds_found(client, "equity")[1] == set()


def test_logged_out_visitors_are_sent_to_log_in(client):
    response = client.get("/search/", {"q": "salary"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_recruiters_results_go_in_the_candidates_access_log_once_a_day(searched, owner, recruiter, client):
    """What matched in a candidate's full debriefs was in front of the recruiter: the candidate's log says so (one
    line a day, like the desk's), and nobody else's search writes one."""
    from accounts.models import AccessLogEntry

    client.force_login(owner)
    kinds_found(client, "salary")  # the candidate's own search is not someone looking
    client.force_login(recruiter)
    kinds_found(client, "kafka")  # nothing of theirs matches: nothing was shown
    assert not AccessLogEntry.objects.filter(candidate=owner).exists()
    kinds_found(client, "salary")
    kinds_found(client, "equity")
    entries = list(AccessLogEntry.objects.filter(candidate=owner).values_list("viewer_id", "object_kind", "what"))
    assert entries == [(recruiter.pk, "search", "search results (what matched in the full debriefs)")]
