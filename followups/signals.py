"""What follow-up tells the app above it (insight, which imports us, never the other way), inside the saving
transaction."""

from django.dispatch import Signal

# An offer was recorded as an interview's outcome: the Offers page makes or completes its row for the opportunity.
# Argument: outcome (with its interview and the answer-by date).
offer_recorded = Signal()
