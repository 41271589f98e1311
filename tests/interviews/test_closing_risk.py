"""Closing risk (issue 17, item 5): a linked recruiter to whom the interview is shared in full records, from the
debrief call, the same "what was stated" row the candidate keeps; the candidate sees who wrote it."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.services import recruiter_link_consent_set
from interviews.models import StatedTerms
from tests.world import interview_ended, link, logged_in

pytestmark = pytest.mark.django_db

VALUES = {
    "salary_amount": "65000",
    "salary_currency": "EUR",
    "salary_period": "year",
    "notice_amount": "3",
    "notice_unit": "months",
    "relocation": "",
    "other_processes_count": "2",
    "other_processes": "Final round at Contoso",
}


@pytest.fixture
def interview(owner, recruiter):
    link(owner, recruiter)
    return interview_ended(owner, ends_at=timezone.now() - dt.timedelta(hours=3), company="Northwind", debrief={})


def test_the_recruiter_records_it_and_the_candidate_sees_who(owner, recruiter, interview):
    rita = logged_in(recruiter)
    assert 'data-testid="closing-risk-link"' in rita.get(f"/interviews/{interview.pk}/").content.decode()
    response = rita.post(f"/interviews/{interview.pk}/closing-risk/", VALUES)
    assert response.status_code == 302
    terms = StatedTerms.objects.get(interview=interview)
    assert terms.recorded_by == recruiter and terms.salary_amount == 65000 and terms.other_processes_count == 2
    page = logged_in(owner).get(f"/interviews/{interview.pk}/").content.decode()
    assert "Rita Recruiter</span>, your recruiter, from a call" in page
    assert "Final round at Contoso" in page


def test_bad_input_keeps_what_was_typed_and_saves_nothing(recruiter, interview):
    response = logged_in(recruiter).post(
        f"/interviews/{interview.pk}/closing-risk/", {**VALUES, "salary_currency": "euros"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Final round at Contoso" in page and 'value="65000"' in page
    assert not StatedTerms.objects.filter(interview=interview).exists()


def test_summary_scope_and_the_candidate_get_404(owner, recruiter, interview):
    made = recruiter.candidate_links.get()
    recruiter_link_consent_set(link=made, user=owner, scope="summary", expires_on=None)
    assert logged_in(recruiter).get(f"/interviews/{interview.pk}/closing-risk/").status_code == 404
    assert logged_in(recruiter).post(f"/interviews/{interview.pk}/closing-risk/", VALUES).status_code == 404
    assert logged_in(owner).get(f"/interviews/{interview.pk}/closing-risk/").status_code == 404
    assert not StatedTerms.objects.filter(interview=interview).exists()
