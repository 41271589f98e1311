"""Capture pages. Each view parses input, calls one service and renders or redirects. Every object comes from a
scoping selector, so another person's interview, opportunity or contact is a 404, GET and POST alike."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.access import CandidateRequiredMixin, OwnerUpdateView, add_service_errors
from accounts.selectors import settings_of

from . import selectors, services
from .forms import (
    DEBRIEF_QUESTIONS,
    LONG_TEXT_HELP,
    CompanyForm,
    DebriefFullForm,
    DebriefNoteForm,
    DebriefQuickForm,
    InterviewEditForm,
    InterviewLogForm,
    NotificationSettingsForm,
    OpportunityFilterForm,
    OpportunityForm,
    OpportunityStatusForm,
    PeopleMetFormSet,
    PersonForm,
    QuestionFormSet,
    people_met_entries,
    people_met_initial,
    question_entries,
    questions_initial,
)
from .models import Debrief, NotificationSettings, question_text_normalize

PAGE_SIZE = 25


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
    template_name = "interviews/interview_log.html"
    form_class = InterviewLogForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owner": self.request.user}

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
        if interview.starts_at <= timezone.now():
            return redirect("interviews:debrief_quick", pk=interview.pk)
        return redirect("interviews:detail", pk=interview.pk)


class InterviewDetailView(LoginRequiredMixin, ObjectBeforeMethodMixin, DetailView):
    template_name = "interviews/interview_detail.html"
    context_object_name = "interview"

    def get_queryset(self):
        return selectors.interview_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        interview = self.object
        lists = selectors.interview_page_lists(interview=interview)
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
        )
        if debrief is not None and user.is_recruiter:
            context.setdefault("note_form", DebriefNoteForm())
        return context


@login_required
def debrief_note_add(request, pk):
    """A linked recruiter's note on the debrief. Looked up before the method check: anyone else gets 404."""
    if not request.user.is_recruiter:
        raise Http404
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


class InterviewDeleteView(OwnInterviewMixin, TemplateView):
    template_name = "interviews/interview_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        opportunity_id = self.interview.opportunity_id
        services.interview_delete(interview=self.interview)
        messages.success(request, "Interview deleted, with its debrief.")
        return redirect("interviews:opportunity_detail", pk=opportunity_id)


class DebriefEditView(OwnInterviewMixin, TemplateView):
    """The quick and the full debrief: one form of the questionnaire plus the people-met (and questions) rows.
    Everything is saved in one transaction or, on any error, re-shown as typed."""

    form_class = DebriefQuickForm
    with_questions = False

    def build_forms(self, data=None) -> dict:
        interview = self.interview
        people = selectors.people_of_company(user=self.request.user, company=interview.opportunity.company)
        self.known_people = people.exists()
        debrief = selectors.debrief_of(interview)
        initial = {}
        if self.with_questions:
            initial["learning"] = [item.text for item in interview.learning_items.all()]
        forms = {
            "form": self.form_class(data, instance=debrief, interview=interview, initial=initial),
            "people_formset": PeopleMetFormSet(
                data, prefix="people", initial=people_met_initial(interview), form_kwargs={"people": people}
            ),
        }
        if self.with_questions:
            forms["question_formset"] = QuestionFormSet(
                data,
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

    def post(self, request, *args, **kwargs):
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
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_forms(forms)
        return self.saved(request, debrief)

    def saved(self, request, debrief: Debrief):
        if debrief.state == Debrief.State.COMPLETE:
            messages.success(request, "Debrief saved and complete.")
        else:
            messages.success(request, "Debrief saved as a draft.")
        return redirect("interviews:detail", pk=self.interview.pk)


class DebriefQuickView(DebriefEditView):
    template_name = "interviews/debrief_quick.html"
    form_class = DebriefQuickForm

    def saved(self, request, debrief: Debrief):
        messages.success(request, "Draft saved. Add the rest whenever you are ready.")
        if "then_full" in request.POST:
            return redirect("interviews:debrief_full", pk=self.interview.pk)
        return redirect("interviews:detail", pk=self.interview.pk)


class DebriefFullView(DebriefEditView):
    template_name = "interviews/debrief_full.html"
    form_class = DebriefFullForm
    with_questions = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "long_text_help": LONG_TEXT_HELP}


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
        lines = {"went_well": 6, "to_improve": 2}
        short = {"interest", "overall_rating", "hear_back_date", "still_interested", "still_interested_why"}
        questions = [
            {"label": label, "lines": lines.get(name, 0 if name in short else 2), "short": name in short}
            for name, label in DEBRIEF_QUESTIONS.items()
        ]
        return {**super().get_context_data(**kwargs), "questions": questions}
