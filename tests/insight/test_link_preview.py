"""What "See what <recruiter> sees" is (issue 17's "done when"): from the links page, each live link opens the
candidate page that recruiter gets, with their visibility and scope, read only, under a banner; only the candidate,
for their own links; it writes nothing to the access log, and costs a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLogEntry
from accounts.services import recruiter_link_consent_set, recruiter_link_end
from followups.services import check_in_answer, check_in_ask
from tests.conftest import make_user
from tests.world import interview_ended, link, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(owner, recruiter):
    made = link(owner, recruiter)
    now = timezone.now()
    public = interview_ended(
        owner,
        ends_at=now - dt.timedelta(days=2),
        company="Northwind",
        debrief={"interest": 7, "went_well": ["Explained the cache design"]},
    )
    interview_ended(owner, ends_at=now - dt.timedelta(days=1), company="Hushco", is_private=True, debrief={})
    return made, public


def preview_url(made) -> str:
    return f"/me/links/{made.pk}/sees/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_links_page_links_each_live_link_to_what_its_recruiter_sees(owner, shared):
    made, _public = shared
    page = logged_in(owner).get("/me/links/").content.decode()
    assert f'href="{preview_url(made)}" data-testid="link-preview"' in page


def test_the_preview_is_the_recruiters_page_read_only_under_a_banner(owner, recruiter, shared):
    made, public = shared
    check_in_answer(check_in=check_in_ask(recruiter=recruiter, interview=public)[0], answer="call")
    theirs = logged_in(recruiter).get(f"/candidates/{owner.pk}/").content.decode()
    response = logged_in(owner).get(preview_url(made))
    assert response.status_code == 200
    mine = response.content.decode()
    assert "This is what Rita Recruiter sees (full debriefs)" in text_of(mine)
    # The same history, the same card (the check-in answered to this recruiter), and not the private interview.
    history = re.compile(r'data-testid="history-interview">(.*?)</li>', re.S)
    assert history.findall(mine) == history.findall(theirs) and len(history.findall(mine)) == 1
    assert "Check-in answer: Call me" in mine and "Northwind" in mine and "Hushco" not in mine
    assert f'href="/interviews/{public.pk}/"' in mine  # shared in full: the debrief is linked, as for them
    # Read only: the recruiter's "Ask again" button is theirs.
    assert 'data-testid="check-in-ask"' in theirs and 'data-testid="check-in-ask"' not in mine
    assert "<form" not in mine.split('<main id="main"', 1)[1].split("</main>")[0]


def test_narrowed_to_the_summary_the_preview_shows_the_summary(owner, shared):
    made, public = shared
    recruiter_link_consent_set(link=made, user=owner, scope="summary", expires_on=None)
    mine = logged_in(owner).get(preview_url(made)).content.decode()
    assert "This is what Rita Recruiter sees (summary)" in text_of(mine)
    assert 'data-testid="card-summary-only"' in mine
    assert f'href="/interviews/{public.pk}/"' not in mine  # the debrief is not shared: not linked


def test_looking_writes_no_line_of_the_access_log(owner, recruiter, shared):
    made, _public = shared
    logged_in(owner).get(preview_url(made))
    assert not AccessLogEntry.objects.exists()
    logged_in(recruiter).get(f"/candidates/{owner.pk}/")
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.viewer, entry.what) == (recruiter, "history page (full debriefs)")


def test_only_the_candidate_for_their_own_live_links(owner, other_candidate, recruiter, shared):
    made, _public = shared
    theirs = link(other_candidate, make_user("otto@agency.example", role="recruiter", name="Otto Other"))
    assert logged_in(owner).get(preview_url(theirs)).status_code == 404
    assert logged_in(other_candidate).get(preview_url(made)).status_code == 404
    assert logged_in(recruiter).get(preview_url(made)).status_code == 404
    assert logged_in(owner).post(preview_url(made)).status_code == 405
    recruiter_link_end(link=made, user=owner)
    assert logged_in(owner).get(preview_url(made)).status_code == 404


def test_the_preview_costs_a_fixed_number_of_queries_one_fewer_than_the_recruiters_page(owner, recruiter, shared):
    made, _public = shared
    client, rita = logged_in(owner), logged_in(recruiter)

    def queries(visitor, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert visitor.get(url).status_code == 200
        return len(captured)

    few = queries(client, preview_url(made))
    theirs = queries(rita, f"/candidates/{owner.pk}/")
    for day in range(3, 9):
        interview_ended(owner, ends_at=timezone.now() - dt.timedelta(days=day), company=f"Co {day}", debrief={})
    assert queries(client, preview_url(made)) == few
    assert few == theirs - 1  # the recruiter's page writes its access-log line; the preview writes nothing
