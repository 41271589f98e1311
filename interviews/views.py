"""Capture pages. Each view parses input, calls one service and renders or redirects. Every object comes from a
scoping selector, so another person's interview, opportunity or contact is a 404, GET and POST alike."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.access import (
    CandidateRequiredMixin,
    OwnerUpdateView,
    RecruiterRequiredMixin,
    add_service_errors,
    candidate_required,
    recruiter_required,
    unsubscribe_page,
)
from accounts.selectors import settings_of
from accounts.services import access_record

from . import emails, selectors, services
from .forms import (
    DEBRIEF_QUESTIONS,
    LONG_TEXT_HELP,
    ClientFeedbackForm,
    CompanyForm,
    DebriefFullForm,
    DebriefNoteForm,
    DebriefQuickForm,
    InterviewCallOffForm,
    InterviewEditForm,
    InterviewLogForm,
    InterviewRescheduleForm,
    NotificationSettingsForm,
    OpportunityAddForm,
    OpportunityFilterForm,
    OpportunityForm,
    OpportunityStatusForm,
    PeopleMetFormSet,
    PersonForm,
    PlannedQuestionForm,
    QuestionBankFilterForm,
    QuestionFormSet,
    QuestionPractiseForm,
    QuestionTypedForm,
    StatedTermsForm,
    people_met_entries,
    people_met_initial,
    question_entries,
    questions_initial,
)
from .models import (
    DEBRIEF_FIELDS,
    ClientFeedback,
    Debrief,
    Interview,
    NotificationSettings,
    Person,
    question_text_normalize,
)

PAGE_SIZE = 25


def saved_response(request, to: str, **headers: str):
    """Where a successful save goes. A form sent by static/js/app.js (live, or later from the phone's outbox) says
    so with X-Debrief-Outbox and is told with a 204 instead of a redirect: fetch would follow a redirect and show
    the next page's flash message to nobody; this way the message waits for the page the browser opens next."""
    if request.headers.get("X-Debrief-Outbox"):
        response = HttpResponse(status=204)
        response["X-Debrief-Location"] = to
        for name, value in headers.items():
            response[f"X-Debrief-{name.replace('_', '-').title()}"] = value
        return response
    return HttpResponseRedirect(to)


class ObjectBeforeMethodMixin:
    """A read-only page answers a POST with 405, but only after the object is found: an outsider gets 404 either
    way, so the status code never tells them the object exists."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.method not in ("GET", "HEAD"):
            self.get_object()
        return super().dispatch(request, *args, **kwargs)


class InterviewListView(CandidateRequiredMixin, ListView):
    template_name = "interviews/interview_list.html"
    context_object_name = "interviews"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.interview_list(user=self.request.user)


class InterviewLogView(CandidateRequiredMixin, FormView):
    """Log an interview. `?ahead=1`: one booked for later (the start offered is the next working day, not an hour
    ago); `?opportunity=<id>`: the next round of one of the user's opportunities, its label worked out."""

    template_name = "interviews/interview_log.html"
    form_class = InterviewLogForm

    def load_objects(self):
        self.ahead = self.request.GET.get("ahead") == "1"
        self.opportunity = None
        wanted = self.request.GET.get("opportunity", "")
        if wanted.isascii() and wanted.isdigit():
            self.opportunity = selectors.opportunities_owned_by(user=self.request.user).filter(pk=int(wanted)).first()

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "owner": self.request.user, "ahead": self.ahead}
        if self.opportunity is not None:
            latest = selectors.latest_round(opportunity=self.opportunity)
            kwargs.update(
                opportunity=self.opportunity,
                next_round=selectors.round_after(latest.round) if latest else Interview.Round.FIRST,
            )
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "ahead": self.ahead}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            interview, created = services.interview_log(
                owner=self.request.user,
                opportunity=data["opportunity"],
                company=data["company"],
                new_company_name=data["new_company_name"],
                role_title=data["role_title"],
                submission_token=data["submission_token"],
                **form.interview_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if created:
            messages.success(self.request, "Interview logged.")
        quick = reverse("interviews:debrief_quick", args=[interview.pk])
        to = quick if interview.starts_at <= timezone.now() else reverse("interviews:detail", args=[interview.pk])
        return saved_response(self.request, to, quick_debrief=quick)


class InterviewDetailView(LoginRequiredMixin, ObjectBeforeMethodMixin, DetailView):
    template_name = "interviews/interview_detail.html"
    context_object_name = "interview"

    def get_queryset(self):
        return selectors.interview_detail_queryset(user=self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.user.is_recruiter:
            # The candidate's access log: one row per view of the page (found, so shared in full with them).
            interview = self.object
            access_record(
                viewer=request.user,
                candidate_id=interview.owner_id,
                object_kind="interview",
                object_id=interview.pk,
                what=f"{interview.opportunity.company.name} debrief ({interview.get_round_display().lower()})",
            )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        interview = self.object
        lists = selectors.interview_page_lists(interview=interview, user=self.request.user)
        questions = lists["questions"]
        history = selectors.question_history(
            user=self.request.user, interview=interview, texts=[q.text for q in questions]
        )
        for question in questions:
            question.earlier = history.get(question.normalized_text, [])
        debrief = selectors.debrief_of(interview)
        user = self.request.user
        context.update(
            **lists,
            debrief=debrief,
            labels=DEBRIEF_QUESTIONS,
            can_edit=interview.owner_id == user.pk,
            state_label=interview.state_label(now=timezone.now()),
        )
        if debrief is not None and user.is_recruiter:
            context.setdefault("note_form", DebriefNoteForm())
        return context


@recruiter_required
def debrief_note_add(request, pk):
    """A linked recruiter's note on the debrief. Looked up before the method check: anyone else gets 404."""
    interview = get_object_or_404(selectors.interview_detail_queryset(user=request.user), pk=pk)
    debrief = selectors.debrief_of(interview)
    if debrief is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DebriefNoteForm(request.POST)
    if form.is_valid():
        try:
            services.debrief_note_add(debrief=debrief, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your note is saved and {interview.owner.name} can read it.")
            return redirect(reverse("interviews:detail", args=[interview.pk]) + "#recruiter-notes")
    view = InterviewDetailView(request=request, kwargs={"pk": pk}, object=interview)
    return view.render_to_response(view.get_context_data(object=interview, note_form=form), status=400)


@csrf_exempt  # the link in the email is the credential (signed); mail apps POST to it with no session (RFC 8058)
def notification_unsubscribe(request, token: str):
    """A recruiter email's unsubscribe link: asks on GET, turns that kind of email off on POST, as a reminder's
    link does (accounts.access)."""
    return unsubscribe_page(
        request,
        token=token,
        read_token=emails.unsubscribe_token_read,
        template="interviews/notification_unsubscribe.html",
        label_of=emails.choice_label,
        turn=lambda *, user, what, enabled: services.notification_settings_update(user=user, **{what: enabled}),
    )


class NotificationSettingsView(LoginRequiredMixin, FormView):
    template_name = "interviews/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(), "instance": settings_of(NotificationSettings, user=user), "user": user}

    def form_valid(self, form):
        services.notification_settings_update(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Your email choices are saved.")
        return redirect("interviews:notification_settings")


class OwnInterviewMixin(CandidateRequiredMixin):
    """The interview the URL names, among the user's own."""

    def load_objects(self):
        own = selectors.interviews_owned_by(user=self.request.user)
        self.interview = get_object_or_404(
            own.select_related("owner", "opportunity__company", "debrief"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "interview": self.interview}


# The edit pages: one owner-scoped update view each, its queryset from a scoping selector, its write a service.


class InterviewEditView(OwnerUpdateView):
    template_name = "interviews/interview_edit.html"
    form_class = InterviewEditForm
    scope = selectors.interviews_owned_by
    service = services.interview_update
    success_message = "Interview saved."

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "opportunity")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owner": self.request.user}

    def get_success_url(self):
        return reverse("interviews:detail", args=[self.object.pk])


class InterviewRescheduleView(OwnInterviewMixin, FormView):
    """A new time for an interview (or the new date of a postponed one); the move is kept in its history."""

    template_name = "interviews/interview_reschedule.html"
    form_class = InterviewRescheduleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "interview": self.interview}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.interview_reschedule(
                interview=self.interview,
                starts_at=data["starts_at"],
                time_zone=data["time_zone"],
                duration_minutes=data["duration_minutes"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Interview moved. Its reminders and calendar event moved with it.")
        return redirect("interviews:detail", pk=self.interview.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InterviewCallOffView(OwnInterviewMixin, FormView):
    """Cancelled by them, by me, or postponed: the interview stays, with its history; its reminders stop."""

    template_name = "interviews/interview_call_off.html"
    form_class = InterviewCallOffForm

    def form_valid(self, form):
        interview = services.interview_call_off(
            interview=self.interview, what=form.cleaned_data["what"], reason=form.cleaned_data["reason"]
        )
        if interview.state == Interview.State.POSTPONED:
            messages.success(self.request, "Marked postponed. Give it its new date when they send one.")
        else:
            messages.success(
                self.request, "Marked cancelled. Its reminders are off and your calendar shows it cancelled."
            )
        return redirect("interviews:detail", pk=interview.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InterviewDeleteView(OwnInterviewMixin, TemplateView):
    template_name = "interviews/interview_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        opportunity_id = self.interview.opportunity_id
        services.interview_delete(interview=self.interview)
        messages.success(request, "Interview deleted, with its debrief.")
        return redirect("interviews:opportunity_detail", pk=opportunity_id)


ROW_PREFIXES = ("people", "questions")
CONFLICT_MESSAGE = (
    "This debrief was changed elsewhere (another device or tab) after this page was opened, so nothing was saved "
    "yet. Where both changed an answer, yours is in the box and the saved one is shown under it: keep one or "
    "combine them, then save again."
)


class DebriefEditView(OwnInterviewMixin, TemplateView):
    """The quick and the full debrief: one form of the questionnaire plus the people-met (and questions) rows.
    Everything is saved in one transaction or, on any error, re-shown as typed. A page older than the saved
    debrief merges with it, or shows both texts where both changed (services.DebriefChangedElsewhere)."""

    form_class = DebriefQuickForm
    with_questions = False

    def build_forms(self, data=None, *, unbound: tuple[str, ...] = ()) -> dict:
        interview = self.interview
        people = selectors.people_of_company(user=self.request.user, company=interview.opportunity.company)
        self.known_people = people.exists()
        debrief = selectors.debrief_of(interview)
        initial = {"base": selectors.fingerprints_encode(selectors.debrief_fingerprints(interview=interview))}
        if self.with_questions:
            initial["learning"] = [item.text for item in interview.learning_items.all()]
        forms = {
            "form": self.form_class(data, instance=debrief, interview=interview, initial=initial),
            "people_formset": PeopleMetFormSet(
                None if "people" in unbound else data,
                prefix="people",
                initial=people_met_initial(interview),
                form_kwargs={"people": people},
            ),
        }
        if self.with_questions:
            forms["question_formset"] = QuestionFormSet(
                None if "questions" in unbound else data,
                prefix="questions",
                initial=questions_initial(interview),
                form_kwargs={"people": people, "questions": interview.questions.all()},
            )
        return forms

    def render_forms(self, forms: dict, status: int = 200):
        if "question_formset" in forms:
            self.attach_history(forms["question_formset"])
        context = self.get_context_data(
            **forms, debrief=selectors.debrief_of(self.interview), known_people=self.known_people
        )
        return self.render_to_response(context, status=status)

    def attach_history(self, formset) -> None:
        texts = [str(form["text"].value() or "") for form in formset.forms]
        history = selectors.question_history(user=self.request.user, interview=self.interview, texts=texts)
        for form, text in zip(formset.forms, texts, strict=True):
            form.earlier = history.get(question_text_normalize(text=text), [])

    def get(self, request, *args, **kwargs):
        return self.render_forms(self.build_forms())

    def with_blank_row(self):
        """The form sent back with one more blank row: "Add a person" (or question) without JavaScript."""
        data = self.request.POST.copy()
        for prefix in ROW_PREFIXES:
            if f"{prefix}-add" in data:
                total = data.get(f"{prefix}-TOTAL_FORMS", "")
                data[f"{prefix}-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() and int(total) < 50 else total)
        return data

    def post(self, request, *args, **kwargs):
        if any(f"{prefix}-add" in request.POST for prefix in ROW_PREFIXES):
            return self.render_forms(self.build_forms(self.with_blank_row()))
        forms = self.build_forms(request.POST)
        if not all([f.is_valid() for f in forms.values()]):
            return self.render_forms(forms)
        form = forms["form"]
        try:
            debrief = services.debrief_save(
                interview=self.interview,
                values=form.debrief_values(),
                people=people_met_entries(forms["people_formset"]),
                questions=question_entries(forms["question_formset"]) if self.with_questions else None,
                learning=form.cleaned_data["learning"] if self.with_questions else None,
                complete="complete" in request.POST,
                base=selectors.fingerprints_decode(form.cleaned_data["base"]),
            )
        except services.DebriefChangedElsewhere as changed:
            return self.render_changed_elsewhere(changed)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_forms(forms)
        return self.saved(request, debrief)

    def render_changed_elsewhere(self, changed):
        """Answers 409 with the form as it must be saved now: what this page changed, what only elsewhere changed
        as saved there, and where both changed, this page's text in the box and the saved text under it."""
        # Read again: the form's validation wrote what was posted onto the interview's cached debrief.
        debrief = Debrief.objects.filter(interview=self.interview).first() or Debrief()
        data = self.request.POST.copy()
        data["base"] = selectors.fingerprints_encode(selectors.debrief_fingerprints(interview=self.interview))
        probe = self.form_class(instance=debrief, interview=self.interview)
        for name in changed.keep_current & set(probe.fields):
            value = probe[name].value()
            data[name] = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
        forms = self.build_forms(data, unbound=tuple(changed.keep_current & set(ROW_PREFIXES)))
        for part in forms.values():
            part.is_valid()
        form = forms["form"]
        form.add_error(None, CONFLICT_MESSAGE)
        for name in sorted(changed.conflicts):
            saved = conflict_text(name, debrief=debrief, interview=self.interview, form=probe)
            if name in form.fields:
                form.add_error(name, f"Saved elsewhere meanwhile: {saved}")
            else:
                label = {"people": "The people met", "questions": "The questions"}.get(name, name)
                form.add_error(None, f"{label} were changed elsewhere meanwhile. Saved there: {saved}")
        return self.render_forms(forms, status=409)

    def saved(self, request, debrief: Debrief):
        if debrief.state == Debrief.State.COMPLETE:
            messages.success(request, "Debrief saved and complete.")
        else:
            messages.success(request, "Debrief saved as a draft.")
        return saved_response(request, reverse("interviews:detail", args=[self.interview.pk]))


def conflict_text(name: str, *, debrief: Debrief, interview: Interview, form) -> str:
    """One part of the debrief as saved now, as a person reads it."""
    if name == "people":
        rows = interview.participants.select_related("person")
        return "; ".join(f"{r.person.name} ({r.part})" if r.part else r.person.name for r in rows) or "nobody"
    if name == "questions":
        return "; ".join(q.text for q in interview.questions.all()) or "none"
    if name == "learning":
        return "; ".join(interview.learning_items.values_list("text", flat=True)) or "nothing"
    value = getattr(debrief, name) if name in DEBRIEF_FIELDS else None
    if name == "still_interested":
        return debrief.get_still_interested_display() or "(no answer)"
    if isinstance(value, list):
        return "; ".join(value) or "(empty)"
    return str(value) if value not in (None, "") else "(empty)"


class DebriefQuickView(DebriefEditView):
    template_name = "interviews/debrief_quick.html"
    form_class = DebriefQuickForm

    def saved(self, request, debrief: Debrief):
        messages.success(request, "Draft saved. Add the rest whenever you are ready.")
        if "then_full" in request.POST:
            return saved_response(request, reverse("interviews:debrief_full", args=[self.interview.pk]))
        return saved_response(request, reverse("interviews:detail", args=[self.interview.pk]))


class DebriefFullView(DebriefEditView):
    template_name = "interviews/debrief_full.html"
    form_class = DebriefFullForm
    with_questions = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "long_text_help": LONG_TEXT_HELP}


class DebriefQuickOfflineView(CandidateRequiredMixin, TemplateView):
    """The quick debrief of an interview logged on this phone while offline, which the server has not got yet. The
    service worker keeps this page; static/js/app.js keeps what is typed with that interview and sends the two in
    order when the network is back. The page itself is never posted to (405)."""

    template_name = "interviews/debrief_quick.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        interview = Interview(owner=self.request.user, starts_at=timezone.now())  # never saved: only for the form
        base = selectors.fingerprints_encode(selectors.debrief_fingerprints(interview=None))
        return {
            **super().get_context_data(**kwargs),
            "form": DebriefQuickForm(interview=interview, initial={"base": base}),
            "people_formset": PeopleMetFormSet(prefix="people", form_kwargs={"people": Person.objects.none()}),
            "known_people": False,
            "pending": True,
        }


# The one-click actions look the object up before checking the method, so an outsider gets 404, GET or POST.


@login_required
def debrief_reopen(request, pk):
    interview = get_object_or_404(selectors.interviews_owned_by(user=request.user), pk=pk)
    debrief = selectors.debrief_of(interview)
    if debrief is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.debrief_reopen(debrief=debrief)
    messages.success(request, "The debrief is a draft again.")
    return redirect("interviews:debrief_full", pk=interview.pk)


@login_required
def learning_item_toggle(request, pk):
    item = get_object_or_404(selectors.learning_items_owned_by(user=request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.learning_item_set_done(item=item, done=not item.done)
    if request.POST.get("back") == "list" or not item.interview_id:
        return redirect("interviews:learning_list")
    return redirect(reverse("interviews:detail", args=[item.interview_id]) + "#learning")


# --- Opportunities ---------------------------------------------------------------------------------------------


class OpportunityListView(CandidateRequiredMixin, ListView):
    template_name = "interviews/opportunity_list.html"
    context_object_name = "opportunities"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = OpportunityFilterForm(self.request.GET or None, owner=self.request.user)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        company = data.get("company")
        return selectors.opportunity_list(
            user=self.request.user,
            status=data.get("status", ""),
            company_id=company.pk if company else None,
            search=data.get("q", ""),
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}


class OpportunityAddView(CandidateRequiredMixin, FormView):
    """An opportunity before any interview: on the wishlist, or applied for."""

    template_name = "interviews/opportunity_add.html"
    form_class = OpportunityAddForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owner": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            opportunity = services.opportunity_add(
                owner=self.request.user,
                company=data["company"],
                new_company_name=data["new_company_name"],
                role_title=data["role_title"],
                status=data["status"],
                job_description=data["job_description"],
                job_link=data["job_link"],
                source=data["source"],
                recruiter=data["recruiter"],
                agency_name=data["agency_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{opportunity} is in your pipeline ({opportunity.get_status_display().lower()})."
        )
        return redirect("interviews:opportunity_detail", pk=opportunity.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PipelineView(CandidateRequiredMixin, TemplateView):
    """Every opportunity by where it stands, with the count in each status (docs/PRODUCT.md D2)."""

    template_name = "interviews/pipeline.html"

    def get_context_data(self, **kwargs):
        columns = selectors.pipeline(user=self.request.user)
        in_play = sum(column["count"] for column in columns if column["in_play"])
        return {**super().get_context_data(**kwargs), "columns": columns, "in_play_count": in_play}


class OpportunityDetailView(CandidateRequiredMixin, ObjectBeforeMethodMixin, DetailView):
    template_name = "interviews/opportunity_detail.html"
    context_object_name = "opportunity"

    def get_queryset(self):
        return selectors.opportunity_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "status_form": OpportunityStatusForm(initial={"status": self.object.status}),
        }


@login_required
def opportunity_status_change(request, pk):
    opportunity = get_object_or_404(selectors.opportunities_owned_by(user=request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = OpportunityStatusForm(request.POST)
    if form.is_valid():
        services.opportunity_set_status(opportunity=opportunity, status=form.cleaned_data["status"])
        messages.success(request, f"Status set to {opportunity.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose one of the listed statuses.")
    return redirect("interviews:opportunity_detail", pk=opportunity.pk)


class OpportunityEditView(OwnerUpdateView):
    template_name = "interviews/opportunity_edit.html"
    form_class = OpportunityForm
    scope = selectors.opportunities_owned_by
    service = services.opportunity_update
    success_message = "Opportunity saved."

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "company")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owner": self.request.user}

    def get_success_url(self):
        return reverse("interviews:opportunity_detail", args=[self.object.pk])


class PersonEditView(OwnerUpdateView):
    template_name = "interviews/person_edit.html"
    form_class = PersonForm
    scope = selectors.people_owned_by
    service = services.person_update
    success_message = "{object.name} saved."

    def get_queryset(self):
        return super().get_queryset().select_related("company")

    def get_success_url(self):
        back = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={self.request.get_host()}, require_https=False):
            return back
        return reverse("interviews:opportunity_list")


class CompanyEditView(OwnerUpdateView):
    template_name = "interviews/company_edit.html"
    form_class = CompanyForm
    scope = selectors.companies_owned_by
    service = services.company_update
    success_message = "Company saved."

    def get_context_data(self, **kwargs):
        opportunities = selectors.opportunities_owned_by(user=self.request.user).filter(company=self.object)
        return {**super().get_context_data(**kwargs), "opportunities": opportunities}

    def get_success_url(self):
        return reverse("interviews:opportunity_list") + f"?company={self.object.pk}"


class LearningListView(CandidateRequiredMixin, ListView):
    """Every skill or tool the interviews showed is missing, open ones first (docs/PRODUCT.md D7)."""

    template_name = "interviews/learning_list.html"
    context_object_name = "items"
    paginate_by = 50

    def get_queryset(self):
        return selectors.learning_items_owned_by(user=self.request.user).select_related(
            "interview__opportunity__company"
        )


class WorksheetView(LoginRequiredMixin, TemplateView):
    """The blank questionnaire, to print and fill in by hand."""

    template_name = "interviews/worksheet.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "questions": worksheet_questions()}


def worksheet_questions() -> list[dict]:
    """The questionnaire as the worksheet prints it: a label and the lines to write on."""
    lines = {"went_well": 6, "to_improve": 2}
    short = {"interest", "overall_rating", "hear_back_date", "still_interested", "still_interested_why"}
    return [
        {"label": label, "lines": lines.get(name, 0 if name in short else 2), "short": name in short}
        for name, label in DEBRIEF_QUESTIONS.items()
    ]


# --- Prepare for the next round: the question bank, what I stated, the prep sheet, a worksheet filled in ---------

QUESTION_BANK_PAGE = 20


class QuestionBankView(CandidateRequiredMixin, TemplateView):
    """Every question the candidate was asked, similar wordings grouped, with each time asked (PRODUCT.md P2)."""

    template_name = "interviews/question_bank.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = QuestionBankFilterForm(self.request.GET or None, topics=selectors.question_topics(user=user))
        form.is_valid()
        data = getattr(form, "cleaned_data", {})  # a filter that is not valid (an old topic) is simply left out
        groups = selectors.question_bank(
            user=user,
            topic=data.get("topic", ""),
            order=data.get("order") or selectors.BankOrder.RECENT,
            practise_only=data.get("practise", False),
        )
        page = Paginator(groups, QUESTION_BANK_PAGE).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "filter_form": form,
            "page_obj": page,
            "groups": page.object_list,
            "is_paginated": page.has_other_pages(),
            "paginator": page.paginator,
        }


@candidate_required
def question_practise(request):
    """Flags a question of the bank to practise, or clears the flag (POST only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = QuestionPractiseForm(request.POST, owner=request.user)
    if not form.is_valid():
        messages.error(request, "That question is not in your question bank.")
        return redirect("interviews:question_bank")
    practise = form.cleaned_data["practise"]
    services.question_practise_set(owner=request.user, questions=form.cleaned_data["questions"], practise=practise)
    messages.success(request, "Flagged to practise." if practise else "No longer flagged to practise.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        return HttpResponseRedirect(back)
    return redirect("interviews:question_bank")


@candidate_required
def question_similar(request):
    """The full debrief's "asked before" while a question is typed: a small JSON list of the owner's earlier
    questions like it, each with its latest answers."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    form = QuestionTypedForm(request.GET)
    groups = []
    if form.is_valid():
        groups = selectors.questions_similar(
            user=request.user, text=form.cleaned_data["q"], exclude_interview_id=form.cleaned_data["interview"]
        )
    return JsonResponse({"questions": [_similar_json(group) for group in groups]})


def _similar_json(group: selectors.QuestionGroup) -> dict:
    return {
        "text": group.text,
        "asked": [
            {
                "company": q.interview.opportunity.company.name,
                "round": q.interview.get_round_display(),
                "date": date_format(timezone.localtime(q.interview.starts_at), "j M Y"),
                "answer": q.answer_summary[:300],
                "score": q.self_score,
            }
            for q in reversed(group.asked)
        ],
    }


class StatedTermsFormMixin:
    """One interview's "what was stated" row in its form, saved through the service as written by the viewer: the
    candidate's own page and the linked recruiter's closing risk differ only in who may open them and where they
    go after saving (`saved`)."""

    template_name = "interviews/stated_terms_edit.html"
    form_class = StatedTermsForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": selectors.stated_terms_of(self.interview),
            "interview": self.interview,
        }

    def form_valid(self, form):
        try:
            services.stated_terms_save(
                interview=self.interview, recorded_by=self.request.user, values=form.stated_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.saved()

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StatedTermsEditView(OwnInterviewMixin, StatedTermsFormMixin, FormView):
    """What the candidate stated at this interview (PRODUCT.md D8), with a warning where another round of the same
    opportunity recorded something else."""

    def get_context_data(self, **kwargs):
        terms = selectors.stated_terms_of_opportunity(
            user=self.request.user, opportunity_id=self.interview.opportunity_id
        )
        return {
            **super().get_context_data(**kwargs),
            "conflicts": selectors.stated_terms_conflicts([t for t in terms if not t.is_empty()]),
        }

    def saved(self):
        messages.success(self.request, "What you stated is saved.")
        return redirect("interviews:stated_terms", pk=self.interview.pk)


class OpportunityPrepView(CandidateRequiredMixin, ObjectBeforeMethodMixin, DetailView):
    """The prep sheet before the next round (PRODUCT.md P3): one page, printable on two A4 sheets."""

    template_name = "interviews/opportunity_prep.html"
    context_object_name = "opportunity"

    def get_queryset(self):
        return selectors.opportunities_owned_by(user=self.request.user).select_related("company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, **selectors.opportunity_prep(user=self.request.user, opportunity=self.object)}


@candidate_required
def planned_question_answered(request, pk):
    """Ticks off (or back on) a question the candidate planned to ask, from the prep sheet."""
    opportunity = get_object_or_404(selectors.opportunities_owned_by(user=request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PlannedQuestionForm(request.POST, opportunity=opportunity)
    back = reverse("interviews:opportunity_prep", args=[opportunity.pk]) + "#planned-questions"
    if not form.is_valid():
        messages.error(request, "That question is not on this prep sheet.")
        return redirect(back)
    try:
        answered = services.planned_question_set_answered(
            debrief=form.cleaned_data["debrief"], text=form.cleaned_data["text"], answered=form.cleaned_data["answered"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, "Marked as answered." if answered else "Marked as still to ask.")
    return redirect(back)


class InterviewWorksheetView(OwnInterviewMixin, TemplateView):
    """The printable worksheet filled in ahead for one interview: its company, role, date and round, and the people
    expected (carried over from the round before when none are noted yet)."""

    template_name = "interviews/worksheet.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "questions": worksheet_questions(),
            **selectors.worksheet_prefill(interview=self.interview),
        }


class RecruiterInterviewMixin(RecruiterRequiredMixin):
    """A recruiter's form about one interview shared with them in full; anyone else gets 404, GET or POST."""

    def load_objects(self):
        visible = selectors.interviews_in_full_to(user=self.request.user)
        self.interview = get_object_or_404(
            visible.select_related("owner", "opportunity__company"), pk=self.kwargs["pk"]
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClosingRiskView(RecruiterInterviewMixin, StatedTermsFormMixin, FormView):
    """The recruiter's debrief call, recorded (PRODUCT.md R2): the same "what was stated" row the candidate keeps,
    written by a linked recruiter to whom the interview is shared in full."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "interview": self.interview, "closing_risk": True}

    def saved(self):
        messages.success(self.request, f"Saved. {self.interview.owner.name} sees that you recorded it.")
        return redirect("interviews:detail", pk=self.interview.pk)


class ClientFeedbackView(RecruiterInterviewMixin, FormView):
    """The client's decision, score and feedback on an interview (PRODUCT.md R6), recorded by the recruiter."""

    template_name = "interviews/client_feedback_edit.html"
    form_class = ClientFeedbackForm

    def get_form_kwargs(self):
        instance = ClientFeedback.objects.filter(interview=self.interview).first()
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "interview": self.interview}

    def form_valid(self, form):
        try:
            services.client_feedback_save(interview=self.interview, recorded_by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved. {self.interview.owner.name} sees it beside their own scores.")
        return redirect(reverse("interviews:detail", args=[self.interview.pk]) + "#client-feedback")


@candidate_required
def client_feedback_learn(request, pk: int):
    """The candidate turns one line of the client's feedback into a learning item. Looked up first: 404 for others."""
    interview = get_object_or_404(selectors.interviews_owned_by(user=request.user), pk=pk)
    feedback = ClientFeedback.objects.filter(interview=interview).select_related("interview").first()
    if feedback is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = reverse("interviews:detail", args=[interview.pk]) + "#client-feedback"
    line = request.POST.get("line", "")
    try:
        item, made = services.learning_item_from_feedback(
            owner=request.user, feedback=feedback, line=int(line) if line.isascii() and line.isdigit() else -1
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, f"“{item.text}” is {'now' if made else 'already'} on your learning list.")
    return redirect(back)
