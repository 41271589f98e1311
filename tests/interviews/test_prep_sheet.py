"""The prep sheet of an opportunity: everyone met with what each asked, every question and answer with its score,
what was stated, the employer's feedback, the questions planned for a call-back (ticked off when answered), the
open learning items, the next steps and hear-back date; in a fixed number of queries. And the worksheet of one
interview, filled in ahead."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews import services
from interviews.models import Debrief, InterviewPerson, LearningItem, PlannedQuestionAnswered
from interviews.services import PersonMet, QuestionAsked
from tests.conftest import make_user
from tests.prep_world import build, interview_at

pytestmark = pytest.mark.django_db


def prep_url(interview):
    return reverse("interviews:opportunity_prep", args=[interview.opportunity_id])


@pytest.fixture
def initech(owner):
    """Two rounds at Initech: a first one and the final (from the shared world), each with a debrief."""
    world = build(owner)
    final = world["initech_final"]
    chiara = world["chiara"]
    first = interview_at(owner, "Initech", "Backend developer", days_ago=12)
    services.debrief_save(
        interview=first,
        values={
            "employer_feedback": "Liked the billing story",
            "questions_if_called_back": "- Who would I report to?\n- How is on-call organised?\n\n",
            "next_steps": "A final round with the CTO",
        },
        people=[PersonMet(person=chiara, part="HR")],
        questions=[
            QuestionAsked(
                text="Walk me through a project you led",
                answer_summary="The billing rewrite",
                self_score=8,
                topic="experience",
                asked_by=chiara,
            )
        ],
        learning=["Event sourcing"],
    )
    services.debrief_save(
        interview=final,
        values={
            "next_steps": "Reference checks",
            "hear_back_date": timezone.localdate(final.starts_at, owner.zone) + dt.timedelta(days=7),
            "questions_if_called_back": "1. who would I report to",
        },
        learning=["Done already"],
    )
    services.learning_item_set_done(item=LearningItem.objects.get(text="Done already"), done=True)
    services.stated_terms_save(interview=first, recorded_by=owner, values={"salary_amount": 75000, "notice_amount": 3})
    services.stated_terms_save(interview=final, recorded_by=owner, values={"salary_amount": 78000})
    return world, first, final


def test_the_prep_sheet_holds_everything_said_to_the_company(owner_client, initech):
    _, first, final = initech
    page = owner_client.get(prep_url(first)).content.decode()
    # Everyone met, their title, and what each asked.
    assert 'Chiara Rossi</strong>, <span dir="auto">HR</span>' in page
    assert "met at the first round, final round" in page
    assert "Walk me through a project you led" in page and "What are your salary expectations?" in page
    # Every question and answer with its score, round by round.
    assert page.count('data-testid="prep-questions"') == 2
    assert "75k plus a bonus" in page and "7/10" in page and "The billing rewrite" in page
    # What was stated, with the warning.
    assert "75,000 a year" in page and "78,000 a year" in page and 'data-testid="stated-conflicts"' in page
    # Feedback, planned questions, open learning only, next steps and hear-back date of the latest round.
    assert "Liked the billing story" in page and "Strong on Kubernetes, weaker on SQL" in page
    # Planned after both rounds, it is one question (as first written), with the rounds that planned it.
    assert page.count('data-testid="planned-question"') == 2 and "Who would I report to?" in page
    assert "planned after the first round, final round" in page
    assert "Event sourcing" in page and "Done already" not in page
    assert "Reference checks" in page and "A final round with the CTO" not in page
    hear_back = Debrief.objects.get(interview=final).hear_back_date
    assert f"{hear_back:%a} {hear_back.day} {hear_back:%b %Y}" in page
    # Nothing of another opportunity.
    assert "Northwind" not in page and "Tell me about yourself" not in page


def test_a_planned_question_is_ticked_off_and_back(owner, owner_client, initech):
    _, first, _ = initech
    debrief = Debrief.objects.get(interview=first)
    url = reverse("interviews:planned_question_answered", args=[first.opportunity_id])
    response = owner_client.post(url, {"debrief": debrief.pk, "text": "How is on-call organised?", "answered": "on"})
    assert response.status_code == 302 and response["Location"].endswith("#planned-questions")
    assert PlannedQuestionAnswered.objects.get().normalized_text == "howisoncallorganised"
    page = owner_client.get(prep_url(first)).content.decode()
    assert 'How is on-call organised?</span> <span class="small text-muted">(answered)' in page
    owner_client.post(url, {"debrief": debrief.pk, "text": "How is on-call organised?"})
    assert not PlannedQuestionAnswered.objects.exists()
    # Ticked in the final round's list, it is answered for the sheet; unticked from either, it is open again.
    final = Debrief.objects.get(interview=initech[2])
    owner_client.post(url, {"debrief": final.pk, "text": "1. who would I report to", "answered": "on"})
    page = owner_client.get(prep_url(first)).content.decode()
    assert page.count("(answered)") == 1
    owner_client.post(url, {"debrief": debrief.pk, "text": "Who would I report to?"})
    assert not PlannedQuestionAnswered.objects.exists()


@pytest.mark.parametrize(
    "posted",
    [
        {"text": "A question never planned", "answered": "on"},
        {"text": "", "answered": "on"},
        {"text": "x" * 20_000, "answered": "on"},
        {"text": "Who would I report to?\x00", "answered": "on"},
        {"debrief": "99999999999999999999", "text": "Who would I report to?", "answered": "on"},
        {"debrief": "abc", "text": "Who would I report to?", "answered": "on"},
    ],
)
def test_a_bad_tick_is_refused_with_a_message(owner, owner_client, initech, posted):
    _, first, _ = initech
    data = {"debrief": Debrief.objects.get(interview=first).pk, **posted}
    url = reverse("interviews:planned_question_answered", args=[first.opportunity_id])
    response = owner_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "not in the list you planned" in response.content.decode() or "not on this prep sheet" in (
        response.content.decode()
    )
    assert not PlannedQuestionAnswered.objects.exists()


def test_another_opportunitys_debrief_cannot_be_ticked_from_this_sheet(owner, owner_client, initech):
    world, first, _ = initech
    elsewhere = Debrief.objects.get(interview=world["globex_screen"])
    Debrief.objects.filter(pk=elsewhere.pk).update(questions_if_called_back="Who would I report to?")
    url = reverse("interviews:planned_question_answered", args=[first.opportunity_id])
    owner_client.post(url, {"debrief": elsewhere.pk, "text": "Who would I report to?", "answered": "on"})
    assert not PlannedQuestionAnswered.objects.exists()


def test_the_prep_sheet_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small, large = make_user("small@example.com"), make_user("large@example.com")
    small_world, large_world = build(small), build(large)
    chiara = large_world["chiara"]
    for i in range(12):
        interview = interview_at(large, "Initech", "Backend developer", days_ago=30 + i)
        services.debrief_save(
            interview=interview,
            values={"questions_if_called_back": f"Question {i}?", "employer_feedback": "Ok"},
            people=[PersonMet(person=chiara)],
            questions=[
                QuestionAsked(text=f"Round {i} question {n}", answer_summary="An answer", self_score=6, asked_by=chiara)
                for n in range(5)
            ],
            learning=[f"Learn {i}"],
        )
        services.stated_terms_save(interview=interview, recorded_by=large, values={"salary_amount": 70000 + i})
    client.force_login(small)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(prep_url(small_world["initech_final"])).status_code == 200
    client.force_login(large)
    with django_assert_max_num_queries(len(baseline)):
        page = client.get(prep_url(large_world["initech_final"])).content.decode()
    assert page.count('data-testid="planned-question"') == 12
    assert len(baseline) <= 9  # session, user, the opportunity, then six reads of the sheet


def test_the_worksheet_of_an_interview_carries_the_people_over_from_the_last_round(owner, owner_client, initech):
    world = initech[0]
    next_round = interview_at(owner, "Initech", "Backend developer", days_ago=-3, round="second")
    page = owner_client.get(reverse("interviews:interview_worksheet", args=[next_round.pk])).content.decode()
    assert 'data-testid="worksheet-prefilled"' in page
    assert "Initech" in page and "Backend developer" in page and "Second round" in page
    # The final round (the latest before this one) met Chiara: she is expected again.
    assert "Met at the round before" in page and 'Chiara Rossi</span>, <span dir="auto">HR' in page
    # People already noted for the interview win over the carried-over ones.
    InterviewPerson.objects.create(interview=next_round, person=world["anna"])  # another company's: a bare row
    page = owner_client.get(reverse("interviews:interview_worksheet", args=[next_round.pk])).content.decode()
    assert "Expected:" in page and "Anna Lindqvist" in page and "Chiara Rossi" not in page
    # The blank worksheet is still blank.
    assert 'data-testid="worksheet-prefilled"' not in owner_client.get(reverse("interviews:worksheet")).content.decode()
