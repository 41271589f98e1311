"""Offer comparison (PRODUCT.md I3): the services and selectors behind the Offers page.

The weighted score of an offer is the weighted mean of the candidate's 1–10 ratings, each weight 0–10 set by the
candidate; a criterion not yet rated counts as 0, so an offer is never ranked up for being half filled in.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from interviews.models import Opportunity
from interviews.selectors import opportunities_owned_by

from .models import Offer, OfferWeights

CRITERIA_LABELS = {
    "salary": "Salary",
    "benefits": "Benefits",
    "location": "Location",
    "conditions": "Working conditions",
    "security": "Job security",
    "career_fit": "Career fit",
    "interest": "Interest",
}


@dataclass
class RankedOffer:
    offer: Offer
    score: float | None
    ratings: list[dict]


def offer_weights_for(*, user: User) -> OfferWeights:
    """The user's weights, or the defaults (all 5) unsaved until they change one."""
    return OfferWeights.objects.filter(user=user).first() or OfferWeights(user=user)


@transaction.atomic
def offer_weights_update(*, user: User, weights: dict[str, int]) -> OfferWeights:
    row, _ = OfferWeights.objects.select_for_update().get_or_create(user=user)
    for name, _field in OfferWeights.CRITERIA:
        setattr(row, name, weights[name])
    row.full_clean(exclude=["user"])
    row.save()
    return row


def offers_of(*, user: User) -> QuerySet[Offer]:
    return Offer.objects.filter(opportunity__in=opportunities_owned_by(user=user)).select_related(
        "opportunity__company"
    )


def opportunities_without_offer(*, user: User) -> QuerySet[Opportunity]:
    return (
        opportunities_owned_by(user=user)
        .filter(offer__isnull=True, status__in=Opportunity.OPEN_STATUSES)
        .select_related("company")
        .order_by("company__name", "role_title")
    )


@transaction.atomic
def offer_save(*, offer: Offer) -> Offer:
    offer.currency = offer.currency.strip().upper()
    offer.full_clean(exclude=["opportunity"])
    offer.save()
    return offer


def offer_score(*, offer: Offer, weights: OfferWeights) -> float | None:
    total = sum(getattr(weights, name) for name, _ in OfferWeights.CRITERIA)
    if total == 0:
        return None
    points = sum(getattr(weights, name) * (getattr(offer, field) or 0) for name, field in OfferWeights.CRITERIA)
    return round(points / total, 1)


def offers_ranked(*, user: User, weights: OfferWeights) -> list[RankedOffer]:
    """Every offer of the user, best weighted score first (ties by company name). One query."""
    ranked = []
    for offer in offers_of(user=user):
        ratings = [
            {"label": CRITERIA_LABELS[name], "rating": getattr(offer, field), "weight": getattr(weights, name)}
            for name, field in OfferWeights.CRITERIA
        ]
        ranked.append(RankedOffer(offer=offer, score=offer_score(offer=offer, weights=weights), ratings=ratings))
    ranked.sort(key=lambda r: (-(r.score or 0), r.offer.opportunity.company.name.casefold(), r.offer.pk))
    return ranked
