"""The question bank: every question asked, similar wordings grouped, each time asked with company, round, who
asked, the answer and the score, the trend; filters by topic, weakest first, and a "practise" flag; and the small
JSON list the full debrief asks for while a question is typed."""

import hashlib
import importlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews import selectors, services
from interviews.models import Question
from interviews.services import QuestionAsked
from tests.conftest import make_user
from tests.prep_world import bare_interview, build, interview_at, question

pytestmark = pytest.mark.django_db

BANK = reverse("interviews:question_bank")
SIMILAR = reverse("interviews:question_similar")
PRACTISE = reverse("interviews:question_practise")


def group_texts(groups):
    return [sorted({q.text for q in g.asked}) for g in groups]


def test_the_same_question_in_other_case_and_punctuation_is_one_group(owner):
    world = build(owner)
    question(world["initech_final"], "tell me about yourself.", "Shorter this time", 9, "intro")
    groups = selectors.question_groups(user=owner)
    about = next(g for g in groups if "yourself" in g.text.lower())
    assert [q.interview.opportunity.company.name for q in about.asked] == ["Globex", "Initech"]
    assert (about.scores, about.trend, about.latest_score) == ([8, 9], "up", 9)
    # The two salary wordings that normalise alike are one group; "What salary are you looking for?" is its own
    # on SQLite, and on PostgreSQL too: its trigram similarity to them is 0.40, under SIMILAR_WORDING.
    salary = next(g for g in groups if g.text == "What are your salary expectations?")
    assert len(salary.asked) == 2 and salary.trend == "up"


def save_questions(interview, *texts):
    """Saves the interview's questions as the full debrief does (which gives each its group)."""
    services.debrief_save(interview=interview, values={}, questions=[QuestionAsked(text=t) for t in texts])


def test_a_question_saved_again_in_other_words_joins_its_group(owner):
    world = build(owner)
    save_questions(world["globex_screen"], "Tell me about yourself")
    save_questions(world["initech_final"], "TELL me about yourself!!", "Tell me a little about yourself")
    groups = group_texts(selectors.question_groups(user=owner))
    if connection.vendor == "postgresql":  # trigram similarity 0.74
        assert ["TELL me about yourself!!", "Tell me a little about yourself", "Tell me about yourself"] in groups
    else:
        assert ["TELL me about yourself!!", "Tell me about yourself"] in groups
        assert ["Tell me a little about yourself"] in groups


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's (CI runs it)")
def test_on_postgresql_similar_wordings_join_and_different_questions_stay_apart(owner):
    world = build(owner)
    save_questions(world["globex_screen"], "Tell me about yourself")
    save_questions(world["initech_final"], "Tell me a little about yourself", "Why do you want to leave?")
    save_questions(world["northwind_first"], "Tell me about a time you failed", "What are your salary expectations?")
    groups = group_texts(selectors.question_groups(user=owner))
    assert ["Tell me a little about yourself", "Tell me about yourself"] in groups
    assert ["Tell me about a time you failed"] in groups
    assert ["What are your salary expectations?"] in groups  # 0.40 like "What salary are you looking for?"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's (CI runs it)")
def test_the_migration_groups_questions_saved_before_it(owner):
    from django.db import connection as conn

    world = build(owner)
    question(world["initech_final"], "Tell me a little about yourself", "Short version", 7)
    Question.objects.update(group_key="")
    migration = importlib.import_module("interviews.migrations.0005_prep_stated_terms_practise")
    with conn.schema_editor() as editor:
        migration.question_groups_fill(None, editor)
    groups = group_texts(selectors.question_groups(user=owner))
    assert ["Tell me a little about yourself", "Tell me about yourself"] in groups
    assert len(Question.objects.filter(group_key="whatareyoursalaryexpectations")) == 2


def test_each_time_asked_shows_company_round_who_answer_and_score(owner, owner_client):
    build(owner)
    page = owner_client.get(BANK).content.decode()
    assert page.count('data-testid="question-group"') == 4
    assert "Northwind Traders</a>,\n                  first round" in page
    assert 'asked by <span dir="auto">Anna Lindqvist</span>' in page
    assert 'score 6. <span class="preserve-lines" dir="auto">70k to 75k EUR base</span>' in page
    assert "score up ↑" in page and "(6 → 7)" in page


def test_filters_topic_weakest_first_and_practise(owner, owner_client):
    world = build(owner)
    page = owner_client.get(BANK, {"topic": "pay", "order": "nonsense"}).content.decode()
    assert "salary" in page and "Tell me about yourself" not in page and "Why do you want to leave?" not in page
    weakest = [g.text for g in selectors.question_bank(user=owner, order="weakest")]
    assert weakest[0] == "What salary are you looking for?"  # latest score 5
    assert weakest[-1] == "Tell me about yourself"  # 8

    ids = [world["q_nw_salary"].pk, world["q_it_salary"].pk]
    response = owner_client.post(PRACTISE, {"questions": ids, "practise": "on", "next": BANK + "?order=weakest"})
    assert response.status_code == 302 and response["Location"] == BANK + "?order=weakest"
    assert set(Question.objects.filter(to_practise=True).values_list("pk", flat=True)) == set(ids)
    page = owner_client.get(BANK, {"practise": "on"}).content.decode()
    assert page.count('data-testid="question-group"') == 1 and 'data-testid="practise-flag"' in page
    # Asked again later under the same wording: still flagged, as a group is flagged when any of its rows is.
    question(world["globex_screen"], "What are your salary expectations", "85k", 6)
    assert [g.to_practise for g in selectors.question_bank(user=owner, practise_only=True)] == [True]
    owner_client.post(PRACTISE, {"questions": ids})
    assert not Question.objects.filter(to_practise=True).exists()


@pytest.mark.parametrize(
    "posted",
    [
        {},
        {"questions": ["abc"]},
        {"questions": ["99999999999999999999"]},
        {"questions": ["-1"]},
        {"questions": ["1\x00"]},
        {"questions": [""]},
    ],
)
def test_a_bad_practise_post_is_refused_with_a_message(owner, owner_client, posted):
    build(owner)
    response = owner_client.post(PRACTISE, {**posted, "practise": "on"}, follow=True)
    assert response.status_code == 200
    assert "not in your question bank" in response.content.decode()
    assert not Question.objects.filter(to_practise=True).exists()


def test_another_candidates_questions_cannot_be_flagged(owner, owner_client):
    theirs = build(make_user("rival@example.com"))
    build(owner)
    owner_client.post(PRACTISE, {"questions": [theirs["q_nw_salary"].pk], "practise": "on"})
    assert not Question.objects.filter(to_practise=True).exists()


def test_the_bank_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small, large = make_user("small@example.com"), make_user("large@example.com")
    build(small)
    world = build(large)
    for i in range(120):
        interview = bare_interview(large, f"Company {i % 9}", "Role", days_ago=40 + i)
        # Thirty wordings no two of which are alike, even to trigrams.
        wording = hashlib.sha256(str(i % 30).encode()).hexdigest()[:16]
        question(interview, f"Question {wording}?", f"Answer {i}", i % 10 + 1, f"topic {i % 4}")
    question(world["initech_final"], "Tell me about yourself!", "", 5)
    client.force_login(small)
    with CaptureQueriesContext(connection) as baseline:
        client.get(BANK, {"order": "weakest"})
    client.force_login(large)
    with django_assert_max_num_queries(len(baseline)):
        page = client.get(BANK, {"order": "weakest", "page": "2"}).content.decode()
    assert page.count('data-testid="question-group"') == 14  # 30 + 4 groups, 20 a page


def similar(client, text, interview=None):
    params = {"q": text}
    if interview is not None:
        params["interview"] = interview
    response = client.get(SIMILAR, params)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)["questions"]


def test_typing_a_question_offers_earlier_ones_with_their_answers(owner, owner_client):
    world = build(owner)
    final = interview_at(owner, "Initech", "Backend developer", days_ago=1, round="final")
    assert similar(owner_client, "te", final.pk) == []  # fewer than three characters
    found = similar(owner_client, "tell me ab", final.pk)
    assert found[0]["text"] == "Tell me about yourself"
    assert found[0]["asked"] == [
        {
            "company": "Globex",
            "round": "Screening",
            "date": found[0]["asked"][0]["date"],
            "answer": "Ten years of data platforms",
            "score": 8,
        }
    ]
    salary = similar(owner_client, "salary expect")
    assert salary[0]["text"] == "What are your salary expectations?"
    assert [a["company"] for a in salary[0]["asked"]] == ["Initech", "Northwind Traders"]  # newest first
    # The interview being typed into is left out.
    assert similar(owner_client, "why do you want", world["initech_final"].pk) == []


@pytest.mark.parametrize(
    "typed",
    ["x" * 5000, "%%%", "___", "%_", "'\"", "tell\x00me", "\x00\x00\x00", "<script>", "😀😀😀", "tell me ab" * 200],
)
def test_bad_typing_gives_a_list(owner, owner_client, typed):
    build(owner)
    assert isinstance(similar(owner_client, typed), list)


@pytest.mark.parametrize("interview", ["abc", "-3", "99999999999999999999999", "1.5", ""])
def test_a_bad_interview_parameter_gives_a_list(owner, owner_client, interview):
    build(owner)
    response = owner_client.get(SIMILAR, {"q": "salary", "interview": interview})
    assert response.status_code == 200


def test_typing_never_offers_someone_elses_questions(owner, owner_client):
    build(make_user("rival@example.com"))
    assert similar(owner_client, "salary expect") == []
