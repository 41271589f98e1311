"""Offers moved from followups to insight without touching a table: a database that holds offers before the move
holds every one of them, with every value, after it."""

import datetime as dt

import pytest

from tests.migrating import latest_migrations, migrate_to

BEFORE_THE_MOVE = [("followups", "0002_offers"), ("insight", None)]


@pytest.mark.django_db(transaction=True)
def test_moving_offers_to_insight_keeps_every_row():
    latest = latest_migrations()
    old = migrate_to(BEFORE_THE_MOVE)
    try:
        User = old.get_model("accounts", "User")
        Company = old.get_model("interviews", "Company")
        Opportunity = old.get_model("interviews", "Opportunity")
        Offer = old.get_model("followups", "Offer")
        OfferWeights = old.get_model("followups", "OfferWeights")
        user = User.objects.create(email="mover@example.com", password="!")
        company = Company.objects.create(owner=user, name="Movers Ltd")
        kept = {}
        for n in range(3):
            opportunity = Opportunity.objects.create(
                owner=user, company=company, role_title=f"Role {n}", status_changed_at=dt.datetime.now(dt.UTC)
            )
            offer = Offer.objects.create(opportunity=opportunity, salary=50_000 + n, currency="GBP", interest=n + 1)
            kept[offer.pk] = (opportunity.pk, 50_000 + n, "GBP", n + 1)
        OfferWeights.objects.create(user=user, salary=9, interest=0)

        new = migrate_to(latest)

        Offer = new.get_model("insight", "Offer")
        OfferWeights = new.get_model("insight", "OfferWeights")
        moved = {o.pk: (o.opportunity_id, o.salary, o.currency, o.interest) for o in Offer.objects.all()}
        assert moved == kept
        weights = OfferWeights.objects.get(user_id=user.pk)
        assert (weights.salary, weights.interest, weights.benefits) == (9, 0, 5)
    finally:
        migrate_to(latest)
