"""Factories for follow-up's own models (the shared capture factories live in tests/factories.py)."""

import factory

from followups.models import FollowUpPlan, Outcome, Reminder, ThankYouNote
from tests.factories import InterviewFactory, InterviewPersonFactory


class ThankYouNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThankYouNote

    interview = factory.SubFactory(InterviewFactory)
    person = factory.LazyAttribute(
        lambda note: InterviewPersonFactory(interview=note.interview).person  # someone met at that interview
    )
    subject = "Thank you"
    body = factory.Sequence(lambda n: f"Thank you for the conversation, number {n}.")


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    interview = factory.SubFactory(InterviewFactory)
    user = factory.SelfAttribute("interview.owner")
    kind = Reminder.Kind.THANKS_PASSED
    due_at = factory.LazyAttribute(lambda r: r.interview.ends_at)
    next_attempt_at = factory.SelfAttribute("due_at")


class FollowUpPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpPlan

    interview = factory.SubFactory(InterviewFactory)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    interview = factory.SubFactory(InterviewFactory)
    kind = Outcome.Kind.HEARD_BACK
