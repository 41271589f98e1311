"""One candidate's interviews at three companies, with a word or two in every kind of thing search looks through,
and the same words in another candidate's account (which must never show)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import RecruiterLink, User
from followups.models import FollowUpAttempt, ThankYouNote
from interviews.models import Company, Debrief, DebriefNote, Interview, LearningItem, Opportunity, Person, Question
from interviews.models import question_text_normalize as normalize

NOW = timezone.now().replace(microsecond=0)


@dataclass
class World:
    objects: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]


def question(interview, text, answer="", score=None, topic="", asked_by=None) -> Question:
    return Question.objects.create(
        interview=interview,
        text=text,
        normalized_text=normalize(text=text),
        answer_summary=answer,
        self_score=score,
        topic=topic,
        asked_by=asked_by,
    )


def interview_at(owner, company, role, *, days_ago, round="first", description="", private=False) -> Interview:
    company_row = Company.objects.get_or_create(owner=owner, name=company)[0]
    opportunity = Opportunity.objects.filter(owner=owner, company=company_row, role_title=role).first()
    if opportunity is None:
        opportunity = Opportunity.objects.create(
            owner=owner, company=company_row, role_title=role, job_description=description, status="interviewing"
        )
    return Interview.objects.create(
        owner=owner,
        opportunity=opportunity,
        round=round,
        starts_at=NOW - dt.timedelta(days=days_ago),
        duration_minutes=60,
        is_private=private,
    )


def build(owner: User, *, recruiter: User | None = None) -> World:
    w = World()
    o = w.objects
    o["northwind_first"] = nw = interview_at(
        owner, "Northwind Traders", "Data engineer", days_ago=20, description="Spark, Kafka and dbt pipelines"
    )
    o["globex_screen"] = gx = interview_at(
        owner,
        "Globex",
        "Platform engineer",
        days_ago=15,
        round="screen",
        description="Kubernetes and Terraform, with Kubernetes operators",
    )
    o["initech_final"] = it = interview_at(
        owner,
        "Initech",
        "Backend developer",
        days_ago=5,
        round="final",
        description="Python and Django services, some Kubernetes too",
    )
    Company.objects.filter(pk=nw.opportunity.company_id).update(location="London", notes="Met them at a meetup")
    Company.objects.filter(pk=gx.opportunity.company_id).update(notes="Their CTO used to work at Northwind")
    o["anna"] = Person.objects.create(
        owner=owner, company=nw.opportunity.company, name="Anna Lindqvist", title="Head of data"
    )
    o["chiara"] = Person.objects.create(
        owner=owner, company=it.opportunity.company, name="Chiara Rossi", title="HR", notes="Knows Anna from before"
    )
    o["q_nw_salary"] = question(nw, "What are your salary expectations?", "70k to 75k EUR base", 6, "pay", o["anna"])
    o["q_gx_salary"] = question(gx, "What salary are you looking for?", "Around 80k, open on equity", 5, "pay")
    o["q_it_salary"] = question(it, "What are your salary expectations?", "75k plus a bonus", 7, "pay", o["chiara"])
    o["q_it_leave"] = question(it, "Why do you want to leave?", "Growth, and my salary had stalled", 6, "motivation")
    o["q_gx_about"] = question(gx, "Tell me about yourself", "Ten years of data platforms", 8, "intro")
    o["debrief_gx"] = Debrief.objects.create(
        interview=gx, went_well=["Talked about equity early", "Calm"], strengths="Platform depth"
    )
    o["debrief_it"] = Debrief.objects.create(interview=it, employer_feedback="Strong on Kubernetes, weaker on SQL")
    o["learning"] = LearningItem.objects.create(owner=owner, interview=gx, text="Terraform modules")
    o["note"] = ThankYouNote.objects.create(
        interview=gx,
        person=Person.objects.create(owner=owner, company=gx.opportunity.company, name="Bo Chen"),
        subject="Thank you",
        body="Thanks for walking me through the roadmap",
    )
    o["attempt"] = FollowUpAttempt.objects.create(interview=it, notes="Left a voicemail for Chiara")
    if recruiter is not None:
        RecruiterLink.objects.get_or_create(
            candidate=owner, recruiter=recruiter, defaults={"invited_by": owner, "status": RecruiterLink.Status.ACTIVE}
        )
        o["recruiter_note"] = DebriefNote.objects.create(
            debrief=o["debrief_it"], author=recruiter, text="Ready to negotiate the offer"
        )
    return w
