import datetime as dt

import pytest

from followups.composer import compose_draft, mailto_link, note_checks
from followups.models import ThankYouNote
from tests.factories import DebriefFactory, InterviewFactory, InterviewPersonFactory, QuestionFactory


@pytest.fixture
def setting(owner):
    interview = InterviewFactory(
        opportunity__company__owner=owner, opportunity__company__name="Northwind", opportunity__role_title="Data lead"
    )
    ada = InterviewPersonFactory(interview=interview, person__name="Ada Lovelace").person
    grace = InterviewPersonFactory(interview=interview, person__name="Grace Hopper").person
    debrief = DebriefFactory(
        interview=interview, went_well=["My pipeline migration story landed well"], hear_back_date=dt.date(2026, 6, 12)
    )
    questions = [
        QuestionFactory(interview=interview, asked_by=ada, text="How do you test data jobs?", topic="Data testing",
                        self_score=8, position=1),
        QuestionFactory(interview=interview, asked_by=grace, text="Why leave your job?", topic="Motivation",
                        self_score=3, position=2),
    ]  # fmt: skip
    return interview, ada, grace, debrief, questions


def draft(setting, person, tone):
    interview, _, _, debrief, questions = setting
    return compose_draft(
        interview=interview, person=person, debrief=debrief, questions=questions, tone=tone, sender_name="Olivia"
    )


def test_draft_has_the_four_parts_from_the_debrief(setting):
    _, ada, _, _, _ = setting
    subject, body = draft(setting, ada, ThankYouNote.Tone.FORMAL)

    assert "Northwind" in subject
    assert body.startswith("Dear Ada Lovelace,")
    assert "data testing" in body  # remember me: the topic Ada raised
    assert "my pipeline migration story landed well" in body  # reinforce: what went well
    assert '"Why leave your job?"' in body  # recoup: the lowest self-score
    assert "Friday 12 June" in body  # the next step: the hear-back date
    assert body.endswith("Olivia")


def test_each_person_gets_their_own_topic_and_casual_differs_from_formal(setting):
    _, ada, grace, _, _ = setting
    _, to_ada = draft(setting, ada, ThankYouNote.Tone.FORMAL)
    _, to_grace = draft(setting, grace, ThankYouNote.Tone.FORMAL)
    _, casual = draft(setting, ada, ThankYouNote.Tone.CASUAL)

    assert "motivation" in to_grace and "motivation" not in to_ada
    assert casual.startswith("Hi Ada,")
    assert casual != to_ada


def checks_for(body, person, others=(), recruiter=False):
    note = ThankYouNote(person=person, subject="Thank you", body=body)
    note.pk = 1
    return {c.key: c for c in note_checks(note=note, others=list(others), company_name="Northwind",
                                          arranged_by_recruiter=recruiter)}  # fmt: skip


def test_checks_find_a_missing_name_a_missing_company_and_an_unfilled_placeholder(setting):
    _, ada, _, _, _ = setting
    checks = checks_for("Hello there, [what you would add or correct].", ada)
    assert not checks["name"].ok and not checks["company"].ok and not checks["placeholder"].ok
    assert "[what you would add or correct]" in checks["placeholder"].message

    checks = checks_for("Dear Ada, thank you for the Northwind interview.", ada)
    assert checks["name"].ok and checks["company"].ok and checks["placeholder"].ok
    assert "recruiter" not in checks


def test_nearly_identical_notes_are_flagged_at_90_percent(setting):
    _, ada, grace, _, _ = setting
    text = "Dear Ada, thank you for the Northwind interview and the tour of the office today."
    twin = ThankYouNote(person=grace, body=text.replace("Ada", "Grace"))
    twin.pk = 2
    assert not checks_for(text, ada, [twin])["similar"].ok
    other = ThankYouNote(person=grace, body="Hi Grace! Loved the chat about hiring plans for next year.")
    other.pk = 3
    assert checks_for(text, ada, [other])["similar"].ok


def test_a_recruiter_arranged_interview_warns_to_check_with_them_first(setting):
    _, ada, _, _, _ = setting
    check = checks_for("Dear Ada, Northwind.", ada, recruiter=True)["recruiter"]
    assert check.warning_only and "check with them first" in check.message


def test_mailto_link_carries_subject_and_body_encoded():
    from interviews.models import Person

    note = ThankYouNote(
        person=Person(name="Ada", email="ada@example.com"), subject="Thanks & more", body="Line 1\nLine 2"
    )
    assert mailto_link(note=note) == "mailto:ada@example.com?subject=Thanks%20%26%20more&body=Line%201%0ALine%202"


def test_people_met_later_in_the_list_are_given_a_different_point_from_the_debrief(setting):
    interview, ada, grace, debrief, _ = setting
    debrief.went_well = ["The system design exercise went smoothly", "We clicked on team culture"]
    questions = [QuestionFactory(interview=interview, topic=topic) for topic in ("Roadmap", "Hiring")]
    drafts = [
        compose_draft(interview=interview, person=person, debrief=debrief, questions=questions, tone="formal",
                      sender_name="Olivia", index=index)[1]
        for index, person in enumerate([ada, grace])
    ]  # fmt: skip
    assert "the system design exercise went smoothly" in drafts[0] and "roadmap" in drafts[0]
    assert "we clicked on team culture" in drafts[1] and "hiring" in drafts[1]
