"""Writes for follow-up: notes, plans, attempts, outcomes, settings, check-ins, and the sync that brings an
interview's follow-up up to date after each (its reminders are stored and sent by the reminders app)."""

import datetime as dt
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.emails import email_send
from accounts.models import User
from composer import drafts
from interviews.models import Interview, Opportunity
from interviews.selectors import people_of_round
from interviews.services import (
    debrief_save,
    hear_back_date_check,
    opportunity_set_status,
)
from reminders.models import Reminder
from reminders.services import reminder_subject_set, reminders_set

from . import calendar
from .emails import check_in_answered_message
from .models import (
    CalendarRevision,
    CheckIn,
    FollowUpAttempt,
    FollowUpPlan,
    FollowUpSettings,
    Outcome,
    ThankYouNote,
)
from .rules import reminder_due_times
from .selectors import check_in_asker_sees, open_check_ins_attach, with_reminder_state
from .signals import offer_recorded

# --- The sync: one entry point brings an interview's follow-up up to date ------------------------------------------


@transaction.atomic
def follow_up_sync(*, interview: Interview, now: dt.datetime | None = None) -> dict[str, str]:
    """Brings an interview's follow-up up to date with what is true now, in this order: its thank-you notes (one
    draft per person met), then its reminders, which read those notes, then its calendar revision (the SEQUENCE the
    feed gives its events goes up when what they say changed).

    The one entry point: followups.receivers calls it once for each interview capture says has changed (a
    change of the opportunity's status counts for each of its interviews, and an offer accepted or no longer
    accepted for every interview of the owner's opportunities in play), and follow-up's own writes call it after
    theirs. Idempotent. Returns {reminder kind: what happened} for logging and tests."""
    now = now or timezone.now()
    _thank_you_notes_sync(interview=interview)
    fresh = with_reminder_state(Interview.objects.filter(pk=interview.pk)).select_related("calendar_revision").first()
    if fresh is not None:
        open_check_ins_attach([fresh])
    # The reminders: when each is due is the rules' (followups.rules), storing and sending them reminders'.
    done = reminders_set(interview=interview, due=reminder_due_times(interview=fresh, now=now) if fresh else {})
    if fresh is not None:
        _calendar_sync(interview=fresh, now=now)
    return done


def _thank_you_notes_sync(*, interview: Interview) -> None:
    """One note per person met, and the drafts follow the debrief: a draft for everyone at the interview, the
    unsent drafts of people no longer there removed (sent notes stay, they happened), and every draft nobody has
    edited composed again from the current debrief, people and questions. An edited draft is never overwritten:
    when the composer would now write something else than the draft it started from, it is flagged (newer_draft)
    so that the page offers a refresh."""
    participants = people_of_round(interview=interview)
    person_ids = {p.person_id for p in participants}
    # Locked until the sync commits (_notes_lock's order): a note the candidate saves meanwhile (thank_you_note_update
    # locks it too) is either saved after the recomposed draft, and counts as edited, or seen here as edited and never
    # overwritten.
    notes = {note.person_id: note for note in _notes_lock(interview_id=interview.pk)}
    gone = [person for person, note in notes.items() if not note.is_sent and person not in person_ids]
    if gone:
        ThankYouNote.objects.filter(interview=interview, person_id__in=gone, state=ThankYouNote.State.DRAFT).delete()
    # Sent notes happened, and an edited draft already flagged has nothing more to learn: the composer reads the
    # interview only when some note may change.
    to_compose = [
        row
        for row in participants
        if (note := notes.get(row.person_id)) is None or not (note.is_sent or note.newer_draft)
    ]
    if not to_compose:
        return
    interview, facts = drafts.interview_facts_read(interview=interview, participants=participants)
    through = drafts.goes_through_recruiter(interview=interview)
    channel = ThankYouNote.Channel.RECRUITER if through else ThankYouNote.Channel.EMAIL
    new, changed = [], []
    for row in to_compose:
        note = notes.get(row.person_id)
        if note is None:
            note = ThankYouNote(interview=interview, person=row.person, channel=channel)
            note.subject, note.body = draft = _compose(note, facts)
            note.composed_hash = drafts.draft_digest(draft)
            new.append(note)
            continue
        draft = _compose(note, facts)
        digest = drafts.draft_digest(draft)
        if digest == note.composed_hash:
            continue
        if note.is_untouched:
            note.subject, note.body = draft
            note.composed_hash = digest
        else:
            note.newer_draft = True
        note.updated_at = timezone.now()
        changed.append(note)
    # ignore_conflicts: two saves of the same interview at once must not fail on the one-note-per-person rule.
    ThankYouNote.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        ThankYouNote.objects.bulk_update(changed, ["subject", "body", "composed_hash", "newer_draft", "updated_at"])


def _notes_lock(*, interview_id: int):
    """The interview's notes, row-locked for the rest of the transaction, always in one order (by id): a write that
    changes one note and then syncs locks them all first, so two of them at once wait for each other instead of
    each holding its own note and waiting in the sync for the other's (a deadlock)."""
    return ThankYouNote.objects.select_for_update().filter(interview_id=interview_id).order_by("pk")


def _compose(note: ThankYouNote, facts: drafts.InterviewFacts) -> drafts.Draft:
    return drafts.compose_note(
        facts=facts,
        person_key=note.person_id,
        tone=note.tone,
        article_url=note.article_url,
        article_topic=note.article_topic,
    )


def _calendar_sync(*, interview: Interview, now: dt.datetime) -> None:
    """Raises the interview's calendar SEQUENCE when what its events say has changed. `interview` comes with its
    calendar_revision (or none yet). The raise is a conditional UPDATE on the digest: two syncs of one change at once
    raise it once (the second finds the digest already written), and an unchanged calendar costs no query."""
    digest = calendar.events_digest(calendar.event_specs(interview, now=now))
    revision = calendar.revision_of(interview)
    if revision is None:
        # ignore_conflicts: a sync of the same interview in another transaction may have made it just now.
        CalendarRevision.objects.bulk_create(
            [CalendarRevision(interview_id=interview.pk, digest=digest)], ignore_conflicts=True
        )
    elif revision.digest != digest:
        CalendarRevision.objects.filter(pk=revision.pk).exclude(digest=digest).update(
            sequence=F("sequence") + 1, digest=digest, updated_at=now
        )


# --- Thank-you notes -------------------------------------------------------------------------------------------


@transaction.atomic
def thank_you_note_redraft(*, note: ThankYouNote, tone: str) -> ThankYouNote:
    """Composes the note again, in the chosen tone, from the current debrief. It replaces the text (edits too: the
    page says so), and the draft follows the debrief again until it is edited."""
    _, facts = drafts.interview_facts_read(interview=note.interview)
    note.tone = tone
    draft = _compose(note, facts)
    note.subject, note.body = draft
    note.composed_hash = drafts.draft_digest(draft)
    note.edited_at, note.newer_draft = None, False
    note.save(update_fields=["tone", "subject", "body", "composed_hash", "edited_at", "newer_draft", "updated_at"])
    return note


@transaction.atomic
def thank_you_note_update(
    *,
    note: ThankYouNote,
    subject: str,
    body: str,
    channel: str,
    article_url: str | None = None,
    article_topic: str | None = None,
    now: dt.datetime | None = None,
) -> ThankYouNote:
    """Saves what the candidate wrote. A changed subject or text makes the note theirs (never recomposed again); an
    untouched draft whose article link changed is composed again with the link in place."""
    subject = " ".join(subject.split())  # one line: it becomes an email subject in the mail app
    body = body.replace("\r\n", "\n").strip()
    # Compared with what is stored, not with `note`: a bound ModelForm has already copied the new text onto it.
    stored = ThankYouNote.objects.select_for_update().values_list("subject", "body").get(pk=note.pk)
    edited = (subject, body) != (stored[0], stored[1].strip())
    note.subject, note.body, note.channel = subject, body, channel
    if article_url is not None:
        note.article_url = article_url.strip()
    if article_topic is not None:
        note.article_topic = " ".join(article_topic.split())
    note.full_clean(exclude=["interview", "person"])
    if edited:
        note.edited_at = note.edited_at or now or timezone.now()
    elif note.is_untouched:
        _, facts = drafts.interview_facts_read(interview=note.interview)
        draft = _compose(note, facts)
        note.subject, note.body = draft
        note.composed_hash = drafts.draft_digest(draft)
    note.save(
        update_fields=["subject", "body", "channel", "article_url", "article_topic", "edited_at", "composed_hash",
                       "updated_at"]
    )  # fmt: skip
    return note


@transaction.atomic
def thank_you_note_mark_sent(
    *, note: ThankYouNote, despite: list[str] | None = None, now: dt.datetime | None = None
) -> ThankYouNote:
    """Records that the candidate sent the note, and `despite`: the failing checks they were shown and confirmed
    ("Send anyway?"). When it was the last note, the thank-you reminders are cancelled."""
    now = now or timezone.now()
    list(_notes_lock(interview_id=note.interview_id).values_list("pk", flat=True))
    changed = ThankYouNote.objects.filter(pk=note.pk, state=ThankYouNote.State.DRAFT).update(
        state=ThankYouNote.State.SENT, sent_at=now, sent_despite=list(despite or [])
    )
    note.refresh_from_db()
    if changed:
        follow_up_sync(interview=note.interview, now=now)
    return note


@transaction.atomic
def thank_you_note_mark_unsent(*, note: ThankYouNote, now: dt.datetime | None = None) -> ThankYouNote:
    """Undo for a mis-click: back to draft, and the reminders come back if the window is still open."""
    list(_notes_lock(interview_id=note.interview_id).values_list("pk", flat=True))
    ThankYouNote.objects.filter(pk=note.pk).update(state=ThankYouNote.State.DRAFT, sent_at=None, sent_despite=[])
    note.refresh_from_db()
    follow_up_sync(interview=note.interview, now=now)
    return note


@transaction.atomic
def thank_you_note_keep(*, note: ThankYouNote, keep: bool, now: dt.datetime | None = None) -> ThankYouNote:
    """After a rejection (or a withdrawal, or an offer accepted elsewhere) the unsent notes are closed; one tap keeps
    one open to send anyway (and is owed again, reminders and all), another closes it again."""
    ThankYouNote.objects.filter(pk=note.pk).update(kept_after_outcome=keep, updated_at=timezone.now())
    note.refresh_from_db()
    follow_up_sync(interview=note.interview, now=now)
    return note


# --- Follow-up plan, attempts, outcomes --------------------------------------------------------------------------


@transaction.atomic
def follow_up_plan_set(*, interview: Interview, planned_on: dt.date, now: dt.datetime | None = None) -> FollowUpPlan:
    plan, _ = FollowUpPlan.objects.update_or_create(
        interview=interview, defaults={"planned_on": planned_on, "completed_at": None}
    )
    follow_up_sync(interview=interview, now=now)
    return plan


@transaction.atomic
def follow_up_attempt_log(
    *,
    interview: Interview,
    happened_at: dt.datetime,
    method: str,
    notes: str,
    result: str,
    new_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FollowUpAttempt:
    """Logs an attempt. A planned follow-up counts as done once an attempt is logged on or after its day (on the
    interview's clock). "They gave a new date" needs the date: it becomes the debrief's hear-back date (checked
    like one), the plan made for the old date is done, and the reminders move to the new one."""
    if result == FollowUpAttempt.Result.NEW_DATE:
        if new_date is None:
            raise ValidationError({"new_date": "Give the new date they said you would hear by."})
        try:
            hear_back_date_check(interview=interview, hear_back_date=new_date)
        except ValidationError as error:
            raise ValidationError({"new_date": error.messages}) from error
    else:
        new_date = None
    attempt = FollowUpAttempt(
        interview=interview, happened_at=happened_at, method=method, notes=notes, result=result, new_date=new_date
    )
    attempt.full_clean(exclude=["interview"])
    attempt.save()
    local_day = happened_at.astimezone(interview.zone).date()
    plans = FollowUpPlan.objects.filter(interview=interview, completed_at__isnull=True)
    if new_date is None:
        plans = plans.filter(planned_on__lte=local_day)
    plans.update(completed_at=happened_at)
    if new_date is not None:
        # Capture's own write: the changed hear-back date reaches follow-up through its receiver (one sync).
        debrief_save(interview=interview, values={"hear_back_date": new_date}, now=now)
    else:
        follow_up_sync(interview=interview, now=now)
    return attempt


OUTCOME_STATUS = {
    Outcome.Kind.OFFER: Opportunity.Status.OFFER,
    Outcome.Kind.REJECTED: Opportunity.Status.REJECTED,
    Outcome.Kind.WITHDRAWN: Opportunity.Status.WITHDRAWN,
    Outcome.Kind.ACCEPTED: Opportunity.Status.ACCEPTED,
    Outcome.Kind.NEXT_ROUND: Opportunity.Status.INTERVIEWING,
}


@transaction.atomic
def outcome_record(
    *,
    interview: Interview,
    kind: str,
    notes: str = "",
    contact_name: str = "",
    answer_by: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Records what came of an interview and moves the opportunity along its pipeline; everything else follows
    from the account (followups.rules.owed) through the sync of every interview concerned:

    - a rejection: the unsent notes of the opportunity are closed (one can be kept), a reply to the person who gave
      the news is owed (thank them, ask what would have changed it);
    - an offer: its answer-by date (checked like every date) starts the two offer reminders; the Offers page's
      row is made or completed by insight's receiver of `offer_recorded`;
    - accepting: every other opportunity in play is owed a notice, and its waits and reminders end;
    - any outcome: the plan is done and the wait for the hear-back date ends.
    """
    now = now or timezone.now()
    if kind != Outcome.Kind.OFFER:
        answer_by = None
    outcome = Outcome(
        interview=interview,
        kind=kind,
        notes=notes,
        recorded_at=now,
        contact_name=" ".join(contact_name.split()),
        answer_by=answer_by,
    )
    outcome.full_clean(exclude=["interview"])
    outcome.save()
    FollowUpPlan.objects.filter(interview=interview, completed_at__isnull=True).update(completed_at=now)
    status = OUTCOME_STATUS.get(kind)
    # A status change is capture's: it records the history row and tells follow-up of every interview of the
    # opportunity, this one (with its outcome, written above) included. Without one, this interview is synced here.
    moved = status is not None and opportunity_set_status(opportunity=interview.opportunity, status=status, now=now)
    if not moved:
        follow_up_sync(interview=interview, now=now)
    if kind == Outcome.Kind.OFFER:
        offer_recorded.send(sender=Outcome, outcome=outcome)
    return outcome


def outcome_update_checklist(*, outcome: Outcome, thanked_anyway: bool, asked_for_feedback: bool) -> Outcome:
    """The two things worth doing after a no; with both done, the reply is no longer owed."""
    outcome.thanked_anyway = thanked_anyway
    outcome.asked_for_feedback = asked_for_feedback
    if thanked_anyway and asked_for_feedback and outcome.reply_closed_at is None:
        outcome.reply_closed_at = timezone.now()
    outcome.save(update_fields=["thanked_anyway", "asked_for_feedback", "reply_closed_at"])
    follow_up_sync(interview=outcome.interview)
    return outcome


@transaction.atomic
def rejection_reply_close(*, outcome: Outcome, sent: bool, now: dt.datetime | None = None) -> Outcome:
    """The reply to a rejection is settled: sent (which thanks them and asks what would have changed it: both
    ticks of the checklist) or let go. Either way it is no longer owed."""
    outcome.reply_closed_at = now or timezone.now()
    if sent:
        outcome.thanked_anyway = outcome.asked_for_feedback = True
    outcome.save(update_fields=["reply_closed_at", "thanked_anyway", "asked_for_feedback"])
    follow_up_sync(interview=outcome.interview, now=now)
    return outcome


@transaction.atomic
def rejection_reply_reopen(*, outcome: Outcome, now: dt.datetime | None = None) -> Outcome:
    """Undo for "Sent" or "Not sending one" tapped by mistake."""
    outcome.reply_closed_at = None
    outcome.save(update_fields=["reply_closed_at"])
    follow_up_sync(interview=outcome.interview, now=now)
    return outcome


@transaction.atomic
def offer_answer_by_set(*, outcome: Outcome, answer_by: dt.date | None, now: dt.datetime | None = None) -> Outcome:
    """A new answer-by date for an offer (the Offers page edits it): the offer reminders move with it."""
    if outcome.kind != Outcome.Kind.OFFER:
        raise ValidationError({"answer_by": "Only an offer has an answer-by date."})
    outcome.answer_by = answer_by
    outcome.full_clean(exclude=["interview"])
    outcome.save(update_fields=["answer_by"])
    follow_up_sync(interview=outcome.interview, now=now)
    return outcome


@transaction.atomic
def opportunity_withdraw(*, opportunity: Opportunity, now: dt.datetime | None = None) -> Opportunity:
    """After accepting another offer: "told them / withdrawn". This one is withdrawn (the candidate has told
    them), and so no longer owed a notice."""
    if opportunity.status in Opportunity.OPEN_STATUSES:
        opportunity_set_status(opportunity=opportunity, status=Opportunity.Status.WITHDRAWN, now=now)
    return opportunity


# --- Settings: reminder kinds, calendar token ---------------------------------------------------------------------


def reminder_kind_set(*, user: User, kind: str, enabled: bool) -> FollowUpSettings:
    """One kind on or off (the unsubscribe link)."""
    if kind not in Reminder.Kind.values:
        raise ValueError(f"Unknown reminder kind: {kind!r}")
    return reminder_kinds_update(user=user, enabled={kind: enabled})


def reminder_kinds_update(*, user: User, enabled: dict[str, bool]) -> FollowUpSettings:
    """The given kinds on or off; the others stay. Unknown kinds are left out."""
    settings_row, _ = FollowUpSettings.objects.get_or_create(user=user)
    fields = []
    for kind, on in enabled.items():
        if kind in Reminder.Kind.values:
            setattr(settings_row, FollowUpSettings.field_for(kind), on)
            fields.append(FollowUpSettings.field_for(kind))
    settings_row.save(update_fields=[*fields, "updated_at"])
    return settings_row


# A feed token is secrets.token_urlsafe(32): 43 characters of the URL-safe alphabet. The feed looks up only a token
# of that shape; anything else (a NUL, which PostgreSQL refuses in a query, a path, a guess of another length) is a
# 404 without touching the database.
CALENDAR_TOKEN_BYTES = 32
CALENDAR_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def calendar_token_is_well_formed(token: str) -> bool:
    return CALENDAR_TOKEN_SHAPE.fullmatch(token) is not None


def calendar_token_regenerate(*, user: User) -> str:
    """A new random feed token; the old URL stops working at once."""
    settings_row, _ = FollowUpSettings.objects.get_or_create(user=user)
    settings_row.calendar_token = secrets.token_urlsafe(CALENDAR_TOKEN_BYTES)
    settings_row.save(update_fields=["calendar_token", "updated_at"])
    return settings_row.calendar_token


def calendar_token_revoke(*, user: User) -> None:
    settings_row, _ = FollowUpSettings.objects.get_or_create(user=user)
    settings_row.calendar_token = None
    settings_row.save(update_fields=["calendar_token", "updated_at"])


# --- Check-in: "still interested?" (docs/PRODUCT.md R4) -----------------------------------------------------------


def check_in_ask(*, recruiter: User, interview: Interview, now: dt.datetime | None = None) -> tuple[CheckIn, bool]:
    """A linked recruiter asks the candidate whether they are still interested, about one interview they may see;
    returns (check-in, made now). The email is the check-in's own CHECK_IN reminder, scheduled here by the sync and
    sent by the sweep (once, retried on failure, skipped if the candidate turned these off). One open question per
    interview and recruiter: asking while one is unanswered returns it; once answered, asking again makes a new one
    (the answered one stays, as history)."""
    now = now or timezone.now()
    with transaction.atomic():
        check_in = CheckIn.objects.filter(interview=interview, recruiter=recruiter, answered_at__isnull=True).first()
        if check_in is not None:
            return check_in, False
        try:
            with transaction.atomic():  # two presses at once: the open-question constraint lets one through
                check_in = CheckIn.objects.create(interview=interview, recruiter=recruiter, asked_at=now)
        except IntegrityError:
            return CheckIn.objects.get(interview=interview, recruiter=recruiter, answered_at__isnull=True), False
        follow_up_sync(interview=interview, now=now)
    return check_in, True


def check_in_auto_ask(*, reminder: Reminder, interview: Interview) -> bool:
    """The check-in the rules ask by themselves (the arranging recruiter's opt-in), made as its reminder goes out:
    asked by that recruiter at the reminder's due time, and the reminder becomes this check-in's (its subject), so the
    rules never ask by themselves about this interview again. Under the sweep's claim (reminders.sweep, through
    followups.delivery.ready): makes nothing and returns False when the claim no longer holds."""
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            interview=interview, recruiter_id=interview.arranged_by_id, asked_at=reminder.due_at
        )
        if not reminder_subject_set(reminder=reminder, subject_id=check_in.pk):
            transaction.set_rollback(True)
            return False
    return True


def check_in_answer(*, check_in: CheckIn, answer: str, now: dt.datetime | None = None) -> str:
    """Records the candidate's answer once and tells the recruiter. Returns "recorded"; "used" when it was already
    answered (the link is single use); "gone" when the recruiter who asked no longer sees the interview (the link
    revoked, expired, or the interview made private: followups.selectors.check_in_asker_sees), and then nothing is
    recorded and nothing is sent. The claim is the conditional UPDATE: two taps at once, only one records and emails,
    and a link ended a moment before is seen by it."""
    now = now or timezone.now()
    if answer not in CheckIn.Answer.values:
        raise ValidationError("Choose one of the answers.")
    with transaction.atomic():
        recorded = CheckIn.objects.filter(check_in_asker_sees(), pk=check_in.pk, answered_at__isnull=True).update(
            answer=answer, answered_at=now
        )
        if recorded:
            follow_up_sync(interview=check_in.interview, now=now)  # an unsent question is no longer owed
    check_in.refresh_from_db()
    if not recorded:
        return "used" if check_in.answered_at else "gone"
    email_send(check_in_answered_message(check_in=check_in), what="check-in answer", pk=check_in.pk)
    return "recorded"
