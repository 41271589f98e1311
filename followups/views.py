import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView

from accounts.access import add_service_errors, candidate_required, unsubscribe_page
from accounts.selectors import settings_of
from accounts.services import access_record_daily
from accounts.timezones import local_day
from composer.checks import blocking, notes_ready, rejection_reply_ready, withdrawal_notices_ready
from interviews import services as interview_services
from interviews.forms import NextRoundForm
from interviews.models import Interview, Opportunity
from interviews.selectors import (
    debrief_of,
    interviews_owned_by,
    latest_round,
    opportunities_owned_by,
    people_of_round,
    round_after,
)
from reminders.models import Reminder

from . import calendar, rules, services
from .emails import unsubscribe_token_read
from .forms import (
    AttemptForm,
    ChecklistForm,
    NoteForm,
    OutcomeForm,
    PlanForm,
    RedraftForm,
    ReminderSettingsForm,
)
from .models import FollowUpAttempt, FollowUpSettings, Outcome, ThankYouNote
from .rules import follow_up_plan_of
from .selectors import (
    accepted_elsewhere,
    contacts_of,
    followup_interview_or_404,
    notes_for_interview,
    notices_owed,
    outcomes_of,
    thank_you_notes_of,
)

# --- The follow-up page of one interview ---------------------------------------------------------------------


# The follow-up page holds several forms, two of them with a "notes" box: each form's ids get a prefix of its own,
# its key in the page (the field names stay, so what is posted does not change) and every label points at its own
# form's box.
def form_ids(key: str) -> str:
    return f"id_{key}_%s"


def _interview_page(request, interview, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    now = timezone.now()
    notes = notes_for_interview(interview=interview)
    company = interview.opportunity.company.name
    debrief = debrief_of(interview)
    sendings = notes_ready(interview=interview, notes=notes)
    note_rows = []
    for note in notes:
        form = bound.get(("note", note.pk)) or NoteForm(instance=note, prefix=f"note-{note.pk}")
        note_rows.append(
            {
                "note": note,
                "form": form,
                "redraft_form": RedraftForm(initial={"tone": note.tone}, prefix=f"redraft-{note.pk}"),
                "checks": sendings[note.pk].checks,
                "mailto": sendings[note.pk].mailto,
                "contact": sendings[note.pk].contact,
            }
        )
    # Every deadline on the interview's own clock (followups.rules); shown on the viewer's by the templates.
    account = rules.owed(interview, now=now)
    closed = rules.notes_closed(opportunity=interview.opportunity, accepted_elsewhere=interview.accepted_elsewhere)
    for row in note_rows:
        note = row["note"]
        row["closed"] = closed and not note.is_sent and not note.kept_after_outcome
        row["kept"] = closed and not note.is_sent and note.kept_after_outcome
    hear_back = debrief.hear_back_date if debrief else None
    suggested = rules.follow_up_date(hear_back_date=hear_back)
    plan = follow_up_plan_of(interview)
    planned_on = plan.planned_on if plan is not None and plan.is_pending else (account.follow_up_on or suggested)
    outcomes = list(interview.outcomes.all())
    accepted = any(o.kind == Outcome.Kind.ACCEPTED for o in outcomes)
    offer = next((o for o in outcomes if o.kind == Outcome.Kind.OFFER), None)
    latest = latest_round(opportunity=interview.opportunity) or interview
    context = {
        "interview": interview,
        "company": company,
        "debrief": debrief,
        "debrief_recorded": rules.debrief_is_recorded(debrief),
        "note_rows": note_rows,
        "notes_closed": closed,
        "owed": account,
        "state_label": interview.state_label(now=now),
        "thanks_due": rules.thank_you_due_at(ends_at=interview.ends_at, zone=interview.zone),
        "now": now,
        "hear_back": hear_back,
        "suggested_follow_up": suggested,
        "plan": plan,
        "plan_form": bound.get("plan") or PlanForm(initial={"planned_on": planned_on}, auto_id=form_ids("plan")),
        "attempts": list(interview.follow_up_attempts.all()),
        "attempt_form": bound.get("attempt")
        or AttemptForm(initial={"happened_at": now.astimezone(request.user.zone)}, auto_id=form_ids("attempt")),
        "outcomes": outcomes,
        "outcome_form": bound.get("outcome") or OutcomeForm(auto_id=form_ids("outcome")),
        "checklists": [
            (o, ChecklistForm(instance=o, prefix=f"check-{o.pk}")) for o in outcomes if o.kind == Outcome.Kind.REJECTED
        ],
        "replies": _rejection_replies(request, interview, outcomes) if account.rejection_reply_owed else [],
        "offer": offer,
        "offer_due": rules.offer_deadline_at(answer_by=offer.answer_by, zone=interview.zone)
        if offer and offer.answer_by
        else None,
        "accepted": accepted,
        "next_round_form": (bound.get("next_round") or _next_round_form(interview))
        if outcomes and outcomes[0].kind == Outcome.Kind.NEXT_ROUND
        else None,
        "next_round_label": Interview.Round(round_after(latest.round)).label,
        "notices": notices_owed(opportunities=opportunities_owned_by(user=request.user), people=False)
        if accepted
        else [],
        "is_open": interview.opportunity.status in Opportunity.OPEN_STATUSES,
    }
    return render(request, "followups/interview.html", context, status=status)


def _next_round_form(interview, data=None) -> NextRoundForm:
    latest = latest_round(opportunity=interview.opportunity) or interview
    people = [row.person for row in people_of_round(interview=latest)]
    return NextRoundForm(data, interview=latest, people=people, auto_id=form_ids("next_round"))


TONES = {ThankYouNote.Tone.FORMAL, ThankYouNote.Tone.CASUAL}


def _tone(request, name: str) -> str:
    tone = request.GET.get(name, "")
    return tone if tone in TONES else ThankYouNote.Tone.FORMAL


def _rejection_replies(request, interview, outcomes) -> list[dict]:
    """The reply owed after each rejection not yet replied to, drafted to whoever gave the news."""
    tone = _tone(request, "reply_tone")
    emails = {row.person.name.casefold(): row.person.email for row in people_of_round(interview=interview)}
    return [
        {
            "outcome": outcome,
            "tone": tone,
            **rejection_reply_ready(
                interview=interview,
                recipient_name=outcome.contact_name,
                tone=tone,
                to=emails.get(outcome.contact_name.casefold(), ""),
            ),
        }
        for outcome in outcomes
        if outcome.kind == Outcome.Kind.REJECTED and outcome.reply_closed_at is None
    ]


class InterviewFollowUpView(LoginRequiredMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        interview = followup_interview_or_404(user=request.user, pk=kwargs["pk"])
        return _interview_page(request, interview)


def _back(note_or_interview_pk: int, anchor: str = ""):
    return redirect(reverse("followups:interview", args=[note_or_interview_pk]) + (f"#{anchor}" if anchor else ""))


# The one-click actions and the forms of the follow-up page: POST only, the candidate's own (candidate_required:
# a recruiter gets 404, GET or POST), the note or interview found through its scoping selector.


def on_note(act):
    """An action on one of the user's thank-you notes; `act(request, note)` answers."""

    @candidate_required
    @require_POST
    @functools.wraps(act)
    def view(request, pk: int):
        return act(request, get_object_or_404(thank_you_notes_of(user=request.user), pk=pk))

    return view


def on_interview_form(form_class, key: str, *, make=None):
    """A form of the follow-up page posted for one of the user's interviews: shown again in the page with its
    errors (400), or its cleaned data handed to `act(request, interview, data)`. `make(interview, data)` builds a
    form that needs more than the posted data."""

    def decorator(act):
        @candidate_required
        @require_POST
        @functools.wraps(act)
        def view(request, pk: int):
            interview = followup_interview_or_404(user=request.user, pk=pk)
            form = make(interview, request.POST) if make else form_class(request.POST, auto_id=form_ids(key))
            if not form.is_valid():
                return _interview_page(request, interview, bound={key: form}, status=400)
            return act(request, interview, form.cleaned_data)

        return view

    return decorator


@on_note
def note_save(request, note: ThankYouNote):
    form = NoteForm(request.POST, instance=note, prefix=f"note-{note.pk}")
    if not form.is_valid():
        note.refresh_from_db()
        interview = followup_interview_or_404(user=request.user, pk=note.interview_id)
        return _interview_page(request, interview, bound={("note", note.pk): form}, status=400)
    services.thank_you_note_update(note=note, **form.cleaned_data)
    messages.success(request, f"Your note to {note.person.name} is saved.")
    return _back(note.interview_id, f"note-{note.pk}")


@on_note
def note_redraft(request, note: ThankYouNote):
    form = RedraftForm(request.POST, prefix=f"redraft-{note.pk}")
    if form.is_valid():
        services.thank_you_note_redraft(note=note, tone=form.cleaned_data["tone"])
        messages.success(request, f"A fresh {form.cleaned_data['tone']} draft to {note.person.name} is ready to edit.")
    return _back(note.interview_id, f"note-{note.pk}")


@on_note
def note_mark_sent(request, note: ThankYouNote):
    """Records the send. With a failing check it first asks "Send anyway?" (a page of its own, so it works without
    JavaScript) and records the checks the candidate confirmed; it never records silently."""
    failing = []
    if not note.is_sent:
        interview = followup_interview_or_404(user=request.user, pk=note.interview_id)
        notes = notes_for_interview(interview=interview)
        failing = blocking(notes_ready(interview=interview, notes=notes)[note.pk].checks)
        if failing and request.POST.get("send_anyway") != "yes":
            context = {"note": note, "interview": interview, "failing": failing}
            return render(request, "followups/note_send_anyway.html", context)
    services.thank_you_note_mark_sent(note=note, despite=[check.message for check in failing])
    messages.success(request, f"Marked your note to {note.person.name} as sent.")
    return _back(note.interview_id, f"note-{note.pk}")


@candidate_required
@require_GET
def note_card(request, pk: int):
    """The note laid out on a printable A6 card, for the handwritten-card channel (to copy out, or to print)."""
    note = get_object_or_404(thank_you_notes_of(user=request.user), pk=pk)
    return render(request, "followups/note_card.html", {"note": note, "interview": note.interview})


@on_note
def note_mark_unsent(request, note: ThankYouNote):
    services.thank_you_note_mark_unsent(note=note)
    messages.info(request, f"Your note to {note.person.name} is a draft again.")
    return _back(note.interview_id, f"note-{note.pk}")


@on_interview_form(PlanForm, "plan")
def plan_set(request, interview, data: dict):
    services.follow_up_plan_set(interview=interview, planned_on=data["planned_on"])
    messages.success(request, "Follow-up planned.")
    return _back(interview.pk, "plan")


@on_interview_form(AttemptForm, "attempt")
def attempt_log(request, interview, data: dict):
    try:
        services.follow_up_attempt_log(interview=interview, **data)
    except ValidationError as error:
        form = AttemptForm(request.POST, auto_id=form_ids("attempt"))
        form.is_valid()
        add_service_errors(form, error)
        return _interview_page(request, interview, bound={"attempt": form}, status=400)
    if data["result"] == FollowUpAttempt.Result.NEW_DATE:
        when = local_day(data["new_date"])
        messages.success(request, f"Logged. You now wait for an answer by {when}; the reminders moved with it.")
    else:
        messages.success(request, "Attempt logged.")
    return _back(interview.pk, "plan")


OUTCOME_SAID = {
    Outcome.Kind.REJECTED: "Recorded. The unsent thank-you notes are closed (keep one to send it anyway), and a reply "
    "asking what would have changed it is drafted below.",
    Outcome.Kind.OFFER: "Congratulations. The offer is on your Offers page; you are reminded before you must answer.",
    Outcome.Kind.ACCEPTED: "Congratulations. Let the other companies know: a courteous note for each is drafted below.",
}


@on_interview_form(OutcomeForm, "outcome")
def outcome_record(request, interview, data: dict):
    services.outcome_record(interview=interview, **data)
    messages.success(request, OUTCOME_SAID.get(data["kind"], "Outcome recorded."))
    return _back(interview.pk, "outcome")


@on_interview_form(NextRoundForm, "next_round", make=lambda interview, data: _next_round_form(interview, data))
def next_round_schedule(request, interview, data: dict):
    new = interview_services.next_round_log(interview=interview, **data)
    messages.success(request, f"{new.get_round_display()} scheduled.")
    return redirect("interviews:detail", pk=new.pk)


@on_note
def note_keep(request, note: ThankYouNote):
    keep = request.POST.get("keep") == "yes"
    services.thank_you_note_keep(note=note, keep=keep)
    if keep:
        messages.success(request, f"Your note to {note.person.name} is kept: send it when you are ready.")
    else:
        messages.info(request, f"Your note to {note.person.name} is closed.")
    return _back(note.interview_id, f"note-{note.pk}")


@candidate_required
@require_POST
def rejection_reply(request, pk: int):
    """The reply after a rejection: sent, let go ("not sending one"), or open again."""
    outcome = get_object_or_404(outcomes_of(user=request.user).filter(kind=Outcome.Kind.REJECTED), pk=pk)
    action = request.POST.get("action")
    if action == "sent":
        services.rejection_reply_close(outcome=outcome, sent=True)
        messages.success(request, "Marked sent. Whatever they answer, note it here: it helps the next one.")
    elif action == "skip":
        services.rejection_reply_close(outcome=outcome, sent=False)
        messages.info(request, "No reply then. It is off your list.")
    elif action == "reopen":
        services.rejection_reply_reopen(outcome=outcome)
        messages.info(request, "The reply is back on your list.")
    return _back(outcome.interview_id, "outcome")


@candidate_required
@require_GET
def notice(request, pk: int):
    """After accepting an offer elsewhere: the courteous notice to each person met at this opportunity, with a
    mail link and a copy button each, and the one tap that says they were told (it is then withdrawn)."""
    opportunity = get_object_or_404(
        opportunities_owned_by(user=request.user)
        .select_related("company", "owner")
        .annotate(elsewhere=accepted_elsewhere(opportunity_ref="pk")),
        pk=pk,
    )
    tone = _tone(request, "tone")
    people = contacts_of(opportunities=[opportunity]).get(opportunity.pk, [])
    context = {
        "opportunity": opportunity,
        "owed": rules.notice_owed(opportunity=opportunity, accepted_elsewhere=opportunity.elsewhere),
        "rows": withdrawal_notices_ready(opportunity=opportunity, people=people, tone=tone),
        "tone": tone,
    }
    return render(request, "followups/notice.html", context)


@candidate_required
@require_POST
def outcome_checklist(request, pk: int):
    outcome = get_object_or_404(outcomes_of(user=request.user), pk=pk)
    form = ChecklistForm(request.POST, instance=outcome, prefix=f"check-{outcome.pk}")
    if form.is_valid():
        services.outcome_update_checklist(outcome=outcome, **form.cleaned_data)
        messages.success(request, "Checklist saved.")
    return _back(outcome.interview_id, "outcome")


@candidate_required
@require_POST
def opportunity_withdraw(request, pk: int):
    """ "Told them / withdrawn": the one tap after the notice. Back to the interview page it was tapped on, or home."""
    opportunity = get_object_or_404(opportunities_owned_by(user=request.user), pk=pk)
    services.opportunity_withdraw(opportunity=opportunity)
    messages.success(request, f"{opportunity}: told, and withdrawn.")
    back = request.POST.get("interview")
    if back and back.isdigit() and interviews_owned_by(user=request.user).filter(pk=int(back)).exists():
        return _back(int(back), "outcome")
    return redirect(settings.LOGIN_REDIRECT_URL)  # the signed-in user's home, whichever app serves it


# --- Calendar -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def interview_ics(request, pk: int):
    interview = followup_interview_or_404(user=request.user, pk=pk, calendar=True)
    response = HttpResponse(calendar.interview_ics(interview=interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@require_GET
def calendar_feed(request, token: str):
    """No login: calendar apps cannot log in. The long random token is the key; revoked, wrong or not even of a
    token's shape → 404."""
    if not services.calendar_token_is_well_formed(token):
        raise Http404("No such calendar.")
    settings_row = FollowUpSettings.objects.filter(calendar_token=token).select_related("user").first()
    if settings_row is None or not settings_row.user.is_active:
        raise Http404("No such calendar.")
    user, now = settings_row.user, timezone.now()
    response = HttpResponse(calendar.calendar_feed(user=user, now=now), content_type="text/calendar; charset=utf-8")
    if user.is_recruiter:
        # The candidates' access logs: their interviews and deadlines went to this recruiter's calendar app.
        access_record_daily(
            viewer=user,
            candidate_ids=calendar.feed_interviews(user=user, now=now).values_list("owner_id", flat=True).distinct(),
            object_kind="calendar",
            what="interviews and deadlines in the calendar feed",
            now=now,
        )
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- Settings and one-click unsubscribe -----------------------------------------------------------------------


class SettingsView(LoginRequiredMixin, FormView):
    template_name = "followups/settings.html"
    form_class = ReminderSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": settings_of(FollowUpSettings, user=self.request.user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = settings_of(FollowUpSettings, user=self.request.user).calendar_token
        context["feed_url"] = (
            self.request.build_absolute_uri(reverse("followups:calendar_feed", args=[token])) if token else ""
        )
        return context

    def form_valid(self, form):
        services.reminder_kinds_update(
            user=self.request.user,
            enabled={kind: form.cleaned_data[FollowUpSettings.field_for(kind)] for kind in Reminder.Kind.values},
        )
        messages.success(self.request, "Your reminder choices are saved.")
        return redirect("followups:settings")


@login_required
@require_POST
def calendar_token_change(request):
    if request.POST.get("action") == "revoke":
        services.calendar_token_revoke(user=request.user)
        messages.success(request, "The calendar link is revoked. Calendars that used it stop updating.")
    else:
        services.calendar_token_regenerate(user=request.user)
        messages.success(request, "A new private calendar link is ready. Any older link no longer works.")
    return redirect(reverse("followups:settings") + "#calendar")


@csrf_exempt  # the link in the email is the credential (signed); mail apps POST to it with no session (RFC 8058)
def unsubscribe(request, token: str):
    """A reminder's unsubscribe link: asks on GET, turns that reminder kind off on POST (accounts.access)."""
    return unsubscribe_page(
        request,
        token=token,
        read_token=unsubscribe_token_read,
        template="followups/unsubscribe.html",
        label_of=lambda kind: Reminder.Kind(kind).label,
        turn=lambda *, user, what, enabled: services.reminder_kind_set(user=user, kind=what, enabled=enabled),
    )
