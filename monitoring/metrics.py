"""What /metrics exports, in the Prometheus text format (prometheus-client), computed from the database at each
scrape in three queries whatever the number of reminders: the sweep's lag (on the sweep's partial index), the
reminders by state (one GROUP BY) and the last sweep's row. Every web process answers the same, so a scrape of any
of them is the whole site's figure; nothing is counted in process memory."""

import datetime as dt

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from reminders.models import Reminder
from reminders.selectors import reminder_counts_by_state, reminder_sweep_lag, sweep_last_run


class ReminderCollector:
    """A prometheus-client collector read once per scrape (no describe(): registering it runs no query)."""

    def __init__(self, *, now: dt.datetime):
        self.now = now

    def collect(self):
        lag = GaugeMetricFamily(
            "debrief_reminder_sweep_lag_seconds",
            "How long the oldest due, unsent reminder has waited for a sweep (0 when none is due).",
        )
        lag.add_metric([], reminder_sweep_lag(now=self.now).total_seconds())
        yield lag

        counts = reminder_counts_by_state()
        # The states the code knows are always there (0 when empty), so a rate over them starts at the first scrape;
        # any other state found in the table is exported as it is.
        states = dict.fromkeys(Reminder.State.values, None) | counts
        total = GaugeMetricFamily("debrief_reminders", "Reminders by state.", labels=["state"])
        failed = GaugeMetricFamily(
            "debrief_reminders_failed",
            "Reminders whose last send failed, by state (scheduled: waiting for a retry).",
            labels=["state"],
        )
        for state, count in sorted(states.items()):
            total.add_metric([state], count.total if count else 0)
            failed.add_metric([state], count.failed if count else 0)
        yield total
        yield failed

        last = sweep_last_run()
        finished = GaugeMetricFamily(
            "debrief_sweep_last_run_timestamp_seconds", "When the reminder sweep last finished (0: never)."
        )
        finished.add_metric([], last.finished_at.timestamp() if last else 0)
        yield finished
        if last is not None:
            age = GaugeMetricFamily("debrief_sweep_age_seconds", "Seconds since the reminder sweep last finished.")
            age.add_metric([], max((self.now - last.finished_at).total_seconds(), 0))
            yield age
            results = GaugeMetricFamily(
                "debrief_sweep_last_run_reminders",
                "What the last sweep did with the reminders it read.",
                labels=["result"],
            )
            for result, n in sorted(last.counts.items()):
                results.add_metric([result], n)
            yield results


def metrics_text(*, now: dt.datetime) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ReminderCollector(now=now))
    return generate_latest(registry)
