"""The iCalendar feed and single-event downloads (docs/PRODUCT.md F6). Times are written in UTC; UIDs are stable, so
a calendar app updates an event when the interview moves instead of adding a second one.

What the events say comes from the derived account (followups.rules.owed): a deadline no longer owed (notes sent or
closed, an answer come, a follow-up made, an offer answered, the wait ended by an offer accepted elsewhere) and a
cancelled interview stay in the feed with STATUS:CANCELLED and their UID, and every event of the interview carries
its CalendarRevision's SEQUENCE, which follow_up_sync raises each time what they say changes, so calendar apps
replace what they hold instead of keeping a ghost."""

import datetime as dt
import hashlib

import icalendar
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.models import Interview
from interviews.selectors import debrief_of, interviews_visible_to

from . import rules
from .models import CalendarRevision
from .selectors import with_followup_state

PRODID = "-//Debrief//Follow-up calendar//EN"
UID_DOMAIN = "debrief.invalid"
FEED_PAST = dt.timedelta(days=90)
CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"
INTERVIEW_STATUS = {
    Interview.State.SCHEDULED: CONFIRMED,
    Interview.State.POSTPONED: TENTATIVE,  # the old time is not kept; a new one is to come
    Interview.State.CANCELLED: CANCELLED,
}
SUMMARY_PREFIX = {Interview.State.POSTPONED: "Postponed: ", Interview.State.CANCELLED: "Cancelled: "}


def _uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # An X- property is written as it is, unescaped: a line break in it (a company's name) would end the line.
    cal.add("x-wr-calname", " ".join(name.split()))
    return cal


def _interview_url(interview: Interview, *, for_recruiter: bool = False) -> str:
    # A recruiter reads the interview page; the follow-up page is the candidate's own.
    name = "interviews:detail" if for_recruiter else "followups:interview"
    return f"{settings.SITE_URL}{reverse(name, args=[interview.pk])}"


def event_specs(interview: Interview, *, now: dt.datetime) -> list[dict]:
    """What the calendar says about one interview (loaded through with_followup_state, with `has_notes`): each
    event as a dict of its UID, status, start, end (None for a 15-minute one; a date is an all-day event), summary
    and description. The feed writes these; the sync fingerprints them to know when to raise the SEQUENCE."""
    account = rules.owed(interview, now=now)
    opportunity = interview.opportunity
    company = opportunity.company.name
    zone = interview.zone
    prefix = SUMMARY_PREFIX.get(interview.state, "")
    specs = [
        {
            "uid": _uid("interview", interview.pk),
            "status": INTERVIEW_STATUS[interview.state],
            "start": interview.starts_at,
            "end": interview.ends_at,
            "summary": f"{prefix}Interview: {opportunity.role_title} at {company} ({interview.get_round_display()})",
            "description": interview.location,
        }
    ]

    def deadline(kind: str, owed: bool, start, summary: str, end=None) -> None:
        # No "end" key for an all-day event: the digest of what the events say stays what it was.
        spec = {"uid": _uid(kind, interview.pk), "status": CONFIRMED if owed else CANCELLED, "start": start}
        specs.append({**spec, **({"end": end} if end else {}), "summary": summary})

    if interview.has_notes:
        due = rules.thank_you_due_at(ends_at=interview.ends_at, zone=zone)
        owed = bool(account.notes_due_at)
        deadline("thanks", owed, due - dt.timedelta(minutes=15), f"Thank-you notes due: {company}", end=due)
    debrief, plan = debrief_of(interview), rules.follow_up_plan_of(interview)
    if debrief is not None and debrief.hear_back_date:
        owed = bool(account.waiting_until)
        deadline("hearback", owed, debrief.hear_back_date, f"{company} promised an answer by today")
    if plan is not None:
        owed = account.follow_up_planned and account.follow_up_on == plan.planned_on
        deadline("followup", owed, plan.planned_on, f"Follow up with {company}")
    if interview.offer_answer_by is not None:
        due = rules.offer_deadline_at(answer_by=interview.offer_answer_by, zone=zone)
        owed = bool(account.offer_due_at)
        deadline("offer", owed, due - dt.timedelta(minutes=30), f"Answer the offer from {company}", end=due)
    return specs


def events_digest(specs: list[dict]) -> str:
    """A fingerprint of what the events say (not of when they were written): it changes exactly when a calendar
    app should update them."""
    text = "\n".join(
        "|".join(str(spec.get(key, "")) for key in ("uid", "status", "start", "end", "summary", "description"))
        for spec in specs
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _event(spec: dict, *, sequence: int, stamp: dt.datetime, url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", spec["uid"])
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("sequence", sequence)
    event.add("status", spec["status"])
    event.add("summary", " ".join(spec["summary"].split()))
    start = spec["start"]
    if isinstance(start, dt.datetime):
        event.add("dtstart", start.astimezone(dt.UTC))
        event.add("dtend", (spec.get("end") or start + dt.timedelta(minutes=15)).astimezone(dt.UTC))
    else:  # an all-day event: DTEND is the (exclusive) next day
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(days=1))
    if spec.get("description"):
        event.add("description", spec["description"])
    event.add("url", url)
    return event


def revision_of(interview: Interview) -> CalendarRevision | None:
    try:
        return interview.calendar_revision
    except CalendarRevision.DoesNotExist:
        return None


def interview_events(interview: Interview, *, now: dt.datetime, for_recruiter: bool = False) -> list[icalendar.Event]:
    """The interview's events; `for_recruiter`: as a linked recruiter's feed shows them, each summary led by the
    candidate's name and linked to the interview page (same UIDs and SEQUENCE, so updates reach them too)."""
    revision = revision_of(interview)
    sequence = revision.sequence if revision else 0
    stamp = revision.updated_at if revision else interview.updated_at
    url = _interview_url(interview, for_recruiter=for_recruiter)
    specs = event_specs(interview, now=now)
    if for_recruiter:
        specs = [{**spec, "summary": f"{interview.owner.name}: {spec['summary']}"} for spec in specs]
    return [_event(spec, sequence=sequence, stamp=stamp, url=url) for spec in specs]


def calendar_interviews(queryset) -> list[Interview]:
    """Interviews with everything their events read (the rules' state, notes, the calendar revision)."""
    return list(with_followup_state(queryset).select_related("calendar_revision").order_by("starts_at", "pk"))


def interview_ics(*, interview: Interview, now: dt.datetime | None = None) -> bytes:
    """The interview's own event, to download and open in a calendar app (`interview` through with_followup_state,
    as followup_interview_or_404(calendar=True) gives it): the same UID, status and SEQUENCE as in the feed."""
    now = now or timezone.now()
    cal = _calendar(f"Interview at {interview.opportunity.company.name}")
    cal.add_component(interview_events(interview, now=now)[0])
    return cal.to_ical()


def feed_interviews(*, user: User, now: dt.datetime) -> QuerySet[Interview]:
    """The interviews a user's feed holds: the ones they may see, from FEED_PAST back."""
    return interviews_visible_to(user=user).filter(starts_at__gte=now - FEED_PAST)


def calendar_feed(*, user: User, now: dt.datetime | None = None) -> bytes:
    """The interviews the user may see (from 90 days back), thank-you deadlines, hear-back dates, planned follow-ups
    and offers' answer-by deadlines, each with the status the account gives it: a candidate's own; a recruiter's
    linked candidates' (interviews_visible_to: never a private interview, never one of an ended link)."""
    now = now or timezone.now()
    for_recruiter = user.is_recruiter
    cal = _calendar("Debrief: my candidates" if for_recruiter else "Debrief")
    interviews = feed_interviews(user=user, now=now)
    for interview in calendar_interviews(interviews):
        for event in interview_events(interview, now=now, for_recruiter=for_recruiter):
            cal.add_component(event)
    return cal.to_ical()
