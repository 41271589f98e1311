"""Writes of the insight pages: an offer's terms and ratings, and the weights the offers are ranked by."""

from django.db import transaction

from accounts.models import User
from followups.models import Outcome
from interviews.models import Debrief

from .models import Offer, OfferWeights


@transaction.atomic
def offer_weights_update(*, user: User, weights: dict[str, int]) -> OfferWeights:
    row, _ = OfferWeights.objects.select_for_update().get_or_create(user=user)
    for name, _field in OfferWeights.CRITERIA:
        setattr(row, name, weights[name])
    row.full_clean(exclude=["user"])
    row.save()
    return row


@transaction.atomic
def offer_save(*, offer: Offer) -> Offer:
    offer.currency = offer.currency.strip().upper()
    offer.full_clean(exclude=["opportunity"])
    offer.save()
    return offer


DEFAULT_CURRENCY = "EUR"


@transaction.atomic
def offer_from_outcome(*, outcome: Outcome) -> Offer:
    """An offer recorded as an outcome (followups.signals.offer_recorded) makes or completes its opportunity's row on
    the Offers page, prefilled with what is already known: where (the company's location), how interested the
    candidate said they were (the latest debrief of the opportunity), the currency of their latest offer, and the
    notes of the outcome. A row made earlier keeps every value typed in it; only its empty fields are filled."""
    opportunity = outcome.interview.opportunity
    offer = Offer.objects.select_for_update().filter(opportunity=opportunity).first()
    latest_interest = (
        Debrief.objects.filter(interview__opportunity=opportunity, interest__isnull=False)
        .order_by("-interview__starts_at", "-pk")
        .values_list("interest", flat=True)
        .first()
    )
    latest_currency = (
        Offer.objects.filter(opportunity__owner_id=opportunity.owner_id)
        .exclude(opportunity=opportunity)
        .order_by("-updated_at")
        .values_list("currency", flat=True)
        .first()
    )
    prefill = {
        "location": opportunity.company.location[:200],
        "interest": latest_interest,
        "notes": outcome.notes,
    }
    if offer is None:
        offer = Offer(opportunity=opportunity, currency=latest_currency or DEFAULT_CURRENCY)
    for name, value in prefill.items():
        if value and not getattr(offer, name):
            setattr(offer, name, value)
    offer.full_clean(exclude=["opportunity"])
    offer.save()
    return offer
