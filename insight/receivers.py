"""Insight's one receiver: an offer recorded in follow-up (which never imports insight) makes or completes its row on
the Offers page, through insight.services.offer_from_outcome."""

from .services import offer_from_outcome


def on_offer_recorded(sender, *, outcome, **kwargs):
    offer_from_outcome(outcome=outcome)
