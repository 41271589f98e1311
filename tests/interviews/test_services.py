import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from interviews import services
from interviews.models import (
    Company,
    Debrief,
    Interview,
    InterviewPerson,
    LearningItem,
    Opportunity,
    OpportunityStatusChange,
    Person,
    Question,
    question_text_normalize,
)
from tests.factories import (
    CompanyFactory,
    InterviewFactory,
    InterviewPersonFactory,
    OpportunityFactory,
    PersonFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

STARTS = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def log(owner, **kwargs):
    values = {"starts_at": STARTS, "duration_minutes": 45, "format": Interview.Format.VIDEO}
    values.update(kwargs)
    return services.interview_log(owner=owner, **values)


def test_logging_with_a_new_company_creates_company_role_and_interview(owner, signals_sent):
    interview, created = log(owner, new_company_name="Acme", role_title="Data engineer")
    assert created
    assert interview.owner == owner
    assert interview.opportunity.company.name == "Acme"
    assert interview.opportunity.role_title == "Data engineer"
    assert interview.opportunity.status == Opportunity.Status.INTERVIEWING
    assert ("interview_changed", interview.pk) in signals_sent


def test_logging_moves_an_applied_opportunity_to_interviewing_and_records_it(owner, signals_sent):
    interview, _ = log(owner, new_company_name="Acme", role_title="Data engineer")
    opportunity = Opportunity.objects.get(pk=interview.opportunity_id)
    assert opportunity.status == Opportunity.Status.INTERVIEWING
    history = list(
        OpportunityStatusChange.objects.filter(opportunity=opportunity).values_list("from_status", "to_status")
    )
    assert history == [("", "applied"), ("applied", "interviewing")]
    assert ("opportunity_status_changed", "applied", "interviewing") in signals_sent


def test_a_new_company_name_matching_an_existing_one_reuses_it(owner):
    company = CompanyFactory(owner=owner, name="Acme Ltd")
    interview, _ = log(owner, new_company_name="  ACME ltd ", role_title="Engineer")
    assert interview.opportunity.company == company
    assert Company.objects.filter(owner=owner).count() == 1


def test_the_same_role_at_the_same_company_reuses_the_open_opportunity(owner):
    first, _ = log(owner, new_company_name="Acme", role_title="Engineer")
    second, _ = log(owner, new_company_name="acme", role_title="engineer", round=Interview.Round.SECOND)
    assert second.opportunity_id == first.opportunity_id


def test_a_reused_submission_token_returns_the_first_interview(owner):
    token = uuid.uuid4()
    first, created = log(owner, new_company_name="Acme", role_title="Engineer", submission_token=token)
    again, created_again = log(owner, new_company_name="Acme", role_title="Engineer", submission_token=token)
    assert created and not created_again
    assert again.pk == first.pk
    assert Interview.objects.filter(owner=owner).count() == 1


def test_the_same_token_from_two_owners_makes_two_interviews(owner, other_candidate):
    token = uuid.uuid4()
    log(owner, new_company_name="Acme", role_title="Engineer", submission_token=token)
    log(other_candidate, new_company_name="Acme", role_title="Engineer", submission_token=token)
    assert Interview.objects.count() == 2


def test_another_owners_company_or_opportunity_is_refused(owner, other_candidate):
    foreign_company = CompanyFactory(owner=other_candidate)
    foreign_opportunity = OpportunityFactory(company=foreign_company)
    with pytest.raises(ValidationError):
        log(owner, company=foreign_company, role_title="Engineer")
    with pytest.raises(ValidationError):
        log(owner, opportunity=foreign_opportunity)
    assert not Interview.objects.filter(owner=owner).exists()
    assert not Opportunity.objects.filter(owner=owner).exists()


def test_only_a_linked_recruiter_can_have_arranged_an_interview(owner, unlinked_recruiter, linked_recruiter):
    with pytest.raises(ValidationError):
        log(owner, new_company_name="Acme", role_title="Engineer", arranged_by=unlinked_recruiter)
    assert not Company.objects.filter(owner=owner).exists(), "nothing is half-saved"
    interview, _ = log(owner, new_company_name="Acme", role_title="Engineer", arranged_by=linked_recruiter)
    assert interview.arranged_by == linked_recruiter
    assert interview.opportunity.source == Opportunity.Source.RECRUITER


def test_duration_out_of_range_is_refused_by_the_service_too(owner):
    for minutes in (0, 10_000):
        with pytest.raises(ValidationError):
            log(owner, new_company_name="Acme", role_title="Engineer", duration_minutes=minutes)
    assert not Interview.objects.exists()


def test_rescheduling_sends_interview_changed(owner, signals_sent):
    interview = InterviewFactory(opportunity__company__owner=owner)
    services.interview_update(interview=interview, starts_at=STARTS + dt.timedelta(days=1))
    interview.refresh_from_db()
    assert interview.starts_at == STARTS + dt.timedelta(days=1)
    assert signals_sent == [("interview_changed", interview.pk)]


def test_an_interview_cannot_be_moved_to_another_owners_opportunity(owner, other_candidate):
    interview = InterviewFactory(opportunity__company__owner=owner)
    with pytest.raises(ValidationError):
        services.interview_update(interview=interview, opportunity=OpportunityFactory(company__owner=other_candidate))


def test_status_change_is_recorded_and_signalled_once(owner, signals_sent):
    opportunity = OpportunityFactory(company__owner=owner, status=Opportunity.Status.INTERVIEWING)
    services.opportunity_set_status(opportunity=opportunity, status=Opportunity.Status.OFFER)
    services.opportunity_set_status(opportunity=opportunity, status=Opportunity.Status.OFFER)
    assert opportunity.status == Opportunity.Status.OFFER
    assert signals_sent == [("opportunity_status_changed", "interviewing", "offer")]
    assert OpportunityStatusChange.objects.filter(opportunity=opportunity, to_status="offer").count() == 1


def test_unknown_status_is_refused(owner):
    opportunity = OpportunityFactory(company__owner=owner)
    with pytest.raises(ValidationError):
        services.opportunity_set_status(opportunity=opportunity, status="hired")


# --- People met ------------------------------------------------------------------------------------------------


def test_people_met_reuse_known_people_of_the_company_and_keep_order(owner, signals_sent):
    interview = InterviewFactory(opportunity__company__owner=owner)
    company = interview.opportunity.company
    known = PersonFactory(company=company, name="Dana Diaz")
    rows = services.interview_set_people(
        interview=interview,
        people=[
            services.PersonMet(name="Lee Park", title="CTO", part="panel"),
            services.PersonMet(name="dana diaz", part="hiring manager"),
            services.PersonMet(person=known),
        ],
    )
    assert [(r.person.name, r.part) for r in rows] == [("Lee Park", "panel"), ("Dana Diaz", "hiring manager")]
    assert Person.objects.filter(company=company).count() == 2
    assert signals_sent == [("interview_changed", interview.pk)]


def test_people_met_keeps_existing_rows_and_drops_removed_ones(owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    kept = InterviewPersonFactory(interview=interview)
    dropped = InterviewPersonFactory(interview=interview)
    services.interview_set_people(interview=interview, people=[services.PersonMet(person=kept.person, part="lead")])
    assert list(InterviewPerson.objects.filter(interview=interview).values_list("pk", "part")) == [(kept.pk, "lead")]
    assert Person.objects.filter(pk=dropped.person_id).exists(), "the person stays known at the company"


def test_a_person_of_another_owner_or_company_is_refused(owner, other_candidate):
    interview = InterviewFactory(opportunity__company__owner=owner)
    other_company_person = PersonFactory(company__owner=owner)
    foreign = PersonFactory(company__owner=other_candidate)
    for person in (other_company_person, foreign):
        with pytest.raises(ValidationError):
            services.interview_set_people(interview=interview, people=[services.PersonMet(person=person)])
    assert not InterviewPerson.objects.exists()


# --- Debriefs --------------------------------------------------------------------------------------------------


def test_quick_save_makes_a_draft_and_complete_marks_it(owner, signals_sent):
    interview = InterviewFactory(opportunity__company__owner=owner, starts_at=STARTS)
    debrief = services.debrief_save(
        interview=interview,
        values={
            "interest": 8,
            "went_well": ["On time", " ", "Clear STAR answers"],
            "hear_back_date": dt.date(2026, 5, 8),
        },
        people=[services.PersonMet(name="Lee Park")],
    )
    assert debrief.state == Debrief.State.DRAFT
    assert debrief.went_well == ["On time", "Clear STAR answers"]
    assert interview.participants.count() == 1
    assert ("interview_changed", interview.pk) in signals_sent
    now = timezone.now()
    debrief = services.debrief_save(interview=interview, values={"tone": "Friendly"}, complete=True, now=now)
    assert (debrief.state, debrief.completed_at, debrief.interest) == (Debrief.State.COMPLETE, now, 8)
    debrief = services.debrief_save(interview=interview, values={"tone": "Warm"})
    assert debrief.state == Debrief.State.COMPLETE, "saving again never turns a complete debrief back into a draft"
    assert Debrief.objects.count() == 1


@pytest.mark.parametrize(
    "hear_back_date",
    [dt.date(2026, 5, 3), dt.date(2027, 5, 5), dt.date(9999, 12, 31), dt.date(1, 1, 1)],
)
def test_hear_back_date_outside_the_interview_and_a_year_after_is_refused(owner, hear_back_date):
    interview = InterviewFactory(opportunity__company__owner=owner, starts_at=STARTS)
    with pytest.raises(ValidationError) as error:
        services.debrief_save(interview=interview, values={"hear_back_date": hear_back_date})
    assert "hear_back_date" in error.value.message_dict
    assert not Debrief.objects.exists()


def test_hear_back_date_on_the_interview_day_and_a_year_after_is_accepted(owner):
    interview = InterviewFactory(opportunity__company__owner=owner, starts_at=STARTS)
    for day in (dt.date(2026, 5, 4), dt.date(2027, 5, 4)):
        assert services.debrief_save(interview=interview, values={"hear_back_date": day}).hear_back_date == day


def test_a_bad_score_saves_nothing_at_all(owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    with pytest.raises(ValidationError):
        services.debrief_save(
            interview=interview, values={"interest": 11}, people=[services.PersonMet(name="Lee Park")]
        )
    assert not Debrief.objects.exists()
    assert not Person.objects.exists()


def test_questions_are_saved_in_order_normalised_and_edited_in_place(owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    asker = PersonFactory(company=interview.opportunity.company)
    services.debrief_save(
        interview=interview,
        values={},
        questions=[
            services.QuestionAsked(text="Why  US?", self_score=7, asked_by=asker),
            services.QuestionAsked(text="Tell me about a failure.", self_score=4, topic="behavioural"),
        ],
    )
    first, second = Question.objects.filter(interview=interview)
    assert (first.text, first.normalized_text, first.position) == ("Why  US?", "whyus", 0)
    services.debrief_save(
        interview=interview,
        values={},
        questions=[services.QuestionAsked(question=second, text="Tell me about a failure", self_score=6)],
    )
    assert list(Question.objects.filter(interview=interview).values_list("pk", "self_score")) == [(second.pk, 6)]


def test_a_question_of_another_interview_cannot_be_edited_through_this_one(owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    elsewhere = QuestionFactory(interview__opportunity__company__owner=owner)
    with pytest.raises(ValidationError):
        services.debrief_save(
            interview=interview, values={}, questions=[services.QuestionAsked(question=elsewhere, text="Hijack")]
        )
    elsewhere.refresh_from_db()
    assert elsewhere.text != "Hijack"


def test_learning_items_follow_the_list_and_done_ones_stay(owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    services.debrief_save(interview=interview, values={}, learning=["Kubernetes", "SQL window functions"])
    sql = LearningItem.objects.get(text="SQL window functions")
    services.learning_item_set_done(item=sql, done=True)
    services.debrief_save(interview=interview, values={}, learning=["Terraform"])
    assert sorted(LearningItem.objects.filter(owner=owner).values_list("text", "done")) == [
        ("SQL window functions", True),
        ("Terraform", False),
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Why us?", "why   US"),
        ("What's your biggest weakness?", "whats your BIGGEST weakness"),
        ("Ｗｈｙ ｕｓ", "why us"),
    ],
)
def test_question_normalisation_ignores_case_punctuation_spacing_and_width(a, b):
    assert question_text_normalize(text=a) == question_text_normalize(text=b) != ""


def test_deleting_an_interview_takes_its_debrief_and_questions_but_keeps_people(owner):
    interview = InterviewFactory(opportunity__company__owner=owner)
    person = InterviewPersonFactory(interview=interview).person
    QuestionFactory(interview=interview)
    services.debrief_save(interview=interview, values={"tone": "calm"})
    services.interview_delete(interview=interview)
    assert not Interview.objects.exists() and not Debrief.objects.exists() and not Question.objects.exists()
    assert Person.objects.filter(pk=person.pk).exists()
