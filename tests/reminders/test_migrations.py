"""Reminders and the sweep's heartbeat moved from followups to reminders without touching a table: a database that
holds them before the move holds every one of them, with every value, after it."""

import datetime as dt

import pytest

from tests.migrating import latest_migrations, migrate_to

BEFORE_THE_MOVE = [("followups", "0011_reminder_subject_id"), ("reminders", None)]
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_moving_reminders_to_their_own_app_keeps_every_row():
    latest = latest_migrations()
    old = migrate_to(BEFORE_THE_MOVE)
    try:
        User = old.get_model("accounts", "User")
        Company = old.get_model("interviews", "Company")
        Opportunity = old.get_model("interviews", "Opportunity")
        Interview = old.get_model("interviews", "Interview")
        Reminder = old.get_model("followups", "Reminder")
        SweepRun = old.get_model("followups", "SweepRun")
        user = User.objects.create(email="mover@example.com", password="!")
        company = Company.objects.create(owner=user, name="Movers Ltd")
        opportunity = Opportunity.objects.create(owner=user, company=company, role_title="Role", status_changed_at=NOW)
        interview = Interview.objects.create(
            owner=user, opportunity=opportunity, starts_at=NOW, time_zone="Europe/London"
        )
        kept = {}
        rows = [("debrief_missing", "scheduled", None), ("thanks_passed", "sent", None), ("check_in", "scheduled", 7)]
        for n, (kind, state, subject_id) in enumerate(rows):
            due = NOW + dt.timedelta(hours=n)
            reminder = Reminder.objects.create(
                user=user,
                interview=interview,
                kind=kind,
                subject_id=subject_id,
                state=state,
                due_at=due,
                next_attempt_at=due,
                attempts=n,
                sent_at=due if state == "sent" else None,
            )
            kept[reminder.pk] = (interview.pk, kind, subject_id, state, due, n)
        SweepRun.objects.create(finished_at=NOW, counts={"sent": 2})

        new = migrate_to(latest)

        Reminder = new.get_model("reminders", "Reminder")
        SweepRun = new.get_model("reminders", "SweepRun")
        rows = Reminder.objects.filter(user_id=user.pk)
        moved = {r.pk: (r.interview_id, r.kind, r.subject_id, r.state, r.due_at, r.attempts) for r in rows}
        assert moved == kept
        run = SweepRun.objects.get()
        assert (run.finished_at, run.counts) == (NOW, {"sent": 2})
    finally:
        migrate_to(latest)
