"""An outcome flows through everything (issue 14, docs/PRODUCT.md F8): Today, the calendar feed, the reminders, the
follow-up page and the recruiter's card all read one account of what is owed (insight.owed.owed_accounts,
followups.rules.owed), so recording an outcome changes all of them at once."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from followups.models import FollowUpPlan, Outcome, ThankYouNote
from followups.services import (
    calendar_token_regenerate,
    follow_up_attempt_log,
    follow_up_plan_set,
    outcome_record,
    reminder_kind_set,
    thank_you_note_mark_sent,
)
from followups.tasks import reminders_send_due
from insight.models import Offer
from insight.owed import owed_by
from interviews.models import Opportunity
from interviews.services import company_update, interview_call_off, interview_reschedule, opportunity_add
from reminders.models import Reminder
from tests.world import interview_ended, link

pytestmark = pytest.mark.django_db

UTC = dt.UTC
K = Reminder.Kind
# Monday 23 November 2026, 10:00-11:00 in London (GMT): notes due 20:00, an answer promised by Wednesday 25.
ENDS = dt.datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
HEAR_BACK = dt.date(2026, 11, 25)
LATER = ENDS + dt.timedelta(hours=2)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def interview(owner):
    with at(ENDS):
        return interview_ended(
            owner,
            ends_at=ENDS,
            company="Acme Analytics",
            people=["Ada Lovelace", "Grace Hopper"],
            debrief={"hear_back_date": HEAR_BACK, "interest": 8},
        )


def scheduled(interview) -> set[str]:
    return set(Reminder.objects.filter(interview=interview, state="scheduled").values_list("kind", flat=True))


def today(client, moment):
    with at(moment):
        return client.get(reverse("home"))


def feed_events(client, owner, moment) -> dict:
    token = calendar_token_regenerate(user=owner)
    with at(moment):
        body = client.get(reverse("followups:calendar_feed", args=[token])).content
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


# --- A rejection -----------------------------------------------------------------------------------------------


def test_a_rejection_closes_the_unsent_notes_everywhere_and_one_tap_keeps_one(owner, owner_client, interview):
    assert [item["interview"].pk for item in today(owner_client, LATER).context["due_notes"]] == [interview.pk]
    before = feed_events(owner_client, owner, LATER)

    with at(LATER):
        response = owner_client.post(
            reverse("followups:outcome_record", args=[interview.pk]),
            {"kind": "rejected", "contact_name": "Ada Lovelace", "notes": "Went with an internal candidate"},
        )
    assert response.status_code == 302

    # Today: no notes owed; the reminders: cancelled; the calendar: the deadline closed, same UID, a newer SEQUENCE.
    assert today(owner_client, LATER).context["due_notes"] == []
    assert not scheduled(interview) & {K.THANKS_CLOSING, K.THANKS_PASSED, K.HEAR_BACK_PASSED}
    after = feed_events(owner_client, owner, LATER)
    thanks, hear_back = f"thanks-{interview.pk}@debrief.invalid", f"hearback-{interview.pk}@debrief.invalid"
    assert str(after[thanks]["STATUS"]) == "CANCELLED" and str(after[hear_back]["STATUS"]) == "CANCELLED"
    assert after[thanks]["SEQUENCE"] > before[thanks]["SEQUENCE"]

    # The follow-up page shows them closed, each with a tap to keep it.
    with at(LATER):
        page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert page.count('data-testid="keep-note"') == 2
    ada = ThankYouNote.objects.get(interview=interview, person__name="Ada Lovelace")
    with at(LATER):
        owner_client.post(reverse("followups:note_keep", args=[ada.pk]), {"keep": "yes"})
    items = today(owner_client, LATER).context["due_notes"]
    assert [[note.person.name for note in item["notes"]] for item in items] == [["Ada Lovelace"]]
    assert K.THANKS_PASSED in scheduled(interview)


def test_a_rejection_drafts_the_thank_you_and_ask_why_to_whoever_gave_the_news(owner, owner_client, interview):
    person = interview.participants.get(person__name="Ada Lovelace").person
    person.email = "ada@acme.example"
    person.save()
    with at(LATER):
        outcome_record(interview=interview, kind="rejected", contact_name="Ada Lovelace")
        due = today(owner_client, LATER).context["due_replies"]
        page = owner_client.get(reverse("followups:interview", args=[interview.pk]))
    assert [i.pk for i in due] == [interview.pk]
    (reply,) = page.context["replies"]
    assert reply["draft"].body.startswith("Dear Ada Lovelace,") or reply["draft"].body.startswith("Dear Ms Lovelace,")
    assert "Acme Analytics" in reply["draft"].body and "?" in reply["draft"].body
    assert all(check.ok for check in reply["checks"]), reply["checks"]
    assert reply["mailto"].startswith("mailto:ada@acme.example?subject=")
    body = page.content.decode()
    assert 'data-testid="reply-mailto"' in body and 'data-copy-target="reply-' in body

    outcome = Outcome.objects.get(interview=interview)
    with at(LATER):
        owner_client.post(reverse("followups:rejection_reply", args=[outcome.pk]), {"action": "sent"})
    outcome.refresh_from_db()
    assert outcome.thanked_anyway and outcome.asked_for_feedback and outcome.reply_closed_at
    assert today(owner_client, LATER).context["due_replies"] == []


def test_a_rejection_without_a_name_drafts_a_prompt_for_one_and_the_checks_say_so(owner, owner_client, interview):
    with at(LATER):
        outcome_record(interview=interview, kind="rejected")
        page = owner_client.get(reverse("followups:interview", args=[interview.pk]))
    (reply,) = page.context["replies"]
    failing = {check.key for check in reply["checks"] if not check.ok}
    assert "name" in failing and "placeholder" in failing


# --- An offer --------------------------------------------------------------------------------------------------


def test_an_offer_makes_its_offers_row_prefilled_and_schedules_its_two_reminders(owner, owner_client, interview):
    company_update(company=interview.opportunity.company, name="Acme Analytics", location="Leeds")
    with at(LATER):
        owner_client.post(
            reverse("followups:outcome_record", args=[interview.pk]),
            {"kind": "offer", "answer_by": "2026-11-27", "notes": "Base plus bonus"},
        )
    offer = Offer.objects.get(opportunity=interview.opportunity)
    assert (offer.location, offer.interest, offer.notes, offer.currency) == ("Leeds", 8, "Base plus bonus", "EUR")
    page = owner_client.get(reverse("insight:offers")).content.decode()
    assert "No offers yet" not in page and "Answer by <strong>Fri 27 Nov, 17:00</strong>" in page

    reminders = dict(Reminder.objects.filter(interview=interview, state="scheduled").values_list("kind", "due_at"))
    # Due 17:00 in London on Friday 27 November: 48 hours before, and 09:00 that morning.
    assert reminders[K.OFFER_ANSWER_SOON] == dt.datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    assert reminders[K.OFFER_ANSWER_TODAY] == dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    (item,) = today(owner_client, LATER).context["due_offers"]
    assert item["due_at"] == dt.datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


def send_notes(interview):
    for note in ThankYouNote.objects.filter(interview=interview):
        thank_you_note_mark_sent(note=note, now=LATER)


def test_the_offer_reminders_say_how_long_is_left_when_they_go_out_and_each_can_be_switched_off(owner, interview):
    send_notes(interview)
    with at(LATER):
        outcome_record(interview=interview, kind="offer", answer_by=dt.date(2026, 11, 27))
    # The sweep runs 41 minutes late: the copy counts from then, not from when the reminder was due.
    assert reminders_send_due(now=dt.datetime(2026, 11, 25, 17, 41, tzinfo=UTC)) == {"sent": 1}
    (soon,) = mail.outbox
    assert soon.subject == "1 day 23 hours left to answer Acme Analytics's offer"
    assert "by Friday 27 November, 17:00: 1 day 23 hours left" in soon.body
    assert "Monday 23 November, 10:00–11:00 (Europe/London)" in soon.body  # a range within a day, written once

    reminder_kind_set(user=owner, kind=K.OFFER_ANSWER_TODAY, enabled=False)
    assert reminders_send_due(now=dt.datetime(2026, 11, 27, 9, 5, tzinfo=UTC)) == {"turned_off": 1}
    assert len(mail.outbox) == 1


def test_an_offer_recorded_on_its_last_day_is_not_reminded_48_hours_before(owner, interview):
    with at(dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC)):
        outcome_record(interview=interview, kind="offer", answer_by=dt.date(2026, 11, 27))
    assert not scheduled(interview) & {K.OFFER_ANSWER_SOON, K.OFFER_ANSWER_TODAY}


def test_moving_the_answer_by_date_on_the_offers_page_moves_its_reminders(owner, owner_client, interview):
    with at(LATER):
        outcome_record(interview=interview, kind="offer", answer_by=dt.date(2026, 11, 27))
        response = owner_client.post(
            reverse("insight:offer_edit", args=[interview.opportunity_id]),
            {"deadline-answer_by": "2026-12-02", "currency": "GBP"},
        )
    assert response.status_code == 302
    due = Reminder.objects.get(interview=interview, kind=K.OFFER_ANSWER_TODAY).due_at
    assert due == dt.datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "rejected", "answer_by": "2026-11-27"}, "answer_by", "Only an offer has an answer-by date"),
        ({"kind": "offer", "answer_by": "9999-12-31"}, "answer_by", "check the year"),
        ({"kind": "offer", "answer_by": "27/11/2026x"}, "answer_by", "Enter a valid date"),
        ({"kind": "offer", "contact_name": "x" * 201}, "contact_name", "at most 200 characters"),
        ({"kind": "promoted"}, "kind", "Select a valid choice"),
        ({"kind": "offer", "notes": "x" * 10_001}, "notes", "at most 10000 characters"),
    ],
)
def test_bad_input_on_the_outcome_form_records_nothing(owner_client, interview, data, field, message):
    response = owner_client.post(reverse("followups:outcome_record", args=[interview.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["outcome_form"].errors[field]
    assert not Outcome.objects.exists() and not Offer.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"), [("9999-12-31", "check the year"), ("1900-01-01", "from 1990 on"), ("soon", "valid date")]
)
def test_bad_answer_by_dates_on_the_offers_page_save_nothing(owner_client, interview, value, message):
    with at(LATER):
        outcome_record(interview=interview, kind="offer", answer_by=dt.date(2026, 11, 27))
    response = owner_client.post(
        reverse("insight:offer_edit", args=[interview.opportunity_id]),
        {"deadline-answer_by": value, "currency": "GBP", "salary": "70000"},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert Outcome.objects.get().answer_by == dt.date(2026, 11, 27)
    assert Offer.objects.get().salary is None


# --- Accepting an offer ----------------------------------------------------------------------------------------


def test_accepting_makes_every_other_opportunity_in_play_owed_a_notice_and_closes_its_waits(
    owner, owner_client, interview, recruiter
):
    with at(ENDS):
        other = interview_ended(
            owner, ends_at=ENDS, company="Northwind", people=["Helen Ward", "Tom Okafor"],
            debrief={"hear_back_date": HEAR_BACK},
        )  # fmt: skip
        follow_up_plan_set(interview=other, planned_on=dt.date(2026, 11, 26))
        applied = opportunity_add(owner=owner, new_company_name="Bluebird", role_title="Analyst", status="applied")
        wish = opportunity_add(owner=owner, new_company_name="Wishful", role_title="Analyst", status="wishlist")
    before = feed_events(owner_client, owner, LATER)
    link(owner, recruiter)
    send_notes(interview)  # the notes to the company accepted were sent: they are not part of the notices

    with at(LATER):
        outcome_record(interview=interview, kind="accepted")

    account = owed_by(user=owner, now=LATER)
    assert [a.opportunity.pk for a in account.notices] == [other.opportunity_id, applied.pk]  # not the wishlist one
    assert [p.name for p in account.notices[0].contacts] == ["Helen Ward", "Tom Okafor"]
    assert not scheduled(other) & {K.HEAR_BACK_PASSED, K.FOLLOW_UP_DUE, K.THANKS_PASSED, K.THANKS_CLOSING}
    after = feed_events(owner_client, owner, LATER)
    for kind in ("hearback", "followup"):
        uid = f"{kind}-{other.pk}@debrief.invalid"
        assert str(after[uid]["STATUS"]) == "CANCELLED" and after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    # The recruiter's card says it too.
    recruiter_client = owner_client.__class__()
    recruiter_client.force_login(recruiter)
    with at(LATER):
        card = recruiter_client.get(reverse("insight:candidate", args=[owner.pk])).context["card"]
    assert [item.opportunity.pk for item in card["notices"]] == [other.opportunity_id]  # Bluebird has no interview

    # Today lists each, with drafts per contact and one tap; a tap withdraws it and Today is clean.
    body = today(owner_client, LATER).content.decode()
    assert body.count('data-testid="due-notices"') == 2
    with at(LATER):
        page = owner_client.get(reverse("followups:notice", args=[other.opportunity_id]))
    rows = page.context["rows"]
    assert [row["name"] for row in rows] == ["Helen Ward", "Tom Okafor"]
    assert all(all(check.ok for check in row["checks"]) for row in rows), [row["checks"] for row in rows]
    assert rows[0]["draft"].body != rows[1]["draft"].body
    for opportunity_id in (other.opportunity_id, applied.pk):
        with at(LATER):
            owner_client.post(reverse("followups:opportunity_withdraw", args=[opportunity_id]))
    response = today(owner_client, LATER)
    assert response.context["due_notices"] == [] and response.context["due_notes"] == []
    assert Opportunity.objects.get(pk=wish.pk).status == "wishlist"


def test_an_opportunity_begun_after_accepting_is_a_new_search_owed_nothing(owner, interview):
    with at(LATER):
        outcome_record(interview=interview, kind="accepted")
    with at(LATER + dt.timedelta(days=200)):
        opportunity_add(owner=owner, new_company_name="Next Co", role_title="Lead", status="applied")
    assert owed_by(user=owner, now=LATER + dt.timedelta(days=200)).notices == []


# --- Cancelled and moved interviews ----------------------------------------------------------------------------


def test_a_cancelled_interview_owes_nothing_and_its_reminders_are_cancelled(owner, owner_client, interview):
    assert scheduled(interview)
    with at(LATER):
        interview_call_off(interview=interview, what="cancelled_by_them", reason="Role frozen")
    assert scheduled(interview) == set()
    assert owed_by(user=owner, now=LATER).is_empty


def test_a_move_moves_the_reminders_and_bumps_the_calendar_sequence(owner, owner_client, interview):
    before = feed_events(owner_client, owner, LATER)
    with at(LATER):
        interview_reschedule(
            interview=interview, starts_at=ENDS + dt.timedelta(days=1), time_zone="Europe/London", now=LATER
        )
    uid = f"interview-{interview.pk}@debrief.invalid"
    after = feed_events(owner_client, owner, LATER)
    assert after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
    assert after[uid].decoded("DTSTART") == ENDS + dt.timedelta(days=1)
    thanks = Reminder.objects.get(interview=interview, kind=K.THANKS_PASSED)
    assert thanks.due_at == dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # the next morning after the new day


# --- The follow-up plan ----------------------------------------------------------------------------------------


def test_the_plan_form_is_prefilled_with_the_suggested_day(owner_client, interview):
    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert 'data-testid="suggested-follow-up">Thursday 26 November<' in page
    assert 'name="planned_on" value="2026-11-26"' in page


def test_they_gave_a_new_date_moves_the_hear_back_date_and_its_reminders(owner, owner_client, interview):
    call = dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    with at(call):
        response = owner_client.post(
            reverse("followups:attempt_log", args=[interview.pk]),
            {"happened_at": "2026-11-26T10:00", "method": "phone", "result": "new_date", "new_date": "2026-12-02"},
        )
    assert response.status_code == 302
    interview.debrief.refresh_from_db()
    assert interview.debrief.hear_back_date == dt.date(2026, 12, 2)
    reminder = Reminder.objects.get(interview=interview, kind=K.HEAR_BACK_PASSED)
    assert (reminder.state, reminder.due_at) == ("scheduled", dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    assert today(owner_client, call).context["due_calls"] == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"result": "new_date"}, "new_date", "Give the new date they said you would hear by."),
        ({"result": "new_date", "new_date": "2026-11-01"}, "new_date", "cannot be before the interview"),
        ({"result": "new_date", "new_date": "2028-06-01"}, "new_date", "within a year of the interview"),
        ({"result": "new_date", "new_date": "9999-12-31"}, "new_date", "check the year"),
        ({"result": "spoke", "new_date": "2026-12-02"}, "new_date", "A new date goes with"),
        ({"result": "shouted"}, "result", "Select a valid choice"),
        ({"happened_at": "2026-03-29T01:30"}, "happened_at", "Europe/London"),
    ],
)
def test_bad_input_on_the_attempt_form_logs_nothing(owner_client, interview, data, field, message):
    posted = {"happened_at": "2026-11-26T10:00", "method": "phone", "result": "spoke", **data}
    response = owner_client.post(reverse("followups:attempt_log", args=[interview.pk]), posted)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert response.context["attempt_form"].errors[field]
    assert not interview.follow_up_attempts.exists()
    interview.debrief.refresh_from_db()
    assert interview.debrief.hear_back_date == HEAR_BACK


@pytest.mark.parametrize("planned", [True, False])
def test_a_call_logged_on_or_after_the_follow_up_day_clears_it_from_today(owner, owner_client, interview, planned):
    day = dt.date(2026, 11, 27) if planned else dt.date(2026, 11, 26)
    if planned:
        follow_up_plan_set(interview=interview, planned_on=day)
    due_day = dt.datetime.combine(day, dt.time(12, 0), tzinfo=UTC)
    assert [item["interview"].pk for item in today(owner_client, due_day).context["due_calls"]] == [interview.pk]

    # A call the day before does not settle it ...
    follow_up_attempt_log(
        interview=interview, happened_at=due_day - dt.timedelta(days=1), method="phone", notes="", result="no_answer"
    )
    assert len(today(owner_client, due_day).context["due_calls"]) == 1
    # ... one on the day does, on Today and in the reminders.
    with at(due_day):
        follow_up_attempt_log(interview=interview, happened_at=due_day, method="email", notes="", result="no_answer")
    assert today(owner_client, due_day).context["due_calls"] == []
    assert not scheduled(interview) & {K.FOLLOW_UP_DUE, K.HEAR_BACK_PASSED}
    if planned:
        assert FollowUpPlan.objects.get(interview=interview).completed_at is not None


def test_the_interview_page_shows_what_the_account_says_it_owes(owner, owner_client, interview, recruiter):
    link(owner, recruiter)
    with at(LATER):
        page = owner_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'data-owed="notes"' in page and 'data-owed="waiting"' in page
    with at(LATER):
        outcome_record(interview=interview, kind="offer", answer_by=dt.date(2026, 11, 27))
        page = owner_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
        recruiter_client = owner_client.__class__()
        recruiter_client.force_login(recruiter)
        seen = recruiter_client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'data-owed="offer"' in page and 'data-owed="waiting"' not in page
    assert 'data-owed="offer"' in seen and reverse("followups:interview", args=[interview.pk]) not in seen


def test_a_cancelled_interview_is_not_upcoming_on_the_recruiters_card(owner, recruiter):
    from insight.selectors import recruiter_candidates
    from tests.world import interview_logged

    link(owner, recruiter)
    with at(LATER):
        ahead = interview_logged(owner, starts_at=LATER + dt.timedelta(days=3), company="Soon Ltd", debrief=None)
        (card,) = recruiter_candidates(recruiter=recruiter, now=LATER)
        assert [i.pk for i in card["upcoming"]] == [ahead.pk]
        interview_call_off(interview=ahead, what="cancelled_by_them")
        (card,) = recruiter_candidates(recruiter=recruiter, now=LATER)
    assert card["upcoming"] == []
