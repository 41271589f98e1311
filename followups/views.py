import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView

from accounts.access import candidate_required
from accounts.models import User
from accounts.selectors import settings_of
from composer.checks import blocking
from interviews.models import Opportunity
from interviews.selectors import debrief_of, interviews_owned_by, opportunities_owned_by

from . import calendar, rules, services
from .emails import unsubscribe_token_read
from .forms import (
    AttemptForm,
    ChecklistForm,
    NextRoundForm,
    NoteForm,
    OutcomeForm,
    PlanForm,
    RedraftForm,
    ReminderSettingsForm,
)
from .models import FollowUpSettings, Outcome, Reminder, ThankYouNote
from .selectors import (
    follow_up_plan_of,
    followup_interview_or_404,
    note_sendings,
    notes_for_interview,
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
    sendings = note_sendings(interview=interview, notes=notes)
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
    zone = request.user.zone
    hear_back = debrief.hear_back_date if debrief else None
    suggested = rules.follow_up_date(hear_back_date=hear_back)
    plan = follow_up_plan_of(interview)
    outcomes = list(interview.outcomes.all())
    accepted = any(o.kind == Outcome.Kind.ACCEPTED for o in outcomes)
    other_open = (
        list(
            opportunities_owned_by(user=request.user)
            .filter(status__in=Opportunity.OPEN_STATUSES)
            .exclude(pk=interview.opportunity_id)
            .select_related("company")
        )
        if accepted
        else []
    )
    context = {
        "interview": interview,
        "company": company,
        "debrief": debrief,
        "debrief_recorded": rules.debrief_is_recorded(debrief),
        "note_rows": note_rows,
        "thanks_due": rules.thank_you_due_at(ends_at=interview.ends_at, zone=zone),
        "now": now,
        "hear_back": hear_back,
        "suggested_follow_up": suggested,
        "plan": plan,
        "plan_form": bound.get("plan")
        or PlanForm(initial={"planned_on": plan.planned_on if plan else suggested}, auto_id=form_ids("plan")),
        "attempts": list(interview.follow_up_attempts.all()),
        "attempt_form": bound.get("attempt")
        or AttemptForm(initial={"happened_at": now.astimezone(zone)}, auto_id=form_ids("attempt")),
        "outcomes": outcomes,
        "outcome_form": bound.get("outcome") or OutcomeForm(auto_id=form_ids("outcome")),
        "checklists": [
            (o, ChecklistForm(instance=o, prefix=f"check-{o.pk}")) for o in outcomes if o.kind == Outcome.Kind.REJECTED
        ],
        "accepted": accepted,
        "next_round_form": (
            bound.get("next_round")
            or NextRoundForm(initial={"format": interview.format}, auto_id=form_ids("next_round"))
        )
        if outcomes and outcomes[0].kind == Outcome.Kind.NEXT_ROUND
        else None,
        "other_open": other_open,
        "is_open": interview.opportunity.status in Opportunity.OPEN_STATUSES,
    }
    return render(request, "followups/interview.html", context, status=status)


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


def on_interview_form(form_class, key: str):
    """A form of the follow-up page posted for one of the user's interviews: shown again in the page with its
    errors (400), or its cleaned data handed to `act(request, interview, data)`."""

    def decorator(act):
        @candidate_required
        @require_POST
        @functools.wraps(act)
        def view(request, pk: int):
            interview = followup_interview_or_404(user=request.user, pk=pk)
            form = form_class(request.POST, auto_id=form_ids(key))
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
        failing = blocking(note_sendings(interview=interview, notes=notes)[note.pk].checks)
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
    services.follow_up_attempt_log(interview=interview, **data)
    messages.success(request, "Attempt logged.")
    return _back(interview.pk, "plan")


@on_interview_form(OutcomeForm, "outcome")
def outcome_record(request, interview, data: dict):
    services.outcome_record(interview=interview, kind=data["kind"], notes=data["notes"])
    messages.success(request, "Outcome recorded.")
    return _back(interview.pk, "outcome")


@on_interview_form(NextRoundForm, "next_round")
def next_round_schedule(request, interview, data: dict):
    new = services.next_round_schedule(interview=interview, **data)
    messages.success(request, f"{new.get_round_display()} scheduled with the same people.")
    return redirect("interviews:detail", pk=new.pk)


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
    opportunity = get_object_or_404(opportunities_owned_by(user=request.user), pk=pk)
    services.opportunity_withdraw(opportunity=opportunity)
    messages.success(request, f"{opportunity} is marked withdrawn.")
    back = request.POST.get("interview")
    if back and back.isdigit() and interviews_owned_by(user=request.user).filter(pk=int(back)).exists():
        return _back(int(back), "outcome")
    return redirect(settings.LOGIN_REDIRECT_URL)  # the signed-in user's home, whichever app serves it


# --- Calendar -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def interview_ics(request, pk: int):
    interview = followup_interview_or_404(user=request.user, pk=pk)
    response = HttpResponse(calendar.interview_ics(interview=interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@require_GET
def calendar_feed(request, token: str):
    """No login: calendar apps cannot log in. The long random token is the key; revoked or wrong → 404."""
    settings_row = FollowUpSettings.objects.filter(calendar_token=token).select_related("user").first()
    if settings_row is None or not token or not settings_row.user.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar.calendar_feed(user=settings_row.user), content_type="text/calendar; charset=utf-8")
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
    try:
        user_id, kind = unsubscribe_token_read(token)
    except signing.BadSignature:
        return render(request, "followups/unsubscribe.html", {"invalid": True}, status=400)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return render(request, "followups/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        services.reminder_kind_set(user=user, kind=kind, enabled=True)
        enabled = True
    elif request.method in {"GET", "POST"}:
        services.reminder_kind_set(user=user, kind=kind, enabled=False)
        enabled = False
    else:
        return HttpResponse(status=405)
    context = {"kind_label": Reminder.Kind(kind).label, "enabled": enabled, "token": token}
    return render(request, "followups/unsubscribe.html", context)
