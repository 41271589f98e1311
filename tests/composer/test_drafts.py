import datetime as dt

import pytest

from composer.checks import SIMILARITY_LIMIT, note_checks, similarity
from composer.drafts import (
    Asked,
    InterviewFacts,
    Met,
    as_title,
    compose_note,
    interview_facts,
    mailto,
    name_parts,
    salutation_name,
)
from followups.models import ThankYouNote
from interviews.models import InterviewPerson, Person, Question
from tests.factories import DebriefFactory, InterviewFactory, InterviewPersonFactory, QuestionFactory


@pytest.fixture
def setting(owner):
    interview = InterviewFactory(
        opportunity__company__owner=owner, opportunity__company__name="Northwind", opportunity__role_title="Data lead",
        starts_at=dt.datetime(2026, 6, 9, 9, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    ada = InterviewPersonFactory(interview=interview, person__name="Ada Lovelace", position=0).person
    grace = InterviewPersonFactory(interview=interview, person__name="Grace Hopper", position=1).person
    DebriefFactory(
        interview=interview, went_well=["My pipeline migration story landed well"], hear_back_date=dt.date(2026, 6, 12)
    )
    QuestionFactory(
        interview=interview,
        asked_by=ada,
        text="How do you test data jobs?",
        topic="Data testing",
        self_score=8,
        position=1,
    )
    QuestionFactory(interview=interview, asked_by=grace, text="Why leave your job?", topic="Motivation",
                    answer_summary="I want to work closer to product", self_score=3, position=2)  # fmt: skip
    return interview, ada, grace


def facts_of(interview) -> InterviewFacts:
    interview.refresh_from_db()
    participants = list(InterviewPerson.objects.filter(interview=interview).select_related("person"))
    questions = list(Question.objects.filter(interview=interview).order_by("position", "pk"))
    return interview_facts(interview=interview, participants=participants, questions=questions)


def test_draft_has_the_four_parts_from_the_persons_own_part_of_the_debrief(setting):
    interview, ada, grace = setting
    facts = facts_of(interview)
    subject, to_ada = compose_note(facts=facts, person_key=ada.pk, tone="formal")
    _, to_grace = compose_note(facts=facts, person_key=grace.pk, tone="formal")

    assert "Northwind" in subject
    assert to_ada.startswith("Dear Ada Lovelace,")
    assert "Data testing" in to_ada  # remember me: the topic Ada raised, as typed
    assert "My pipeline migration story landed well" in to_ada  # reinforce: what went well, given to one person
    assert "Tuesday" in to_ada and "Friday 12 June" in to_ada  # the day met, the hear-back date
    assert to_ada.endswith(f"\n{interview.owner.display_name}")
    # Recoup: the weakest answer goes to the person who asked it, amplified from the answer summary, and only there.
    assert "“Why leave your job?”" in to_grace and "I want to work closer to product" in to_grace
    assert "Why leave your job?" not in to_ada and "Motivation" not in to_ada


def test_casual_uses_the_first_name_and_reads_differently_from_formal(setting):
    interview, ada, _ = setting
    facts = facts_of(interview)
    _, formal = compose_note(facts=facts, person_key=ada.pk, tone="formal")
    _, casual = compose_note(facts=facts, person_key=ada.pk, tone="casual")
    assert casual.startswith("Hi Ada,")
    assert similarity(formal, casual) < SIMILARITY_LIMIT


def checks_for(body, person, others=(), recruiter=False, subject="Thank you"):
    note = ThankYouNote(person=person, subject=subject, body=body)
    note.pk = 1
    return {c.key: c for c in note_checks(note=note, others=list(others), company_name="Northwind",
                                          through_recruiter=recruiter)}  # fmt: skip


def test_checks_find_a_missing_name_a_missing_company_and_an_unfilled_placeholder(setting):
    _, ada, _ = setting
    checks = checks_for("Hello there, [what you would add or correct].", ada)
    assert not checks["name"].ok and not checks["company"].ok and not checks["placeholder"].ok
    assert "[what you would add or correct]" in checks["placeholder"].message
    assert "“Dear Ada Lovelace,”" in checks["name"].message

    checks = checks_for("Dear Ada,\n\nThank you for the Northwind interview.", ada)
    assert checks["name"].ok and checks["company"].ok and checks["placeholder"].ok
    assert "recruiter" not in checks


def test_a_greeting_with_a_bare_title_does_not_name_the_person(owner):
    doctor = Person(name="Dr Zoë Ångström")
    assert not checks_for("Hi Dr,\n\nThanks for the Northwind chat.", doctor)["name"].ok
    assert checks_for("Dear Dr Ångström,\n\nThanks for the Northwind chat.", doctor)["name"].ok
    assert checks_for("Hi Zoë,\n\nThanks for the Northwind chat.", doctor)["name"].ok
    title_only = checks_for("Hi Dr,\n\nThanks.", Person(name="Dr"))["name"]
    assert not title_only.ok and "title, not a name" in title_only.message


@pytest.mark.parametrize(
    ("name", "formal", "casual"),
    [
        ("Ada Lovelace", "Ada Lovelace", "Ada"),
        ("Dr Zoë Ångström", "Dr Ångström", "Zoë"),
        ("Prof. Jürgen Müller", "Prof. Müller", "Jürgen"),
        ("Dr. Chen", "Dr. Chen", "Dr. Chen"),
        ("Dr", "Dr [their surname]", "Dr [their surname]"),
        ("Lovelace, Ada", "Ada Lovelace", "Ada"),
        ("Grace Hopper, PhD", "Grace Hopper", "Grace"),
        ("王小明", "王小明", "王小明"),
        ("محمد علي", "محمد علي", "محمد"),
        ("  Ann   Spacey ", "Ann Spacey", "Ann"),
        ("Dr Ana de la Cruz", "Dr de la Cruz", "Ana"),
        ("Prof. Pieter van der Berg", "Prof. van der Berg", "Pieter"),
    ],
)
def test_salutations_use_title_and_surname_or_full_name_formally_and_first_name_casually(name, formal, casual):
    assert salutation_name(name, tone="formal") == formal
    assert salutation_name(name, tone="casual") == casual
    assert name_parts(name).full in {formal, casual} or name_parts(name).honorific


def test_nearly_identical_notes_are_flagged_at_80_percent(setting):
    _, ada, grace = setting
    assert SIMILARITY_LIMIT == 0.8
    text = "Dear Ada, thank you for the Northwind interview and the tour of the office today. It was great."
    twin = ThankYouNote(
        person=grace,
        body="Dear Grace, thank you for the Northwind interview and the tour of the office on Tuesday. I loved it.",
    )
    twin.pk = 2
    assert 0.8 <= similarity(text, twin.body) < 0.9  # the old 90% bar let this through
    similar = checks_for(text, ada, [twin])["similar"]
    assert not similar.ok and "Grace Hopper" in similar.message
    other = ThankYouNote(person=grace, body="Hi Grace! Loved the chat about hiring plans for next year.")
    other.pk = 3
    assert checks_for(text, ada, [other])["similar"].ok


def test_a_recruiter_arranged_interview_warns_to_check_with_them_first(setting):
    _, ada, _ = setting
    check = checks_for("Dear Ada, Northwind.", ada, recruiter=True)["recruiter"]
    assert check.warning_only and "check with them first" in check.message


def test_mailto_link_carries_subject_and_body_encoded():
    link = mailto(to="ada@example.com", subject="Thanks & more", body="Line 1\nLine 2")
    assert link == "mailto:ada@example.com?subject=Thanks%20%26%20more&body=Line%201%0ALine%202"


def test_people_met_later_in_the_list_are_given_a_different_point_from_the_debrief():
    facts = InterviewFacts(
        company="Northwind",
        role="Data lead",
        day=dt.date(2026, 6, 9),
        people=(Met(1, "Ada Lovelace"), Met(2, "Grace Hopper")),
        questions=(
            Asked("What is on the roadmap?", topic="Roadmap", position=0),
            Asked("How do you hire?", topic="Hiring", position=1),
        ),
        went_well=("The system design exercise went smoothly", "We clicked on team culture"),
        sender="Olivia",
    )
    to_ada = compose_note(facts=facts, person_key=1, tone="formal").body
    to_grace = compose_note(facts=facts, person_key=2, tone="formal").body
    assert "The system design exercise went smoothly" in to_ada and "We clicked on team culture" not in to_ada
    assert "We clicked on team culture" in to_grace and "The system design exercise" not in to_grace
    # Nobody is recorded as asking these: each goes to one person, and as a topic of the interview, not "your".
    assert ("Roadmap" in to_ada) != ("Roadmap" in to_grace)
    assert "your question" not in to_ada + to_grace


def test_a_went_well_item_that_names_someone_goes_to_someone_else():
    facts = InterviewFacts(
        company="Institut Pasteur",
        role="Engineer",
        day=dt.date(2026, 6, 9),
        people=(Met(1, "Dr Zoë Ångström"), Met(2, "Tom Okafor")),
        went_well=("Zoë liked my reproducibility checklist",),
        sender="Olivia",
    )
    assert "Zoë liked" not in compose_note(facts=facts, person_key=1, tone="casual").body
    assert "Zoë liked my reproducibility checklist" in compose_note(facts=facts, person_key=2, tone="casual").body


def test_the_article_link_goes_into_the_sentence_about_its_topic():
    facts = InterviewFacts(
        company="Northwind",
        role="Data lead",
        day=dt.date(2026, 6, 9),
        people=(Met(1, "Ada Lovelace"),),
        questions=(
            Asked("How do you test?", topic="Data testing", score=8),
            Asked("How do you deploy?", topic="Deployment", score=8, position=1),
        ),
        sender="Olivia",
    )
    url = "https://example.com/contract-testing"
    body = compose_note(facts=facts, person_key=1, tone="formal", article_url=url, article_topic="deployment").body
    line = next(line for line in body.splitlines() if url in line)
    assert "“Deployment”" in line and line.endswith(url)  # nothing after the link, not even a full stop
    plain = compose_note(facts=facts, person_key=1, tone="formal").body
    assert "article" not in plain


@pytest.mark.parametrize(
    ("title", "after_as"),
    [
        ("Senior engineer", "a Senior engineer"),
        ("Engineering manager", "an Engineering manager"),
        ("SRE", "an SRE"),
        ("QA lead", "a QA lead"),
        ("Head of Data", "Head of Data"),
        ("CTO", "CTO"),
        ("Director of engineering", "Director of engineering"),
        ("User researcher", "a User researcher"),
        ("テックリード", "テックリード"),
    ],
)
def test_a_job_title_after_as_takes_an_article_unless_it_names_one_post(title, after_as):
    assert as_title(title) == after_as
