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
