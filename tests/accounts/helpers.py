"""A full account: one row in every table a user owns, made through the models the way the services leave them."""

import datetime as dt

from django.utils import timezone

from followups.models import FollowUpAttempt, FollowUpPlan, FollowUpSettings, Outcome, Reminder, ThankYouNote
from insight.models import Offer, OfferWeights
from interviews.models import LearningItem, OpportunityStatusChange
from tests.factories import DebriefFactory, InterviewFactory, InterviewPersonFactory, QuestionFactory

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def fill_account(user, *, interviews: int = 2, tag: str = "") -> None:
    for n in range(interviews):
        interview = InterviewFactory(
            opportunity__company__owner=user,
            opportunity__company__name=f"Acme {tag}{n}",
            starts_at=NOW - dt.timedelta(days=10 - n),
            location='=HYPERLINK("http://evil.example","click")' if n == 0 else "Room 4",
        )
        OpportunityStatusChange.objects.create(
            opportunity=interview.opportunity, from_status="applied", to_status="interviewing"
        )
        met = InterviewPersonFactory(interview=interview, part="hiring manager")
        QuestionFactory(interview=interview, asked_by=met.person, self_score=4 + n, topic="-SUM(A1)")
        DebriefFactory(
            interview=interview,
            state="complete",
            completed_at=NOW,
            went_well=["clear examples", "+1 rapport"],
            overall_rating=6 + n,
            hear_back_date=dt.date(2026, 3, 5),
        )
        LearningItem.objects.create(owner=user, interview=interview, text="@Kubernetes basics")
        ThankYouNote.objects.create(interview=interview, person=met.person, body="Thank you", state="sent", sent_at=NOW)
        FollowUpPlan.objects.create(interview=interview, planned_on=dt.date(2026, 3, 7))
        FollowUpAttempt.objects.create(interview=interview, happened_at=NOW, notes="\tleft a message")
        Outcome.objects.create(interview=interview, kind="heard_back", recorded_at=NOW)
        Reminder.objects.create(
            user=user,
            interview=interview,
            kind="thanks_closing",
            due_at=NOW,
            next_attempt_at=NOW,
            state="sent",
            sent_at=NOW,
        )
        Offer.objects.create(
            opportunity=interview.opportunity,
            salary=60_000 + n,
            currency="EUR",
            benefits="=cmd|' /C calc'!A0",
            career_fit=7,
            interest=8 - n,
        )
    OfferWeights.objects.create(user=user, salary=9, interest=0)
    LearningItem.objects.create(owner=user, text="Loose item", done=True, done_at=timezone.now())
    FollowUpSettings.objects.create(user=user, remind_thanks_passed=False, calendar_token=f"secret-{user.pk}")
