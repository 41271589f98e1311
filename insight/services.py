"""Writes of the insight pages: an offer's terms and ratings, and the weights the offers are ranked by."""

from django.db import transaction

from accounts.models import User

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
