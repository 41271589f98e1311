"""Reminder emails: a subject, a text body and an HTML body, rendered by one helper, times in the user's zone."""

import datetime as dt

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.timesince import timeuntil

from accounts.emails import UnsubscribeLinks, absolute_url, automatic_headers, email_message, one_line
from accounts.models import User
from accounts.templatetags.page_links import page_links
from accounts.timezones import elsewhere_range, local_day, local_moment, local_range
from interviews.models import Interview
from interviews.selectors import debrief_of
from reminders.models import Reminder

from . import rules
from .models import CheckIn, ThankYouNote
from .rules import follow_up_plan_of

Kind = Reminder.Kind
UNSUBSCRIBE = UnsubscribeLinks(salt="followups.reminder-unsubscribe", key="k", choices=tuple(Kind.values))
unsubscribe_token_read = UNSUBSCRIBE.read


def unsubscribe_token(*, user: User, kind: str) -> str:
    return UNSUBSCRIBE.token(user_id=user.pk, choice=kind)


def unsubscribe_url(*, user: User, kind: str) -> str:
    return absolute_url(reverse("followups:unsubscribe", args=[unsubscribe_token(user=user, kind=kind)]))


def time_left(*, until: dt.datetime, now: dt.datetime) -> str:
    """How long is left, to the minute, as a sentence says it: "1 hour 19 minutes", "2 days 3 hours",
    "45 minutes" (Django's timeuntil, two units deep, without its commas and non-breaking spaces)."""
    return timeuntil(until, now, depth=2).replace("\xa0", " ").replace(", ", " ")


def reminder_context(*, reminder: Reminder, interview: Interview, now: dt.datetime) -> dict:
    """Everything the templates need, loaded up front (select_related + list), so rendering runs no queries.

    Times are shown on the user's clock (with the interview's beside them when the two zones differ) and worked out
    on the interview's (followups.rules); how long is left is counted at `now`, when the email goes out."""
    user = interview.owner
    zone = user.zone
    company = interview.opportunity.company.name
    debrief = debrief_of(interview)
    unsent = []
    if reminder.kind in {Kind.THANKS_CLOSING, Kind.THANKS_PASSED}:
        drafts = getattr(interview, "draft_notes", None)  # the sweep prefetches them for its whole batch
        if drafts is None:
            drafts = ThankYouNote.objects.filter(interview=interview, state=ThankYouNote.State.DRAFT)
            drafts = drafts.select_related("person").order_by("pk")
        closed = rules.notes_closed(
            opportunity=interview.opportunity, accepted_elsewhere=bool(getattr(interview, "accepted_elsewhere", False))
        )
        unsent = [note.person.name for note in drafts if note.kept_after_outcome or not closed]
    thanks_due = rules.thank_you_due_at(ends_at=interview.ends_at, zone=interview.zone)
    plan = follow_up_plan_of(interview)
    offer_due = (
        rules.offer_deadline_at(answer_by=interview.offer_answer_by, zone=interview.zone)
        if getattr(interview, "offer_answer_by", None)
        else None
    )
    about_the_offer = reminder.kind in {Kind.OFFER_ANSWER_SOON, Kind.OFFER_ANSWER_TODAY}
    deadline = offer_due if about_the_offer else thanks_due
    return {
        "kind": reminder.kind,
        "user_name": user.name,
        "company": company,
        "role": interview.opportunity.role_title,
        "round": interview.get_round_display(),
        "when_local": local_range(interview.starts_at, interview.ends_at, zone),
        "when_there": elsewhere_range(
            interview.starts_at, interview.ends_at, zone_name=interview.time_zone, viewer_zone_name=user.time_zone
        ),
        "ends_local": local_moment(interview.ends_at, zone),
        "thanks_due_local": local_moment(thanks_due, zone),
        "offer_due_local": local_moment(offer_due, zone) if offer_due else "",
        "time_left": time_left(until=deadline, now=now) if deadline and deadline > now else "",
        "hear_back_local": local_day(debrief.hear_back_date) if debrief and debrief.hear_back_date else "",
        "planned_local": local_day(plan.planned_on) if plan else "",
        "unsent_names": unsent,
        "zone_name": user.time_zone,
        "action_url": absolute_url(
            reverse("interviews:debrief_quick", args=[interview.pk])
            if reminder.kind == Kind.DEBRIEF_MISSING
            else reverse("followups:interview", args=[interview.pk]) + ("#outcome" if about_the_offer else "")
        ),
        "unsubscribe_url": unsubscribe_url(user=user, kind=reminder.kind),
        "settings_url": absolute_url(reverse("followups:settings")),
        "kind_label": Kind(reminder.kind).label,
    }


def reminder_headers(reminder: Reminder, *, unsubscribe_url: str) -> dict[str, str]:
    return {**automatic_headers(unsubscribe_url=unsubscribe_url), "Message-ID": reminder.message_id}


def reminder_message(*, reminder: Reminder, interview: Interview, now: dt.datetime) -> EmailMultiAlternatives:
    """The email a due reminder sends; the one place that tells the kinds apart (a check-in is a question from the
    recruiter, with its answers as links, not a deadline)."""
    if reminder.kind == Kind.CHECK_IN:
        return check_in_message(reminder=reminder, interview=interview)
    context = reminder_context(reminder=reminder, interview=interview, now=now)
    return email_message(
        "emails/reminder",
        context,
        to=interview.owner.email,
        headers=reminder_headers(reminder, unsubscribe_url=context["unsubscribe_url"]),
    )


# --- Check-in: "still interested?" (docs/PRODUCT.md R4) -------------------------------------------------------------

CHECK_IN_SALT = "followups.check-in"
# How long the answer links work: past it, the page says the link has expired and asks nothing.
CHECK_IN_VALID_FOR = dt.timedelta(days=14)


def check_in_token(*, check_in: CheckIn, answer: str) -> str:
    """A signed, timestamped token naming the check-in and one answer; single use is the answer's conditional
    UPDATE (followups.services.check_in_answer), expiry is CHECK_IN_VALID_FOR from signing."""
    return signing.dumps({"c": check_in.pk, "a": answer}, salt=CHECK_IN_SALT, compress=True)


def check_in_token_read(token: str) -> tuple[int, str]:
    """(check-in id, answer); raises signing.SignatureExpired past CHECK_IN_VALID_FOR, signing.BadSignature when
    altered or forged."""
    data = signing.loads(token, salt=CHECK_IN_SALT, max_age=CHECK_IN_VALID_FOR)
    if not isinstance(data, dict) or data.get("a") not in CheckIn.Answer.values or not isinstance(data.get("c"), int):
        raise signing.BadSignature("Unexpected payload.")
    return data["c"], data["a"]


def check_in_message(*, reminder: Reminder, interview: Interview) -> EmailMultiAlternatives:
    # The reminder's subject, its own check-in (asked by the recruiter, or by the rules: followups.services.
    # check_in_auto_ask made it as this email goes): the answer links name it, so each answers this question alone.
    check_in = CheckIn.objects.select_related("recruiter").get(pk=reminder.subject_id)
    user = interview.owner
    unsubscribe = unsubscribe_url(user=user, kind=Kind.CHECK_IN)
    context = {
        "user_name": one_line(user.name),
        "recruiter_name": one_line(check_in.recruiter.name),
        "company": interview.opportunity.company.name,
        "role": interview.opportunity.role_title,
        "round": interview.get_round_display(),
        "when_local": local_range(interview.starts_at, interview.ends_at, user.zone),
        "answers": [
            (
                label,
                absolute_url(page_links("check_in_answer", check_in_token(check_in=check_in, answer=a))[0].url),
            )
            for a, label in CheckIn.Answer.choices
        ],
        "valid_days": CHECK_IN_VALID_FOR.days,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute_url(reverse("followups:settings")),
    }
    return email_message(
        "emails/check_in", context, to=user.email, headers=reminder_headers(reminder, unsubscribe_url=unsubscribe)
    )


def check_in_answered_message(*, check_in: CheckIn) -> EmailMultiAlternatives:
    """Tells the recruiter who asked what the candidate answered."""
    interview = check_in.interview
    context = {
        "candidate_name": one_line(interview.owner.name),
        "answer": check_in.get_answer_display(),
        "wants_a_call": check_in.answer == CheckIn.Answer.CALL,
        "company": interview.opportunity.company.name,
        "role": interview.opportunity.role_title,
        "home_url": absolute_url("/"),
        "candidate_email": interview.owner.email,
    }
    return email_message("emails/check_in_answered", context, to=check_in.recruiter.email)
