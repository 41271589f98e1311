"""The iCalendar feed and single-event downloads (docs/PRODUCT.md F6). Times are written in UTC; UIDs are stable, so
a calendar app updates an event when the interview moves instead of adding a second one."""

import datetime as dt

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.models import Interview
from interviews.selectors import debrief_of, interviews_owned_by

from . import rules
from .selectors import follow_up_plan_of

PRODID = "-//Debrief//Follow-up calendar//EN"
UID_DOMAIN = "debrief.invalid"
FEED_PAST = dt.timedelta(days=90)


def _uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _event(*, uid: str, summary: str, start, end=None, description: str = "", url: str = "", stamp=None):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    event.add("summary", " ".join(summary.split()))
    if isinstance(start, dt.datetime):
        event.add("dtstart", start.astimezone(dt.UTC))
        event.add("dtend", (end or start + dt.timedelta(minutes=15)).astimezone(dt.UTC))
    else:  # an all-day event: DTEND is the (exclusive) next day
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(days=1))
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def _interview_url(interview: Interview) -> str:
    return f"{settings.SITE_URL}{reverse('followups:interview', args=[interview.pk])}"


def interview_event(interview: Interview) -> icalendar.Event:
    opportunity = interview.opportunity
    return _event(
        uid=_uid("interview", interview.pk),
        summary=f"Interview: {opportunity.role_title} at {opportunity.company.name} ({interview.get_round_display()})",
        start=interview.starts_at,
        end=interview.ends_at,
        description=interview.location,
        url=_interview_url(interview),
        stamp=interview.updated_at,
    )


def interview_ics(*, interview: Interview) -> bytes:
    cal = _calendar(f"Interview at {interview.opportunity.company.name}")
    cal.add_component(interview_event(interview))
    return cal.to_ical()


def calendar_feed(*, user: User, now: dt.datetime | None = None) -> bytes:
    """The user's own interviews (from 90 days back), thank-you deadlines, hear-back dates and planned follow-ups."""
    now = now or timezone.now()
    cal = _calendar("Debrief")
    interviews = list(
        interviews_owned_by(user=user)
        .filter(starts_at__gte=now - FEED_PAST)
        .select_related("opportunity__company", "debrief", "follow_up_plan")
        .prefetch_related("thank_you_notes")
        .order_by("starts_at")
    )
    zone = user.zone
    for interview in interviews:
        company = interview.opportunity.company.name
        cal.add_component(interview_event(interview))
        url = _interview_url(interview)
        if interview.thank_you_notes.all():
            due = rules.thank_you_due_at(ends_at=interview.ends_at, zone=zone)
            cal.add_component(
                _event(
                    uid=_uid("thanks", interview.pk),
                    summary=f"Thank-you notes due: {company}",
                    start=due - dt.timedelta(minutes=15),
                    end=due,
                    url=url,
                    stamp=interview.updated_at,
                )
            )
        debrief, plan = debrief_of(interview), follow_up_plan_of(interview)
        days = [  # all-day events: (kind, summary, day, the row it comes from)
            ("hearback", f"{company} promised an answer by today", debrief and debrief.hear_back_date, debrief),
            ("followup", f"Follow up with {company}", plan and plan.is_pending and plan.planned_on, plan),
        ]
        for kind, summary, day, row in days:
            if day:
                event = _event(uid=_uid(kind, interview.pk), summary=summary, start=day, url=url, stamp=row.updated_at)
                cal.add_component(event)
    return cal.to_ical()
