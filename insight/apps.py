from django.apps import AppConfig


class InsightConfig(AppConfig):
    """The top floor: Today, progress over time and offers side by side, read from every app below."""

    name = "insight"

    def ready(self):
        from followups.signals import offer_recorded

        from . import receivers

        # An offer outcome makes its Offers row at once: the Offers page never says "No offers yet" after one.
        offer_recorded.connect(receivers.on_offer_recorded, dispatch_uid="insight.offer_recorded")
