"""Check-ins became many per interview (followups 0010): every check-in and reminder there was stays, and each
interview's check-in reminder becomes its check-in's, named by its subject once the reminders are an app of their own
(followups 0011, reminders 0001); one the rules had scheduled by themselves stays unasked."""

import datetime as dt

import pytest

from tests.migrating import latest_migrations, migrate_to

BEFORE = [("followups", "0009_check_in")]


@pytest.mark.django_db(transaction=True)
def test_asking_again_keeps_every_check_in_and_gives_each_reminder_its_check_in():
    latest = latest_migrations()
    old = migrate_to(BEFORE)
    try:
        User = old.get_model("accounts", "User")
        Company = old.get_model("interviews", "Company")
        Opportunity = old.get_model("interviews", "Opportunity")
        Interview = old.get_model("interviews", "Interview")
        CheckIn = old.get_model("followups", "CheckIn")
        Reminder = old.get_model("followups", "Reminder")
        now = dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)
        owner = User.objects.create(email="owner@example.com", password="!")
        rita = User.objects.create(email="rita@example.com", password="!", role="recruiter")
        company = Company.objects.create(owner=owner, name="Northwind")
        opportunity = Opportunity.objects.create(
            owner=owner, company=company, role_title="Engineer", status_changed_at=now
        )
        asked, auto = (
            Interview.objects.create(owner=owner, opportunity=opportunity, starts_at=now, time_zone="UTC")
            for _ in range(2)
        )
        check_in = CheckIn.objects.create(interview=asked, recruiter=rita, asked_at=now, answer="yes", answered_at=now)
        for interview in (asked, auto):
            Reminder.objects.create(user=owner, interview=interview, kind="check_in", due_at=now, next_attempt_at=now)
        Reminder.objects.create(user=owner, interview=asked, kind="debrief_missing", due_at=now, next_attempt_at=now)

        new = migrate_to(latest)

        CheckIn = new.get_model("followups", "CheckIn")
        Reminder = new.get_model("reminders", "Reminder")
        assert list(CheckIn.objects.values_list("pk", "interview_id", "answer")) == [(check_in.pk, asked.pk, "yes")]
        kept = set(Reminder.objects.values_list("interview_id", "kind", "subject_id"))
        assert kept == {
            (asked.pk, "check_in", check_in.pk),
            (auto.pk, "check_in", None),
            (asked.pk, "debrief_missing", None),
        }
    finally:
        migrate_to(latest)
