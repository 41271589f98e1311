from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """The delivery machine: reminder rows, the sweep that claims and sends each one once, and its heartbeat. It knows
    nothing of what a reminder says or when it is due: followups tells it (reminders.services.reminders_set, and
    the `delivery` every sweep is handed)."""

    name = "reminders"
