"""The Progress page: scores over time, by topic, the weakest questions with their history, recurring themes and
learning items, drawn as SVG with a table for each chart, in the same number of queries for 10 or 1,000 interviews."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from insight import selectors as progress
from interviews.models import Debrief, LearningItem
from tests.factories import DebriefFactory, InterviewFactory, QuestionFactory

PROGRESS = "/progress/"


def _interview(owner, *, days_ago, rating, questions, company="Acme", went_well=(), weaknesses=""):
    interview = InterviewFactory(
        owner=owner,
        opportunity__company__owner=owner,
        opportunity__company__name=f"{company} {days_ago}",
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    DebriefFactory(interview=interview, overall_rating=rating, went_well=list(went_well), weaknesses=weaknesses)
    for text, score, topic in questions:
        QuestionFactory(interview=interview, text=text, self_score=score, topic=topic)
    return interview


@pytest.mark.django_db
def test_series_is_oldest_first_with_rating_and_average(owner, other_candidate):
    _interview(owner, days_ago=10, rating=4, questions=[("Why us?", 3, "Motivation"), ("SQL?", 5, "SQL")])
    _interview(owner, days_ago=2, rating=7, questions=[("Why us?", 8, "Motivation")])
    _interview(other_candidate, days_ago=1, rating=1, questions=[("Why us?", 1, "Motivation")])

    points = progress.interview_series(user=owner)
    assert [(p.rating, p.average) for p in points] == [(4, 4.0), (7, 8.0)]
    assert progress.topic_averages(user=owner) == [
        {"topic": "SQL", "average": 5.0, "asked": 1},
        {"topic": "Motivation", "average": 5.5, "asked": 2},
    ]


@pytest.mark.django_db
def test_weakest_questions_go_by_the_latest_score_and_keep_the_history(owner):
    _interview(owner, days_ago=10, rating=4, questions=[("Why us?", 2, ""), ("Tell me about yourself", 6, "")])
    _interview(owner, days_ago=5, rating=5, questions=[("why US", 9, ""), ("Tell me about yourself.", 3, "")])
    _interview(owner, days_ago=3, rating=5, questions=[("Biggest failure?", 5, "")])

    weakest = progress.weakest_questions(user=owner)
    assert [(q.text, q.latest) for q in weakest] == [
        ("Tell me about yourself.", 3),
        ("Biggest failure?", 5),
        ("why US", 9),
    ]
    assert [score for _, score, _ in weakest[0].history] == [6, 3]


@pytest.mark.django_db
def test_only_five_weakest_are_listed(owner):
    _interview(owner, days_ago=3, rating=5, questions=[(f"Question {n}?", n + 1, "") for n in range(8)])
    assert [q.latest for q in progress.weakest_questions(user=owner)] == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_recurring_themes_count_each_debrief_once(owner):
    _interview(
        owner,
        days_ago=9,
        rating=5,
        questions=[],
        went_well=["Clear examples", "clear  examples"],
        weaknesses="Long answers; no numbers",
    )
    _interview(owner, days_ago=5, rating=5, questions=[], went_well=["Clear examples"], weaknesses="long answers.")
    _interview(owner, days_ago=2, rating=5, questions=[], went_well=["Good rapport"], weaknesses="")

    themes = progress.recurring_themes(user=owner)
    assert themes["strengths"] == [{"text": "Clear examples", "debriefs": 2}]
    assert themes["weaknesses"] == [{"text": "Long answers", "debriefs": 2}]


@pytest.mark.django_db
def test_recurring_themes_are_counted_over_the_latest_debriefs_only(owner, owner_client):
    _interview(owner, days_ago=30, rating=5, questions=[], went_well=["Old habit"], weaknesses="Rambling")
    _interview(owner, days_ago=20, rating=5, questions=[], went_well=["Old habit"], weaknesses="Rambling")
    _interview(owner, days_ago=9, rating=5, questions=[], went_well=["Clear examples"], weaknesses="Rambling")
    _interview(owner, days_ago=2, rating=5, questions=[], went_well=["Clear examples"], weaknesses="")

    themes = progress.recurring_themes(user=owner, debriefs=3)
    assert themes["strengths"] == [{"text": "Clear examples", "debriefs": 2}]
    assert themes["weaknesses"] == [{"text": "Rambling", "debriefs": 2}]
    assert progress.recurring_themes(user=owner)["weaknesses"] == [{"text": "Rambling", "debriefs": 3}]
    page = owner_client.get(PROGRESS).content.decode()
    assert f"Said in more than one of your last {progress.THEMES_DEBRIEFS} debriefs." in page


@pytest.mark.django_db
def test_series_draws_only_the_latest_interviews_each_with_its_own_average(owner):
    for days_ago in range(5, 0, -1):
        _interview(owner, days_ago=days_ago, rating=days_ago, questions=[("Q?", days_ago, ""), ("R?", 10, "")])
    points = progress.interview_series(user=owner, limit=3)
    assert [(p.rating, p.average) for p in points] == [(3, 6.5), (2, 6.0), (1, 5.5)]


@pytest.mark.django_db
def test_page_draws_charts_with_tables_and_no_inline_styles(owner, owner_client):
    _interview(owner, days_ago=10, rating=4, questions=[("Why us?", 3, "Motivation")])
    _interview(owner, days_ago=2, rating=7, questions=[("Why us?", 8, "Motivation")])
    LearningItem.objects.create(owner=owner, text="SQL windows")
    LearningItem.objects.create(owner=owner, text="Docker", done=True, done_at=timezone.now())

    page = owner_client.get(PROGRESS).content.decode()
    assert page.count("<svg viewBox") == 2
    assert 'data-testid="table-scores"' in page and 'data-testid="table-topics"' in page
    assert "style=" not in page.split("<main", 1)[-1]
    assert "1 open, 1 done" in page
    assert re.search(r"<polyline points=\"[\d., ]+\"", page)


@pytest.mark.django_db
def test_empty_account_gets_explanations_not_errors(owner_client):
    page = owner_client.get(PROGRESS).content.decode()
    assert "<svg viewBox" not in page
    assert "your scores appear here" in page


@pytest.mark.django_db
def test_recruiters_have_no_progress_page(client, recruiter):
    client.force_login(recruiter)
    assert client.get(PROGRESS).status_code == 404


@pytest.mark.django_db
def test_progress_page_is_in_the_menu(owner_client):
    assert 'href="/progress/"' in owner_client.get("/me/data/").content.decode()


def _bulk(owner, count):
    opportunity = InterviewFactory(owner=owner, opportunity__company__owner=owner).opportunity
    interviews = InterviewFactory.create_batch(count, opportunity=opportunity)
    for n, interview in enumerate(interviews):
        DebriefFactory(interview=interview, overall_rating=1 + n % 10, went_well=["Calm"], weaknesses="Rambling")
        QuestionFactory(interview=interview, text=f"Question {n % 30}?", self_score=1 + n % 10, topic=f"T{n % 15}")
    LearningItem.objects.create(owner=owner, text="x")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_progress_page_queries_do_not_grow_with_interviews(owner, owner_client, count, django_assert_max_num_queries):
    _bulk(owner, count)
    with django_assert_max_num_queries(12):
        response = owner_client.get(PROGRESS)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_demo_candidates_progress_improves():
    call_command("seed_demo", stdout=None)
    candidate = User.objects.get(email="candidate@example.com")
    points = progress.interview_series(user=candidate)
    assert len(points) == 6 and points[0].rating < points[-1].rating
    assert Debrief.objects.filter(interview__owner=candidate).count() == 6
