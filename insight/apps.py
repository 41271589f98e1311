from django.apps import AppConfig


class InsightConfig(AppConfig):
    """The top floor: Today, progress over time and offers side by side, read from every app below."""

    name = "insight"
