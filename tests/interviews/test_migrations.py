"""The data migration of issue 14: every interview logged before interviews had a zone of their own gets its
owner's zone (the clock it was typed in and its deadlines were worked out on), so nothing moves afterwards."""

import datetime as dt

import pytest

from tests.migrating import latest_migrations, migrate_to

BEFORE = [("interviews", "0006_opportunity_agency_contact")]
AFTER = [("interviews", "0007_interview_time_zone_and_state")]


@pytest.mark.django_db(transaction=True)
def test_each_existing_interview_takes_its_owners_zone():
    latest = latest_migrations()
    old = migrate_to(BEFORE)
    try:
        User = old.get_model("accounts", "User")
        Company = old.get_model("interviews", "Company")
        Opportunity = old.get_model("interviews", "Opportunity")
        Interview = old.get_model("interviews", "Interview")
        made = {}
        for email, zone in (("ny@example.com", "America/New_York"), ("tokyo@example.com", "Asia/Tokyo")):
            user = User.objects.create(email=email, password="!", time_zone=zone)
            company = Company.objects.create(owner=user, name="Acme")
            opportunity = Opportunity.objects.create(
                owner=user, company=company, role_title="Role", status_changed_at=dt.datetime.now(dt.UTC)
            )
            for n in range(2):
                interview = Interview.objects.create(
                    owner=user, opportunity=opportunity, starts_at=dt.datetime(2026, 5, 1 + n, 9, tzinfo=dt.UTC)
                )
                made[interview.pk] = zone

        new = migrate_to(AFTER)

        Interview = new.get_model("interviews", "Interview")
        assert dict(Interview.objects.values_list("pk", "time_zone")) == made
        assert set(Interview.objects.values_list("state", flat=True)) == {"scheduled"}
    finally:
        migrate_to(latest)
