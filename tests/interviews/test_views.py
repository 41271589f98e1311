import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecruiterLink
from interviews.models import Debrief, Interview, InterviewPerson, LearningItem, Opportunity, Person, Question
from tests.factories import (
    DebriefFactory,
    InterviewFactory,
    InterviewPersonFactory,
    OpportunityFactory,
    QuestionFactory,
    interview_log_post,
)

pytestmark = pytest.mark.django_db

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']


@pytest.fixture
def interview(owner):
    interview = InterviewFactory(opportunity__company__owner=owner, opportunity__company__name="Acme")
    InterviewPersonFactory(interview=interview)
    QuestionFactory(interview=interview)
    DebriefFactory(interview=interview)
    return interview


def object_urls(interview):
    """Every URL that names one of the owner's objects."""
    item = LearningItem.objects.create(owner=interview.owner, interview=interview, text="Go")
    person = interview.participants.first().person
    return [
        reverse("interviews:detail", args=[interview.pk]),
        reverse("interviews:edit", args=[interview.pk]),
        reverse("interviews:delete", args=[interview.pk]),
        reverse("interviews:debrief_quick", args=[interview.pk]),
        reverse("interviews:debrief_full", args=[interview.pk]),
        reverse("interviews:debrief_reopen", args=[interview.pk]),
        reverse("interviews:learning_toggle", args=[item.pk]),
        reverse("interviews:opportunity_detail", args=[interview.opportunity_id]),
        reverse("interviews:opportunity_edit", args=[interview.opportunity_id]),
        reverse("interviews:opportunity_status", args=[interview.opportunity_id]),
        reverse("interviews:person_edit", args=[person.pk]),
        reverse("interviews:company_edit", args=[interview.opportunity.company_id]),
    ]


def test_outsiders_get_404_on_every_url_get_and_post(interview, other_client):
    for url in object_urls(interview):
        assert other_client.get(url).status_code == 404, url
        assert other_client.post(url, {"status": "rejected", "name": "x", "tone": "x"}).status_code == 404, url
    assert Interview.objects.filter(pk=interview.pk).exists()
    assert Opportunity.objects.get(pk=interview.opportunity_id).status == Opportunity.Status.INTERVIEWING


def test_anonymous_visitors_are_sent_to_log_in(interview, client):
    for url in [*object_urls(interview), reverse("interviews:log"), reverse("interviews:opportunity_list")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_linked_recruiter_reads_the_interview_but_cannot_change_anything(interview, client, recruiter, owner):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    client.force_login(recruiter)
    detail = reverse("interviews:detail", args=[interview.pk])
    response = client.get(detail)
    assert response.status_code == 200
    assert reverse("interviews:edit", args=[interview.pk]) not in response.content.decode()
    for url in object_urls(interview)[1:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"status": "rejected"}).status_code == 404, url
    Interview.objects.filter(pk=interview.pk).update(is_private=True)
    assert client.get(detail).status_code == 404


def test_an_unlinked_recruiter_gets_404(interview, client, unlinked_recruiter):
    client.force_login(unlinked_recruiter)
    assert client.get(reverse("interviews:detail", args=[interview.pk])).status_code == 404


def log_post(**overrides):
    globex = {"new_company_name": "Globex", "role_title": "Platform engineer", "format": "onsite"}
    return interview_log_post(**{**globex, **overrides})


def test_logging_a_past_interview_leads_to_the_quick_debrief(owner_client, owner):
    response = owner_client.post(reverse("interviews:log"), log_post())
    interview = Interview.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:debrief_quick", args=[interview.pk])
    assert interview.opportunity.company.name == "Globex"
    assert interview.starts_at == dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def test_a_double_submitted_log_form_creates_one_interview(owner_client, owner):
    first = owner_client.post(reverse("interviews:log"), log_post())
    second = owner_client.post(reverse("interviews:log"), log_post())
    assert Interview.objects.filter(owner=owner).count() == 1
    assert first["Location"] == second["Location"]


def test_bad_log_input_shows_field_errors_and_keeps_what_was_typed(owner_client, owner):
    response = owner_client.post(
        reverse("interviews:log"), log_post(duration_minutes="10000", role_title="Ingénieur 👩🏽‍💻 مهندس")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "From 1 to 720 minutes" in body
    assert 'value="Ingénieur 👩🏽‍💻 مهندس"' in body
    assert not Interview.objects.exists() and not Opportunity.objects.exists()


def test_a_dst_gap_start_is_a_field_error_not_a_500(owner_client):
    response = owner_client.post(reverse("interviews:log"), log_post(starts_at="2026-03-29T01:30"))
    assert response.status_code == 200
    assert "does not exist in Europe/London: the clocks skip it" in response.content.decode()
    assert not Interview.objects.exists()


def test_a_posted_company_of_another_owner_is_a_form_error(owner_client, other_candidate):
    foreign = OpportunityFactory(company__owner=other_candidate)
    response = owner_client.post(
        reverse("interviews:log"), log_post(new_company_name="", company=str(foreign.company_id))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["company"]
    assert not Interview.objects.exists()


@pytest.mark.parametrize("evil", XSS)
def test_hostile_text_is_shown_escaped_everywhere(owner_client, owner, evil):
    owner_client.post(reverse("interviews:log"), log_post(new_company_name=evil, role_title=evil))
    interview = Interview.objects.get(owner=owner)
    quick = reverse("interviews:debrief_quick", args=[interview.pk])
    owner_client.post(
        quick,
        {
            "people-TOTAL_FORMS": "1",
            "people-INITIAL_FORMS": "0",
            "people-0-name": evil,
            "people-0-part": evil,
            "went_well": evil,
            "next_steps": evil,
        },
    )
    pages = [
        reverse("home"),
        reverse("interviews:detail", args=[interview.pk]),
        quick,
        reverse("interviews:debrief_full", args=[interview.pk]),
        reverse("interviews:list"),
        reverse("interviews:opportunity_list"),
        reverse("interviews:opportunity_detail", args=[interview.opportunity_id]),
    ]
    for url in pages:
        body = owner_client.get(url).content.decode()
        assert evil not in body, url
        assert "&lt;" in body, url


def quick_post(**overrides):
    data = {
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-0-name": "Lee Park",
        "people-0-title": "CTO",
        "people-0-part": "panel",
        "people-0-ORDER": "2",
        "people-1-name": "Dana Diaz",
        "people-1-ORDER": "1",
        "interest": "8",
        "went_well": "On time\nGood rapport\n\nClear examples",
        "to_improve": "Shorter answers",
        "next_steps": "A technical round",
        "hear_back_date": "2026-05-11",
    }
    data.update(overrides)
    return data


def test_quick_debrief_saves_a_draft_with_people_in_the_order_shown(owner_client, owner):
    interview = InterviewFactory(
        opportunity__company__owner=owner, starts_at=dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    )
    response = owner_client.post(reverse("interviews:debrief_quick", args=[interview.pk]), quick_post())
    assert response.status_code == 302
    debrief = Debrief.objects.get(interview=interview)
    assert debrief.state == Debrief.State.DRAFT
    assert debrief.went_well == ["On time", "Good rapport", "Clear examples"]
    assert debrief.interest == 8 and debrief.hear_back_date == dt.date(2026, 5, 11)
    names = list(InterviewPerson.objects.filter(interview=interview).values_list("person__name", "part"))
    assert names == [("Dana Diaz", ""), ("Lee Park", "panel")]
    page = owner_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    for text in ("Lee Park", "Dana Diaz", "Good rapport", "A technical round", "Draft"):
        assert text in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("interest", "0"),
        ("interest", "11"),
        ("interest", "-1"),
        ("interest", "3.5"),
        ("interest", "５"),
        ("hear_back_date", "2026-05-01"),
        ("hear_back_date", "2028-01-01"),
        ("next_steps", "z" * 50_000),
        ("next_steps", "nul\x00byte"),
    ],
)
def test_bad_quick_debrief_input_saves_nothing_and_keeps_everything_typed(owner_client, owner, field, value):
    interview = InterviewFactory(
        opportunity__company__owner=owner, starts_at=dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    )
    response = owner_client.post(reverse("interviews:debrief_quick", args=[interview.pk]), quick_post(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert "Lee Park" in body and "Good rapport" in body
    assert not Debrief.objects.exists() and not Person.objects.exists()


def full_post(**overrides):
    data = {
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Why do you want to work here?",
        "questions-0-self_score": "7",
        "questions-0-ORDER": "1",
        "questions-1-text": "Describe a failure",
        "questions-1-self_score": "3",
        "questions-1-ORDER": "2",
        "questions-2-text": "Design a rate limiter",
        "questions-2-self_score": "9",
        "questions-2-ORDER": "3",
        "tone": "Relaxed",
        "interest": "9",
        "overall_rating": "7",
        "learning": "Kafka\nSystem design",
    }
    data.update(overrides)
    return data


def test_full_debrief_saves_questions_and_marks_complete(owner_client, owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    url = reverse("interviews:debrief_full", args=[interview.pk])
    response = owner_client.post(url, full_post(complete="1"))
    assert response.status_code == 302
    debrief = Debrief.objects.get(interview=interview)
    assert debrief.state == Debrief.State.COMPLETE and debrief.completed_at is not None
    assert list(Question.objects.filter(interview=interview).values_list("text", "self_score")) == [
        ("Why do you want to work here?", 7),
        ("Describe a failure", 3),
        ("Design a rate limiter", 9),
    ]
    assert sorted(LearningItem.objects.filter(interview=interview).values_list("text", flat=True)) == [
        "Kafka",
        "System design",
    ]


def test_removing_a_question_row_keeps_the_others_after_an_error_elsewhere(owner_client, owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    url = reverse("interviews:debrief_full", args=[interview.pk])
    response = owner_client.post(url, full_post(**{"questions-1-DELETE": "on", "overall_rating": "11"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Why do you want to work here?" in body and "Design a rate limiter" in body
    assert not Question.objects.exists()
    fixed = full_post(**{"questions-1-DELETE": "on"})
    assert owner_client.post(url, fixed).status_code == 302
    assert list(Question.objects.values_list("text", flat=True)) == [
        "Why do you want to work here?",
        "Design a rate limiter",
    ]


def test_a_question_asked_before_shows_the_earlier_answer_and_score(owner_client, owner):
    earlier = QuestionFactory(
        interview__opportunity__company__owner=owner,
        interview__opportunity__company__name="Initech",
        text="Why do you want to work HERE",
        answer_summary="Their mission on open data",
        self_score=4,
    )
    interview = InterviewFactory(opportunity__company__owner=owner)
    url = reverse("interviews:debrief_full", args=[interview.pk])
    owner_client.post(url, full_post())
    for page in (url, reverse("interviews:detail", args=[interview.pk])):
        body = owner_client.get(page).content.decode()
        assert "Initech" in body and "earlier-answers" in body, page
    assert "Their mission on open data" in owner_client.get(url).content.decode()
    assert earlier.interview.owner == owner


def test_another_owners_question_id_cannot_be_posted_into_a_debrief(owner_client, owner, other_candidate):
    foreign = QuestionFactory(interview__opportunity__company__owner=other_candidate, text="Theirs")
    interview = InterviewFactory(opportunity__company__owner=owner)
    url = reverse("interviews:debrief_full", args=[interview.pk])
    response = owner_client.post(url, full_post(**{"questions-0-question": str(foreign.pk)}))
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.text == "Theirs" and foreign.interview.owner == other_candidate


def test_status_change_is_recorded_and_shown(owner_client, interview):
    url = reverse("interviews:opportunity_status", args=[interview.opportunity_id])
    response = owner_client.post(url, {"status": "offer"})
    assert response.status_code == 302
    page = owner_client.get(reverse("interviews:opportunity_detail", args=[interview.opportunity_id]))
    assert "Interviewing → Offer" in page.content.decode()
    assert owner_client.get(url).status_code == 405


def test_opportunity_list_filters_by_status_company_and_search(owner_client, owner):
    offer = OpportunityFactory(company__owner=owner, company__name="Umbrella", role_title="SRE", status="offer")
    OpportunityFactory(company__owner=owner, company__name="Hooli", role_title="Data analyst", status="applied")
    url = reverse("interviews:opportunity_list")

    def shown(**params):
        return [o.pk for o in owner_client.get(url, params).context["opportunities"]]

    assert len(shown()) == 2
    assert shown(status="offer") == [offer.pk]
    assert shown(company=offer.company_id) == [offer.pk]
    assert shown(q="umbr") == [offer.pk]
    assert shown(q="nothing") == []


def test_editing_and_deleting_an_interview(owner_client, interview):
    edit = reverse("interviews:edit", args=[interview.pk])
    form = owner_client.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(starts_at="2026-06-01T15:30", duration_minutes="90", is_private="")
    assert owner_client.post(edit, data).status_code == 302
    interview.refresh_from_db()
    assert interview.duration_minutes == 90
    assert timezone.localtime(interview.starts_at, interview.owner.zone).strftime("%H:%M") == "15:30"
    assert owner_client.get(reverse("interviews:delete", args=[interview.pk])).status_code == 200
    assert owner_client.post(reverse("interviews:delete", args=[interview.pk])).status_code == 302
    assert not Interview.objects.filter(pk=interview.pk).exists()


def test_home_page_links_interviews_to_debrief_and_hints_at_two_or_three(owner_client, owner):
    interview = InterviewFactory(opportunity__company__owner=owner, opportunity__role_title="Analyst")
    body = owner_client.get(reverse("home")).content.decode()
    assert reverse("interviews:debrief_quick", args=[interview.pk]) in body
    assert "everything rides on this one. Keep two or three going at once" in body


def test_worksheet_has_every_question_and_a_print_stylesheet(owner_client):
    body = owner_client.get(reverse("interviews:worksheet")).content.decode()
    assert "what would make it one?" in body and "hear back" in body
    assert "css/debrief.css" in body
    stylesheet = (settings.BASE_DIR / "static" / "css" / "debrief.css").read_text()
    assert "@media print" in stylesheet and ".worksheet" in stylesheet


def test_opportunity_edit_records_an_agency_source_and_refuses_an_unlinked_recruiter(
    owner_client, interview, unlinked_recruiter
):
    url = reverse("interviews:opportunity_edit", args=[interview.opportunity_id])
    data = {"role_title": "Staff engineer", "source": "agency", "agency_name": "Hays", "job_description": "Lead"}
    assert owner_client.post(url, data).status_code == 302
    opportunity = Opportunity.objects.get(pk=interview.opportunity_id)
    assert (opportunity.role_title, opportunity.source, opportunity.agency_name) == ("Staff engineer", "agency", "Hays")
    response = owner_client.post(url, {**data, "source": "recruiter", "recruiter": str(unlinked_recruiter.pk)})
    assert response.status_code == 200 and "recruiter" in response.context["form"].errors
    assert owner_client.post(url, {**data, "source": "agency", "agency_name": ""}).status_code == 200


def test_company_edit_refuses_a_name_already_used_in_another_case(owner_client, owner, interview):
    OpportunityFactory(company__owner=owner, company__name="Initech")
    url = reverse("interviews:company_edit", args=[interview.opportunity.company_id])
    response = owner_client.post(url, {"name": "INITECH"})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    data = {"name": "Acme Corp", "website": "acme.example", "location": "Leeds 🇬🇧", "notes": "Hybrid"}
    assert owner_client.post(url, data).status_code == 302
    company = interview.opportunity.company
    company.refresh_from_db()
    assert (company.name, company.website, company.location) == ("Acme Corp", "https://acme.example", "Leeds 🇬🇧")


def test_person_details_are_saved_and_the_next_link_only_stays_on_this_site(owner_client, interview):
    person = interview.participants.first().person
    url = reverse("interviews:person_edit", args=[person.pk])
    data = {"name": "Lee Park", "title": "CTO", "email": "lee@example.com", "responsibilities": "Platform"}
    response = owner_client.post(url + "?next=https://evil.example/", data)
    assert response["Location"] == reverse("interviews:opportunity_list")
    person.refresh_from_db()
    assert (person.name, person.email) == ("Lee Park", "lee@example.com")
    detail = reverse("interviews:detail", args=[interview.pk])
    assert owner_client.post(f"{url}?next={detail}", data)["Location"] == detail


def test_learning_items_can_be_ticked_off_from_the_checklist(owner_client, owner, interview):
    item = LearningItem.objects.create(owner=owner, interview=interview, text="GraphQL")
    assert "GraphQL" in owner_client.get(reverse("interviews:learning_list")).content.decode()
    response = owner_client.post(reverse("interviews:learning_toggle", args=[item.pk]), {"back": "list"})
    assert response["Location"] == reverse("interviews:learning_list")
    item.refresh_from_db()
    assert item.done and item.done_at is not None


def test_a_recruiter_sees_whose_interview_it_is(interview, client, recruiter, owner):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    client.force_login(recruiter)
    body = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Olivia Owner" in body


def test_home_page_shows_times_in_the_users_own_zone(client):
    from tests.conftest import make_user

    tokyo = make_user("tokyo@example.com", time_zone="Asia/Tokyo")
    day = timezone.now().date() + dt.timedelta(days=3)
    starts = dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)
    InterviewFactory(opportunity__company__owner=tokyo, starts_at=starts)
    client.force_login(tokyo)
    body = client.get(reverse("home")).content.decode()
    assert "21:00" in body and "12:00" not in body


def test_interview_page_links_its_follow_up_page_and_calendar_file_for_the_owner(owner_client, owner):
    from tests.factories import InterviewFactory

    interview = InterviewFactory(opportunity__company__owner=owner)
    page = owner_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert reverse("followups:interview", args=[interview.pk]) in page
    assert reverse("followups:interview_ics", args=[interview.pk]) in page
