"""factory-boy factories for the capture models. Each object belongs to the owner of the object above it."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from interviews.models import (
    Company,
    Debrief,
    Interview,
    InterviewPerson,
    Opportunity,
    Person,
    Question,
    question_text_normalize,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"User {n}")
    time_zone = "Europe/London"
    password = factory.django.Password("correct-horse-battery-9")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Company {n}")


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    company = factory.SubFactory(CompanyFactory)
    owner = factory.SelfAttribute("company.owner")
    role_title = "Backend engineer"
    status = Opportunity.Status.INTERVIEWING


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    opportunity = factory.SubFactory(OpportunityFactory)
    owner = factory.SelfAttribute("opportunity.owner")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - dt.timedelta(hours=2))
    time_zone = factory.SelfAttribute("owner.time_zone")
    duration_minutes = 60


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    company = factory.SubFactory(CompanyFactory)
    owner = factory.SelfAttribute("company.owner")
    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Engineering manager"


class InterviewPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewPerson

    interview = factory.SubFactory(InterviewFactory)
    person = factory.SubFactory(
        PersonFactory,
        company=factory.SelfAttribute("..interview.opportunity.company"),
        owner=factory.SelfAttribute("..interview.owner"),
    )


class DebriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debrief

    interview = factory.SubFactory(InterviewFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    interview = factory.SubFactory(InterviewFactory)
    text = factory.Sequence(lambda n: f"Tell me about project {n}?")
    normalized_text = factory.LazyAttribute(lambda q: question_text_normalize(text=q.text))
    self_score = 6


def interview_log_post(**overrides) -> dict:
    """What the log-an-interview form posts: a new company and role, a first round on video, an hour long."""
    data = {
        "new_company_name": "Acme",
        "role_title": "Engineer",
        "round": "first",
        "round_number": "1",
        "format": "video",
        "starts_at": "2026-05-04T10:00",
        "duration_minutes": "60",
        "submission_token": "0b6f2c0e-5d7e-4a43-9f0b-6f1d3f3f2a11",
    }
    return {**data, **overrides}
