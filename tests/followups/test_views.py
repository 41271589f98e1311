import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import RecruiterLink
from followups.emails import unsubscribe_token
from followups.models import FollowUpSettings, Outcome, ThankYouNote
from followups.services import calendar_token_regenerate
from followups.tasks import reminders_send_due
from interviews.models import Opportunity, OpportunityStatusChange
from reminders.models import Reminder
from tests.factories import OpportunityFactory
from tests.world import interview_awaiting_thanks, interview_ended

UTC = dt.UTC
ENDS = dt.datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in London
K = Reminder.Kind


@pytest.fixture
def interview(owner):
    return interview_awaiting_thanks(owner, ends_at=ENDS)  # answer promised Friday 12 June: follow up Monday 15


@pytest.fixture
def note(interview):
    return interview.thank_you_notes.order_by("pk").first()


def urls(interview, note):
    return {
        "get": [
            reverse("followups:interview", args=[interview.pk]),
            reverse("followups:interview_ics", args=[interview.pk]),
        ],
        "post": [
            reverse("followups:note_save", args=[note.pk]),
            reverse("followups:note_redraft", args=[note.pk]),
            reverse("followups:note_mark_sent", args=[note.pk]),
            reverse("followups:note_mark_unsent", args=[note.pk]),
            reverse("followups:plan_set", args=[interview.pk]),
            reverse("followups:attempt_log", args=[interview.pk]),
            reverse("followups:outcome_record", args=[interview.pk]),
            reverse("followups:opportunity_withdraw", args=[interview.opportunity_id]),
        ],
    }


def test_outsider_gets_404_on_every_url_and_changes_nothing(client, other_candidate, interview, note):
    client.force_login(other_candidate)
    for url in urls(interview, note)["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls(interview, note)["post"]:
        assert client.post(url, {"planned_on": "2026-06-20", "kind": "rejected"}).status_code == 404, url
    note.refresh_from_db()
    assert note.state == ThankYouNote.State.DRAFT
    assert not Outcome.objects.exists()
    assert Opportunity.objects.get(pk=interview.opportunity_id).status == Opportunity.Status.INTERVIEWING


def test_linked_recruiter_gets_404_too_these_are_the_candidates_own_acts(client, recruiter, owner, interview, note):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    client.force_login(recruiter)
    for url in urls(interview, note)["get"]:
        assert client.get(url).status_code == 404, url
    assert client.post(urls(interview, note)["post"][2]).status_code == 404


def test_logged_out_visitor_is_sent_to_login(client, interview):
    response = client.get(reverse("followups:interview", args=[interview.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_mark_sent_is_one_post_and_get_is_refused(owner_client, interview, note):
    url = reverse("followups:note_mark_sent", args=[note.pk])
    assert owner_client.get(url).status_code == 405

    response = owner_client.post(url)

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.state == ThankYouNote.State.SENT and note.sent_at is not None


def test_page_shows_each_note_with_its_checks_and_the_due_time_in_the_candidates_zone(owner_client, interview):
    response = owner_client.get(reverse("followups:interview", args=[interview.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "To Ada Lovelace" in html and "To Grace Hopper" in html
    assert "Wednesday 10 June, 20:00" in html  # 19:00 UTC shown in London time
    assert "mailto:" in html and 'data-copy-target="copy-' in html
    assert "Monday 15 June" in html  # the suggested follow-up day


def test_identical_notes_are_flagged_and_the_warning_goes_once_one_is_changed(owner_client, interview):
    first, second = interview.thank_you_notes.order_by("pk")
    same = "Dear colleague, thank you for meeting me at Acme Analytics about the role. Ada Lovelace, Grace Hopper."
    for note in (first, second):
        response = owner_client.post(
            reverse("followups:note_save", args=[note.pk]),
            {f"note-{note.pk}-channel": "email", f"note-{note.pk}-subject": "Thanks", f"note-{note.pk}-body": same},
        )
        assert response.status_code == 302

    page = owner_client.get(reverse("followups:interview", args=[interview.pk]))
    similar = [c for row in page.context["note_rows"] for c in row["checks"] if c.key == "similar"]
    assert [c.ok for c in similar] == [False, False]
    assert "100% the same as another note" in page.content.decode()

    different = "Hi Grace, I loved hearing how Acme Analytics ships its data tools every week. Thanks!"
    owner_client.post(
        reverse("followups:note_save", args=[second.pk]),
        {
            f"note-{second.pk}-channel": "email",
            f"note-{second.pk}-subject": "Thanks",
            f"note-{second.pk}-body": different,
        },
    )
    page = owner_client.get(reverse("followups:interview", args=[interview.pk]))
    similar = [c for row in page.context["note_rows"] for c in row["checks"] if c.key == "similar"]
    assert [c.ok for c in similar] == [True, True]


def test_a_note_too_long_is_refused_next_to_the_field_and_the_text_is_kept(owner_client, note):
    body = "x" * 10_001
    response = owner_client.post(
        reverse("followups:note_save", args=[note.pk]),
        {f"note-{note.pk}-channel": "email", f"note-{note.pk}-subject": "Thanks", f"note-{note.pk}-body": body},
    )
    assert response.status_code == 400
    assert "at most 10000 characters" in response.content.decode().replace(",", "")
    assert body in response.content.decode()
    note.refresh_from_db()
    assert note.body != body


def test_a_date_past_year_2100_is_refused_with_a_message_not_a_500(owner_client, interview):
    response = owner_client.post(reverse("followups:plan_set", args=[interview.pk]), {"planned_on": "9999-12-31"})
    assert response.status_code == 400
    assert "no later than" in response.content.decode() and "check the year" in response.content.decode()


def test_planning_a_follow_up_replaces_the_hear_back_reminder_with_one_at_nine_local(owner_client, interview):
    with time_machine.travel(ENDS + dt.timedelta(days=1), tick=False):
        assert Reminder.objects.get(interview=interview, kind=K.HEAR_BACK_PASSED).due_at == dt.datetime(
            2026, 6, 15, 8, 0, tzinfo=UTC
        )
        owner_client.post(reverse("followups:plan_set", args=[interview.pk]), {"planned_on": "2026-06-17"})

    reminders = {r.kind: r for r in Reminder.objects.filter(interview=interview)}
    assert reminders[K.HEAR_BACK_PASSED].state == Reminder.State.CANCELLED
    assert reminders[K.FOLLOW_UP_DUE].state == Reminder.State.SCHEDULED
    assert reminders[K.FOLLOW_UP_DUE].due_at == dt.datetime(2026, 6, 17, 8, 0, tzinfo=UTC)  # 09:00 BST


def test_logging_an_attempt_on_the_planned_day_completes_the_plan(owner_client, interview):
    owner_client.post(reverse("followups:plan_set", args=[interview.pk]), {"planned_on": "2026-06-17"})
    owner_client.post(
        reverse("followups:attempt_log", args=[interview.pk]),
        {"happened_at": "2026-06-17T11:00", "method": "phone", "result": "left_message", "notes": "Voicemail."},
    )
    interview.follow_up_plan.refresh_from_db()
    assert interview.follow_up_plan.completed_at is not None
    assert Reminder.objects.get(interview=interview, kind=K.FOLLOW_UP_DUE).state == Reminder.State.CANCELLED
    assert interview.follow_up_attempts.get().notes == "Voicemail."


def test_a_rejection_moves_the_opportunity_records_history_and_stops_the_hear_back_reminder(owner_client, interview):
    owner_client.post(reverse("followups:outcome_record", args=[interview.pk]), {"kind": "rejected", "notes": ""})

    opportunity = Opportunity.objects.get(pk=interview.opportunity_id)
    assert opportunity.status == Opportunity.Status.REJECTED
    change = OpportunityStatusChange.objects.filter(opportunity=opportunity).last()  # after applied, interviewing
    assert (change.from_status, change.to_status) == ("interviewing", "rejected")
    assert Reminder.objects.get(interview=interview, kind=K.HEAR_BACK_PASSED).state == Reminder.State.CANCELLED
    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert "I thanked them anyway" in page and "I asked what would have changed their decision" in page


def test_accepting_an_offer_lists_other_open_opportunities_and_each_can_be_marked_withdrawn(
    owner, owner_client, interview
):
    other = OpportunityFactory(company__owner=owner, company__name="Bytefield", status="interviewing")
    closed = OpportunityFactory(company__owner=owner, company__name="Oldco", status="rejected")
    owner_client.post(reverse("followups:outcome_record", args=[interview.pk]), {"kind": "accepted", "notes": ""})

    page = owner_client.get(reverse("followups:interview", args=[interview.pk]))
    assert [item.opportunity.pk for item in page.context["notices"]] == [other.pk]
    assert closed.company.name not in page.content.decode()

    owner_client.post(
        reverse("followups:opportunity_withdraw", args=[other.pk]), {"interview": interview.pk}, follow=True
    )
    other.refresh_from_db()
    assert other.status == Opportunity.Status.WITHDRAWN
    page = owner_client.get(reverse("followups:interview", args=[interview.pk]))
    assert page.context["notices"] == []


# --- Unsubscribe -------------------------------------------------------------------------------------------------


def test_unsubscribe_link_from_the_email_works_logged_out(client, owner, interview):
    reminders_send_due(now=dt.datetime(2026, 6, 10, 17, 1, tzinfo=UTC))
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")

    asked = client.get(link)
    assert asked.status_code == 200
    assert "Turn these emails off?" in asked.content.decode()
    assert not FollowUpSettings.objects.filter(user=owner, remind_thanks_closing=False).exists()  # a GET only asks

    response = client.post(link, {"action": "unsubscribe"})

    assert response.status_code == 200
    assert "no longer get emails" in response.content.decode()
    assert FollowUpSettings.objects.get(user=owner).remind_thanks_closing is False
    assert FollowUpSettings.objects.get(user=owner).remind_thanks_passed is True


def test_one_click_post_from_a_mail_app_turns_the_kind_off_without_csrf(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse("followups:unsubscribe", args=[unsubscribe_token(user=owner, kind=K.HEAR_BACK_PASSED)])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert FollowUpSettings.objects.get(user=owner).remind_hear_back_passed is False


@pytest.mark.parametrize("tamper", ["altered", "forged", "other_kind_payload"])
def test_altered_or_forged_unsubscribe_link_is_refused_and_changes_nothing(client, owner, tamper):
    from django.core import signing

    good = unsubscribe_token(user=owner, kind=K.THANKS_PASSED)
    token = {
        "altered": good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        "forged": signing.dumps({"u": owner.pk, "k": K.THANKS_PASSED}, key="not-our-secret-key-at-all-0123456789"),
        "other_kind_payload": signing.dumps({"u": owner.pk, "k": "everything"}, salt="followups.reminder-unsubscribe"),
    }[tamper]

    response = client.get(reverse("followups:unsubscribe", args=[token]))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert FollowUpSettings.objects.filter(user=owner, remind_thanks_passed=False).exists() is False


def test_settings_page_turns_kinds_off(owner_client, owner):
    data = {"remind_debrief_missing": "on", "remind_thanks_passed": "on"}
    response = owner_client.post(reverse("followups:settings"), data)
    assert response.status_code == 302
    row = FollowUpSettings.objects.get(user=owner)
    assert (row.remind_debrief_missing, row.remind_thanks_closing, row.remind_thanks_passed) == (True, False, True)


# --- Calendar ----------------------------------------------------------------------------------------------------


def feed(client, token):
    return client.get(reverse("followups:calendar_feed", args=[token]))


def test_calendar_feed_parses_and_holds_exactly_the_users_own_events(client, owner, other_candidate, interview):
    with time_machine.travel(ENDS, tick=False):
        theirs = interview_ended(other_candidate, ends_at=ENDS, company="Theirs Ltd", debrief={})
    token = calendar_token_regenerate(user=owner)

    with time_machine.travel(ENDS + dt.timedelta(days=1), tick=False):
        response = feed(client, token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    uids = sorted(str(event["UID"]) for event in cal.walk("VEVENT"))
    pk = interview.pk
    assert uids == sorted(
        [f"interview-{pk}@debrief.invalid", f"thanks-{pk}@debrief.invalid", f"hearback-{pk}@debrief.invalid"]
    )
    assert "Theirs Ltd" not in response.content.decode()
    assert f"interview-{theirs.pk}@" not in response.content.decode()
    start = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("interview-")).decoded("DTSTART")
    assert start == interview.starts_at


def test_calendar_uids_stay_the_same_when_the_interview_moves(client, owner, interview):
    token = calendar_token_regenerate(user=owner)
    with time_machine.travel(ENDS + dt.timedelta(days=1), tick=False):
        before = feed(client, token).content
        interview.starts_at += dt.timedelta(hours=2)
        interview.save()
        after = feed(client, token).content
    assert before != after
    uid = f"interview-{interview.pk}@debrief.invalid"
    assert uid.encode() in before and uid.encode() in after


def test_wrong_or_revoked_or_replaced_calendar_token_gets_404(client, owner_client, owner, interview):
    old = calendar_token_regenerate(user=owner)
    assert feed(client, "not-a-real-token").status_code == 404

    owner_client.post(reverse("followups:calendar_token_change"), {"action": "regenerate"})
    new = FollowUpSettings.objects.get(user=owner).calendar_token
    assert new != old
    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200

    owner_client.post(reverse("followups:calendar_token_change"), {"action": "revoke"})
    assert feed(client, new).status_code == 404


def test_one_event_ics_download_for_an_interview(owner_client, interview):
    response = owner_client.get(reverse("followups:interview_ics", args=[interview.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="interview-{interview.pk}.ics"'
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["UID"]) == f"interview-{interview.pk}@debrief.invalid"
    assert events[0].decoded("DTEND") == interview.ends_at


def test_profile_links_to_reminder_and_calendar_settings(owner_client):
    page = owner_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("followups:settings") in page


def test_next_round_outcome_offers_to_schedule_the_next_interview_with_the_same_people(owner_client, interview):
    owner_client.post(reverse("followups:outcome_record", args=[interview.pk]), {"kind": "next_round", "notes": ""})
    page = owner_client.get(reverse("followups:interview", args=[interview.pk]))
    form = page.context["next_round_form"]
    # The last round's people come ticked (issue 14), and the label says which round comes next.
    met = list(interview.participants.values_list("person_id", flat=True))
    assert form.initial["people"] == met
    assert "put the second round in the diary" in page.content.decode()

    response = owner_client.post(
        reverse("followups:next_round_schedule", args=[interview.pk]),
        {"starts_at": "2026-06-18T14:00", "duration_minutes": "45", "format": "onsite", "people": met},
    )

    new = interview.opportunity.interviews.exclude(pk=interview.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("interviews:detail", args=[new.pk])
    # The round after the first is the second, a round of its own: meeting 1 (not "Third round, meeting 2").
    assert (new.round, new.round_number, new.duration_minutes) == ("second", 1, 45)
    assert new.starts_at == dt.datetime(2026, 6, 18, 13, 0, tzinfo=UTC)  # 14:00 typed in London
    assert sorted(new.thank_you_notes.values_list("person__name", flat=True)) == ["Ada Lovelace", "Grace Hopper"]
    assert Reminder.objects.filter(interview=new, kind=K.THANKS_PASSED).exists()


def test_someone_unticked_is_not_met_again_at_the_next_round(owner_client, interview):
    owner_client.post(reverse("followups:outcome_record", args=[interview.pk]), {"kind": "next_round", "notes": ""})
    ada = interview.participants.get(person__name="Ada Lovelace").person_id
    owner_client.post(
        reverse("followups:next_round_schedule", args=[interview.pk]),
        {"starts_at": "2026-06-18T14:00", "duration_minutes": "45", "format": "onsite", "people": [ada]},
    )
    new = interview.opportunity.interviews.exclude(pk=interview.pk).get()
    assert list(new.participants.values_list("person__name", flat=True)) == ["Ada Lovelace"]


def test_next_round_form_refuses_a_date_beyond_2100_without_a_500(owner_client, interview):
    owner_client.post(reverse("followups:outcome_record", args=[interview.pk]), {"kind": "next_round", "notes": ""})
    response = owner_client.post(
        reverse("followups:next_round_schedule", args=[interview.pk]),
        {"starts_at": "9999-12-31T23:00", "duration_minutes": "45", "format": "onsite"},
    )
    assert response.status_code == 400
    assert "no later than" in response.content.decode() and "check the year" in response.content.decode()
    assert interview.opportunity.interviews.count() == 1


def test_every_date_a_person_types_keeps_the_one_date_range_policy(owner, interview):
    from django.utils import timezone

    from followups.forms import AttemptForm, OutcomeForm, PlanForm
    from insight.forms import AnswerByForm
    from interviews.forms import InterviewLogForm, InterviewRescheduleForm, NextRoundForm

    too_late = timezone.localdate().year + 3
    attempt = {"method": "phone", "result": "new_date", "happened_at": "2026-06-12T10:00"}
    forms = {
        "planned_on": lambda day: PlanForm({"planned_on": day}),
        "happened_at": lambda day: AttemptForm({"happened_at": f"{day}T10:00", "method": "phone", "result": "spoke"}),
        "new_date": lambda day: AttemptForm({**attempt, "new_date": day}),
        "answer_by": lambda day: OutcomeForm({"kind": "offer", "answer_by": day}),
        "answer_by ": lambda day: AnswerByForm({"answer_by": day}),
        "starts_at": lambda day: NextRoundForm(
            {"starts_at": f"{day}T10:00", "duration_minutes": "60", "format": "video"}, interview=interview, people=[]
        ),
        "starts_at ": lambda day: InterviewLogForm({"starts_at": f"{day}T10:00"}, owner=owner),
        "starts_at  ": lambda day: InterviewRescheduleForm(
            {"starts_at": f"{day}T10:00", "duration_minutes": "60"}, interview=interview
        ),
    }
    for field, form_for in forms.items():
        late, early = form_for(f"{too_late}-01-01"), form_for("1989-12-31")
        assert not late.is_valid() and not early.is_valid()
        assert late.errors[field.strip()] == [f"Enter a date no later than {too_late - 1}; check the year."]
        assert early.errors[field.strip()] == ["Enter a date from 1990 on."]


def test_reading_a_settings_page_writes_no_row(owner_client, owner):
    from insight.models import OfferWeights
    from interviews.models import NotificationSettings

    for url in (reverse("followups:settings"), reverse("interviews:notification_settings"), reverse("insight:offers")):
        assert owner_client.get(url).status_code == 200, url
    assert not FollowUpSettings.objects.filter(user=owner).exists()
    assert not NotificationSettings.objects.filter(user=owner).exists()
    assert not OfferWeights.objects.filter(user=owner).exists()
