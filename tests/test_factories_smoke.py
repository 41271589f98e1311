from tests.factories import InterviewPersonFactory, QuestionFactory


def test_interview_person_factory_keeps_one_owner(db):
    participation = InterviewPersonFactory()
    interview = participation.interview
    assert participation.person.owner == interview.owner == interview.opportunity.company.owner
    assert participation.person.company == interview.opportunity.company
    question = QuestionFactory(interview=interview, text="Why us?")
    assert question.normalized_text == "whyus"
