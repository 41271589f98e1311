"""The delivery machine's test doubles serve follow-up's reminder tests too."""

from tests.reminders.conftest import smtp_down  # noqa: F401 (a fixture, found by name)
