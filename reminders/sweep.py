"""The reminder sweep: finds the reminders that are due, claims each one, sends it and records what happened.

Learnt from healthchecks' sendalerts: correctness never depends on beat timing or on Redis. The due moment is a
column (Reminder.next_attempt_at, kept by reminders.services.reminders_set); the sweep claims a due row with a
conditional UPDATE before it sends, so two sweeps at once never send one reminder twice, and records the outcome only
while its claim still holds. A failed send becomes due again after a backoff; a process that dies mid-send leaves
the claim to expire (the lease) and the reminder goes with a later sweep.

The machine knows nothing of what a reminder says or when it is due: every run is handed a `Delivery` that does
(followups.delivery), and followups.tasks and the send_due_reminders command are what hand it over.
"""

import datetime as dt
import logging
import smtplib
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone

from interviews.models import SHORT_TEXT_MAX, Interview

from .models import Reminder

logger = logging.getLogger(__name__)

# A reminder more than this late is dropped: a "your window closes in 2 hours" email two days on helps nobody.
STALE_AFTER = dt.timedelta(hours=48)
SWEEP_LIMIT = 500
# The sweep reads a batch's interviews once (interviews_for_reminders below). A change that goes
# through the services reschedules or closes the reminder row, which makes its claim fail, so the batch never sends
# on stale state; only a reminder kind turned off meanwhile is read late, and never later than this.
BATCH_SIZE = 50
BATCH_FRESH_FOR = dt.timedelta(seconds=30)


# --- Reading what is due ------------------------------------------------------------------------------------

# The sweep's read: every minute on every worker, and most of the time it finds nothing. As SQL, finding nothing
# costs the index lookup and not the ORM compiling a query (about 1 ms, five times the lookup; `make bench`).
# The WHERE is exactly the condition of the partial index reminder_sweep_idx plus a range on the indexed column.
# Fair between accounts: every account's oldest due row comes before any account's second one (owner_rank), so
# 25,000 rows of one account delay another account's reminders by at most one batch, and an account alone in the
# due set still fills whole batches.
REMINDERS_DUE_SQL = (
    "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY next_attempt_at, id) AS owner_rank"
    f" FROM {Reminder._meta.db_table} WHERE state = '{Reminder.State.SCHEDULED}' AND next_attempt_at <= %s"
    "{not_skipped}) AS due ORDER BY owner_rank, next_attempt_at, id LIMIT %s"
)


def reminders_due_query(*, now: dt.datetime, limit: int, skip: list[int] = ()) -> tuple[str, list]:
    not_skipped = f" AND id NOT IN ({', '.join(['%s'] * len(skip))})" if skip else ""
    return REMINDERS_DUE_SQL.format(not_skipped=not_skipped), [now, *skip, limit]


def reminders_due(*, now: dt.datetime, limit: int = 50, skip: list[int] = ()) -> list[Reminder]:
    """The first `limit` reminders to send at `now`, each account's oldest first, leaving out the ids in `skip`."""
    sql, params = reminders_due_query(now=now, limit=limit, skip=skip)
    return list(Reminder.objects.raw(sql, params))


class Delivery(Protocol):
    """What the sweep asks of the app that schedules the reminders (followups.delivery), for each batch and row."""

    def interviews_by_id(self, ids: set[int]) -> dict[int, Interview]:
        """The interviews of a batch, with everything the other three read: a fixed number of queries."""

    def due_at(self, *, reminder: Reminder, interview: Interview, now: dt.datetime) -> dt.datetime | None:
        """When this reminder is due now, or None when it is no longer true."""

    def wanted(self, *, reminder: Reminder, interview: Interview) -> bool:
        """Whether its user still wants reminders of its kind."""

    def ready(self, *, reminder: Reminder, interview: Interview) -> bool:
        """Makes what the email will name, if it is made as it goes, under the claim (see
        reminders.services.reminder_subject_set); False when the claim no longer holds."""

    def message(self, *, reminder: Reminder, interview: Interview, now: dt.datetime) -> EmailMessage:
        """The email it sends."""


# A batch's interview as the sweep holds it: read, failed to read (its error), or gone.
Loaded = Interview | Exception | None


def interviews_for_reminders(reminders: list[Reminder], *, delivery: Delivery) -> dict[int, Interview | Exception]:
    """The interviews of a batch of reminders, by id, as the delivery reads them for the re-check and the email.

    If the batch's read fails, each interview is read alone, and one that still fails maps to its error, which
    fails its own reminders only (reminder_send_one)."""
    ids = {reminder.interview_id for reminder in reminders}
    try:
        return delivery.interviews_by_id(ids)
    except Exception:
        logger.warning("Reading the interviews of a batch failed; reading them one by one", exc_info=True)
    loaded: dict[int, Any] = {}
    for pk in ids:
        try:
            loaded.update(delivery.interviews_by_id({pk}))
        except Exception as exc:
            loaded[pk] = exc
    return loaded


# --- Lease, claim, record, send one, send due -----------------------------------------------------------------


def claim_lease() -> dt.timedelta:
    """While one sweep sends a reminder, its next_attempt_at is pushed this far ahead. If that process dies between
    the claim and the record, another sweep picks the reminder up after the lease instead of losing it."""
    return dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after each failed try, at most an hour: a 10-minute SMTP outage costs a few tries and
    loses nothing, and a long one is retried hourly until the reminder is 48 h late. (A minute is the default
    REMINDER_RETRY_UNIT_SECONDS; the fault drill shortens it.)"""
    return dt.timedelta(seconds=min(2 ** max(attempts - 1, 0), 60) * settings.REMINDER_RETRY_UNIT_SECONDS)


def _claim(reminder: Reminder, now: dt.datetime) -> bool:
    # The race: two sweeps (two beat ticks overlapping, two workers) read the same due row. Only the one whose
    # UPDATE still finds it scheduled at the same next_attempt_at changes a row; the other sees 0 and moves on.
    # The lease keeps it out of the due set while we send, and brings it back if this process dies mid-send.
    lease_until = now + claim_lease()
    claimed = Reminder.objects.filter(
        pk=reminder.pk, state=Reminder.State.SCHEDULED, next_attempt_at=reminder.next_attempt_at
    ).update(next_attempt_at=lease_until, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    reminder.next_attempt_at = lease_until
    return claimed == 1


def _renew(reminder: Reminder, now: dt.datetime) -> bool:
    """_claim's conditional UPDATE for a row this process already holds: a fresh lease from `now`, won only while
    the row is still held under the lease read (attempts were counted when it was claimed)."""
    lease_until = now + claim_lease()
    renewed = Reminder.objects.filter(
        pk=reminder.pk, state=Reminder.State.SCHEDULED, next_attempt_at=reminder.next_attempt_at
    ).update(next_attempt_at=lease_until, updated_at=now)
    reminder.next_attempt_at = lease_until
    return renewed == 1


def _record(reminder: Reminder, **changes) -> None:
    # Only while our claim still holds: if the interview was moved meanwhile, the sync rescheduled the row (new
    # next_attempt_at) and that new reminder must stay scheduled, whatever happened to the old one.
    Reminder.objects.filter(
        pk=reminder.pk, state=Reminder.State.SCHEDULED, next_attempt_at=reminder.next_attempt_at
    ).update(updated_at=timezone.now(), **changes)


class BatchMailer:
    """One SMTP session for a batch: opened for its first message, kept open for the next ones (each reminder is
    still recorded right after its own 250), closed at the end of the batch. After a failed send the session's
    state is unknown, so it is closed and the next message opens a new one: a connection dropped mid-batch costs
    the message it dropped (retried after its backoff), not the rest of the batch."""

    def __init__(self):
        self.connection = None

    def send(self, message) -> None:
        if self.connection is None:
            connection = get_connection(fail_silently=False)
            connection.open()
            self.connection = connection
        try:
            self.connection.send_messages([message])  # an open connection is left open: closing is ours
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        """Once the server has accepted the messages, a failure while hanging up (QUIT refused, connection reset)
        is logged, not raised: raising would record a failure and send the same reminder a second time."""
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.close()
        except Exception:
            logger.warning("Mail server hung up badly after a batch of reminders", exc_info=True)


def reminder_send_one(
    *, reminder: Reminder, interview: Loaded, now: dt.datetime, mailer: BatchMailer, delivery: Delivery
) -> str:
    """One step of the sweep, for a row read as due with its interview (from interviews_for_reminders; None when the
    interview is gone), sent through the batch's SMTP session. Returns what happened to it.

    1. Claim the row: a conditional UPDATE that only one sweep can win; the loser returns "taken".
    2. More than 48 hours late: record it dropped.
    3. Ask the delivery again whether it is still true, and when: no longer true → cancelled; due at another time
       (its inputs moved without the sync) → moved to that time, not sent now.
    4. Its kind turned off by the user (the delivery says): cancelled. Then the delivery makes what the email
       names and does not exist yet (followups: the check-in the rules ask by themselves), under the claim.
    5. Send it, outside any transaction. An SMTP outage (refused, timeout, 4xx) is recorded with the next try after
       the backoff → "failed".
    6. Record it sent, while the claim still holds.

    Anything else that raises after the claim (its data, the rules, the template, a 5xx for this message) fails this
    reminder alone: recorded with a backoff, logged with its id, parked after REMINDER_PARK_AFTER such failures
    (reminder_failed). The caller goes on with the others.
    """
    if not _claim(reminder, now):
        return "taken"
    reminder.attempts += 1
    return _send_claimed_alone(reminder=reminder, interview=interview, now=now, mailer=mailer, delivery=delivery)


def _send_claimed_alone(*, reminder: Reminder, now: dt.datetime, **sending) -> str:
    try:
        return _send_claimed(reminder=reminder, now=now, **sending)
    except Exception as exc:
        return reminder_failed(reminder=reminder, error=exc, now=now)


def _send_claimed(
    *, reminder: Reminder, interview: Loaded, now: dt.datetime, mailer: BatchMailer, delivery: Delivery
) -> str:
    if now - reminder.due_at > STALE_AFTER:
        _record(reminder, state=Reminder.State.DROPPED, closed_reason="more than 48 hours late")
        return "dropped"
    if isinstance(interview, Exception):
        raise interview  # its interview could not be read (interviews_for_reminders)

    # Ask again whether it is still true: a note sent or an outcome recorded since it was scheduled cancels it.
    wanted = delivery.due_at(reminder=reminder, interview=interview, now=now) if interview else None
    if wanted is None:
        _record(reminder, state=Reminder.State.CANCELLED, closed_reason="no longer true when due")
        return "cancelled"
    if wanted != reminder.due_at:
        # Its inputs moved without the sync noticing: keep it, at the right time, and do not send now.
        _record(reminder, due_at=wanted, next_attempt_at=wanted, attempts=0)
        return "moved"
    if not delivery.wanted(reminder=reminder, interview=interview):
        _record(reminder, state=Reminder.State.CANCELLED, closed_reason="turned off by the user")
        return "turned_off"
    if not delivery.ready(reminder=reminder, interview=interview):
        return "taken"

    message = delivery.message(reminder=reminder, interview=interview, now=now)
    # Sent outside any transaction (the sweep runs in autocommit): no row lock is held while SMTP talks, and the
    # claim above is already committed, so a second sweep cannot pick this reminder up meanwhile.
    try:
        mailer.send(message)
    except Exception as exc:
        if not smtp_outage(exc):
            raise  # refused for this message alone: the reminder's own failure
        error = _error_text(exc)
        _record(reminder, next_attempt_at=now + retry_delay(reminder.attempts), last_error=error, claimed_at=None)
        logger.warning("Reminder %s not sent (attempt %s): %s", reminder.pk, reminder.attempts, error)
        return "failed"
    _record(reminder, state=Reminder.State.SENT, sent_at=timezone.now(), last_error="", claimed_at=None)
    return "sent"


def smtp_outage(exc: Exception) -> bool:
    """Whether a send failed the way every reminder would (server down, timeout, connection lost, 4xx "try later"):
    retried until the reminder is 48 hours late, never parked. A 5xx for this message, or an error that is not
    the network's, is the reminder's own."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError)  # refused, reset, timed out, disconnected (smtplib's errors are OSErrors)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def reminder_failed(*, reminder: Reminder, error: Exception, now: dt.datetime) -> str:
    """Records a failure of this reminder itself, under its claim: the error, and the next try after the backoff,
    or, at the REMINDER_PARK_AFTER-th failure, parked with the error as its reason. Returns "failed" or "parked"."""
    failures = reminder.failures + 1
    text = _error_text(error)
    if failures >= settings.REMINDER_PARK_AFTER:
        _record(
            reminder,
            state=Reminder.State.PARKED,
            parked_at=now,
            failures=failures,
            last_error=text,
            closed_reason=text[:SHORT_TEXT_MAX],
            claimed_at=None,
        )
        logger.error("Reminder %s parked after %s failures: %s", reminder.pk, failures, text)
        return "parked"
    _record(reminder, failures=failures, next_attempt_at=now + retry_delay(failures), last_error=text, claimed_at=None)
    limit = settings.REMINDER_PARK_AFTER
    logger.warning("Reminder %s failed (%s of %s): %s", reminder.pk, failures, limit, text, exc_info=error)
    return "failed"


def reminders_send_due(
    *, delivery: Delivery, now: dt.datetime | None = None, limit: int = SWEEP_LIMIT
) -> dict[str, int]:
    """The sweep: sends every reminder whose time has come, oldest first, each at most once. Returns the counts of
    what happened (sent, taken, dropped, cancelled, moved, turned_off, failed, parked).

    1. Read the next batch of due rows (next_attempt_at <= now, on the partial index), leaving out the ones this run
       already tried, and their interviews with everything the re-check and the email read.
    2. Send each one (reminder_send_one), all through one SMTP session (BatchMailer); a batch read more than
       BATCH_FRESH_FOR ago is read again first.
    3. Repeat until nothing is due or `limit` rows were handled.

    Due means next_attempt_at <= now (not "due today"), so a sweep missed for a day catches up with one email per
    reminder. Call it outside any transaction (the task does), so that each claim is committed before its email
    goes out.
    """
    counts: dict[str, int] = {}
    handled = 0
    skip: list[int] = []
    while handled < limit:
        batch = reminders_due(now=now or timezone.now(), limit=min(BATCH_SIZE, limit - handled), skip=skip)
        if not batch:
            break
        read_at = timezone.now()
        interviews = interviews_for_reminders(batch, delivery=delivery)
        mailer = BatchMailer()
        try:
            for position, reminder in enumerate(batch):
                if position and timezone.now() - read_at > BATCH_FRESH_FOR:
                    break  # the rest go in the next batch, with their interviews read again
                interview = interviews.get(reminder.interview_id)
                result = reminder_send_one(
                    reminder=reminder, interview=interview, now=now or timezone.now(), mailer=mailer, delivery=delivery
                )
                counts[result] = counts.get(result, 0) + 1
                handled += 1
                if result in {"failed", "parked", "moved"}:
                    skip.append(reminder.pk)  # it is due again later, not again in this run
        finally:
            mailer.close()
    return counts


# --- Fan-out: beat claims, every worker process sends -----------------------------------------------------------


def reminders_claim_due(*, now: dt.datetime | None = None, limit: int = SWEEP_LIMIT) -> list[tuple[list[int], str]]:
    """Claims up to `limit` due reminders, batch by batch (the fair read of reminders_due), for
    send_reminder_batch tasks to send on any worker process. Returns each batch's ids with the lease it holds them
    under (ISO 8601), which the task passes back to reminders_send_claimed. The claims stay in the database: a task
    lost on the way only delays its batch until the lease brings the rows back."""
    batches = []
    claimed_count = 0
    while claimed_count < limit:
        claimed_at = now or timezone.now()
        due = reminders_due(now=claimed_at, limit=min(BATCH_SIZE, limit - claimed_count))
        if not due:
            break
        claimed = [reminder for reminder in due if _claim(reminder, claimed_at)]
        if claimed:
            batches.append(([reminder.pk for reminder in claimed], claimed[0].next_attempt_at.isoformat()))
        claimed_count += len(due)  # the ones taken by another sweep count too: they are no longer due either
    return batches


def reminders_send_claimed(*, ids: list[int], lease_until: str, delivery: Delivery) -> dict[str, int]:
    """Sends a batch claimed by reminders_claim_due, through one SMTP session. A row whose claim is no longer this
    one (its lease ran out and another sweep took it, or the services rescheduled or closed it) is left alone."""
    reminders = list(
        Reminder.objects.filter(
            pk__in=ids, state=Reminder.State.SCHEDULED, next_attempt_at=dt.datetime.fromisoformat(lease_until)
        ).order_by("next_attempt_at", "pk")
    )
    counts = {"taken": len(ids) - len(reminders)} if len(reminders) < len(ids) else {}
    interviews = interviews_for_reminders(reminders, delivery=delivery) if reminders else {}
    mailer = BatchMailer()
    try:
        for reminder in reminders:
            now = timezone.now()
            # The lease is taken again, conditionally, just before this reminder goes: a batch slower than the lease
            # must not send a row whose lease ran out meanwhile and that another sweep took.
            if not _renew(reminder, now):
                result = "taken"
            else:
                interview = interviews.get(reminder.interview_id)
                result = _send_claimed_alone(
                    reminder=reminder, interview=interview, now=now, mailer=mailer, delivery=delivery
                )
            counts[result] = counts.get(result, 0) + 1
    finally:
        mailer.close()
    return counts
