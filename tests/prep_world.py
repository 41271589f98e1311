"""One candidate's interviews at three companies, made through the services as in use, with a word or two in every
kind of thing search looks through; the same words in another candidate's account must never show.

`interview_at` logs one more interview through the services; `bare_interview` and `question` make bare rows, for
the query-count tests that need a bulk of them (tests/world.py says when a bare row is right).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from followups.models import ThankYouNote
from followups.services import follow_up_attempt_log, thank_you_note_update
from interviews.models import Company, Debrief, Interview, Opportunity, Person, Question
from interviews.models import question_text_normalize as normalize
from interviews.services import (
    PersonMet,
    QuestionAsked,
    company_update,
    debrief_note_add,
    debrief_save,
    interview_log,
    opportunity_update,
    person_update,
)
from tests.world import link

NOW = timezone.now().replace(microsecond=0)


@dataclass
class World:
    objects: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]


def interview_at(owner: User, company: str, role: str, *, days_ago: int, round: str = "first", **fields) -> Interview:
    """An interview logged through the capture services (its company and role made or found on the way)."""
    interview, _ = interview_log(
        owner=owner,
        new_company_name=company,
        role_title=role,
        round=round,
        starts_at=NOW - dt.timedelta(days=days_ago),
        duration_minutes=60,
        **fields,
    )
    return interview


def bare_interview(owner: User, company: str, role: str, *, days_ago: int, round: str = "first") -> Interview:
    company_row = Company.objects.get_or_create(owner=owner, name=company)[0]
    opportunity = Opportunity.objects.get_or_create(owner=owner, company=company_row, role_title=role)[0]
    return Interview.objects.create(
        owner=owner,
        opportunity=opportunity,
        round=round,
        starts_at=NOW - dt.timedelta(days=days_ago),
        time_zone=owner.time_zone,
    )


def question(interview, text, answer="", score=None, topic="", asked_by=None) -> Question:
    """A bare question row (no group of the bank worked out: it groups by its normalised text)."""
    return Question.objects.create(
        interview=interview,
        text=text,
        normalized_text=normalize(text=text),
        answer_summary=answer,
        self_score=score,
        topic=topic,
        asked_by=asked_by,
    )


def _debrief(interview, *, people, questions, **values) -> Debrief:
    """The interview's debrief as the full debrief saves it: the people first, then the questions they asked."""
    debrief_save(interview=interview, values=values, people=[PersonMet(name=n, title=t) for n, t in people])
    by_name = {p.name: p for p in Person.objects.filter(owner=interview.owner, company=interview.opportunity.company)}
    asked = [QuestionAsked(**{**q, "asked_by": by_name.get(q.get("asked_by"))}) for q in questions]
    return debrief_save(interview=interview, values={}, questions=asked)


def _question_named(interview, text) -> Question:
    return Question.objects.get(interview=interview, text=text)


def build(owner: User, *, recruiter: User | None = None) -> World:
    w = World()
    o = w.objects
    o["northwind_first"] = nw = interview_at(owner, "Northwind Traders", "Data engineer", days_ago=20)
    o["globex_screen"] = gx = interview_at(owner, "Globex", "Platform engineer", days_ago=15, round="screen")
    o["initech_final"] = it = interview_at(owner, "Initech", "Backend developer", days_ago=5, round="final")
    for interview, description in (
        (nw, "Spark, Kafka and dbt pipelines"),
        (gx, "Kubernetes and Terraform, with Kubernetes operators"),
        (it, "Python and Django services, some Kubernetes too"),
    ):
        opportunity = interview.opportunity
        opportunity_update(opportunity=opportunity, role_title=opportunity.role_title, job_description=description)
    company_update(
        company=nw.opportunity.company, name="Northwind Traders", location="London", notes="Met them at a meetup"
    )
    company_update(company=gx.opportunity.company, name="Globex", notes="Their CTO used to work at Northwind")

    _debrief(
        nw,
        people=[("Anna Lindqvist", "Head of data")],
        questions=[
            {
                "text": "What are your salary expectations?",
                "answer_summary": "70k to 75k EUR base",
                "self_score": 6,
                "topic": "pay",
                "asked_by": "Anna Lindqvist",
            }
        ],
    )
    o["debrief_gx"] = _debrief(
        gx,
        people=[("Bo Chen", "CTO")],
        questions=[
            {
                "text": "What salary are you looking for?",
                "answer_summary": "Around 80k, open on equity",
                "self_score": 5,
                "topic": "pay",
            },
            {
                "text": "Tell me about yourself",
                "answer_summary": "Ten years of data platforms",
                "self_score": 8,
                "topic": "intro",
            },
        ],
        went_well=["Talked about equity early", "Calm"],
        strengths="Platform depth",
    )
    debrief_save(interview=gx, values={}, learning=["Terraform modules"])
    o["debrief_it"] = _debrief(
        it,
        people=[("Chiara Rossi", "HR")],
        questions=[
            {
                "text": "What are your salary expectations?",
                "answer_summary": "75k plus a bonus",
                "self_score": 7,
                "topic": "pay",
                "asked_by": "Chiara Rossi",
            },
            {
                "text": "Why do you want to leave?",
                "answer_summary": "Growth, and my salary had stalled",
                "self_score": 6,
                "topic": "motivation",
            },
        ],
        employer_feedback="Strong on Kubernetes, weaker on SQL",
    )
    o["anna"] = Person.objects.get(owner=owner, name="Anna Lindqvist")
    o["chiara"] = chiara = Person.objects.get(owner=owner, name="Chiara Rossi")
    person_update(person=chiara, name=chiara.name, title="HR", notes="Knows Anna from before")
    o["q_nw_salary"] = _question_named(nw, "What are your salary expectations?")
    o["q_gx_salary"] = _question_named(gx, "What salary are you looking for?")
    o["q_it_salary"] = _question_named(it, "What are your salary expectations?")
    o["q_it_leave"] = _question_named(it, "Why do you want to leave?")
    o["q_gx_about"] = _question_named(gx, "Tell me about yourself")
    o["learning"] = gx.learning_items.get()
    # The thank-you note follow-up drafted for Bo Chen, as the candidate wrote it.
    o["note"] = note = ThankYouNote.objects.get(interview=gx, person__name="Bo Chen")
    thank_you_note_update(
        note=note, subject="Thank you", body="Thanks for walking me through the roadmap", channel=note.channel
    )
    o["attempt"] = follow_up_attempt_log(
        interview=it, happened_at=NOW, method="phone", notes="Left a voicemail for Chiara", result="left_message"
    )
    if recruiter is not None:
        link(owner, recruiter)
        o["recruiter_note"] = debrief_note_add(
            debrief=o["debrief_it"], author=recruiter, text="Ready to negotiate the offer"
        )
    return w
