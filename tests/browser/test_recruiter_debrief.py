"""In Chromium (issue 5): the linked recruiter reads the candidate's debrief read-only, with the R2 answer first;
the candidate revokes the link on /me/links/; the recruiter's reload of the same debrief page is a 404."""

from playwright.sync_api import expect

from accounts.models import RecruiterLink
from tests.conftest import browser_login
from tests.factories import DebriefFactory, InterviewFactory


def test_recruiter_reads_the_debrief_until_the_candidate_revokes(
    live_server, owner, recruiter, new_page, assert_no_serious_a11y_violations
):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    interview = InterviewFactory(opportunity__company__owner=owner, opportunity__company__name="Northwind Labs",
                                 arranged_by=recruiter)  # fmt: skip
    DebriefFactory(interview=interview, interest=8, overall_rating=7, still_interested="yes",
                   still_interested_why="The team ships every week", went_well=["Clear answer on caching"])  # fmt: skip
    url = f"{live_server.url}/interviews/{interview.pk}/"

    reader = new_page(viewport={"width": 1280, "height": 900})
    browser_login(reader, live_server, recruiter.email)
    expect(reader.get_by_test_id("desk-row")).to_contain_text("Olivia Owner")
    expect(reader.get_by_test_id("desk-interest")).to_contain_text("Yes")
    reader.get_by_role("link", name="Olivia Owner").click()
    expect(reader.get_by_test_id("card-still-interested")).to_contain_text("Yes")
    reader.get_by_role("link", name="Backend engineer at Northwind Labs").first.click()
    expect(reader).to_have_url(url)
    expect(reader.get_by_test_id("back-link")).to_have_attribute("href", f"/candidates/{owner.pk}/")
    expect(reader.get_by_test_id("still-interested")).to_contain_text("The team ships every week")
    expect(reader.get_by_test_id("went-well")).to_contain_text("Clear answer on caching")
    for control in ("Edit the debrief", "Edit interview", "Delete", "Mark as draft again"):
        expect(reader.get_by_text(control, exact=True)).to_have_count(0)
    reader.get_by_label("Your note to the candidate").fill("Well done. I will call them tomorrow.")
    reader.get_by_role("button", name="Save note").click()
    expect(reader.get_by_test_id("recruiter-note")).to_contain_text("I will call them tomorrow.")
    assert_no_serious_a11y_violations(reader)

    candidate = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    browser_login(candidate, live_server, owner.email)
    candidate.goto(url)
    expect(candidate.get_by_test_id("recruiter-note")).to_contain_text("I will call them tomorrow.")
    candidate.goto(live_server.url + "/me/links/")
    active = candidate.get_by_test_id("active-links")
    active.get_by_text("Revoke access…").click()
    active.get_by_role("button", name="Yes, revoke access").click()
    expect(candidate.get_by_role("alert")).to_contain_text("can no longer see your debriefs.")

    response = reader.reload()
    assert response.status == 404
    expect(reader.get_by_text("Clear answer on caching")).to_have_count(0)
