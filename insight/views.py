"""The insight pages: Today (the home page), the desk's candidate page, progress over time, offers side by side, and
the check-in's two pages (the recruiter asks; the candidate answers from the email, no login)."""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from accounts.access import candidate_required, recruiter_required
from accounts.selectors import settings_of
from accounts.services import access_record, access_record_daily
from followups import services as followup_services
from followups.emails import check_in_token_read
from followups.models import CheckIn, Outcome
from interviews.selectors import interviews_visible_to, opportunities_owned_by

from . import selectors, services
from .forms import AnswerByForm, OfferForm, WeightsForm
from .models import Offer, OfferWeights


class HomeView(TemplateView):
    """Today: what is due now for a candidate, the linked candidates for a recruiter, a welcome for visitors."""

    def get_template_names(self):
        if not self.request.user.is_authenticated:
            return ["insight/welcome.html"]
        if self.request.user.is_recruiter:
            return ["insight/recruiter_home.html"]
        return ["insight/today.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_authenticated and user.is_recruiter:
            params = self.request.GET
            sort = params.get("sort", "attention")
            sort = sort if sort in selectors.DESK_SORTS else "attention"
            show = params.get("show", "")
            show = show if show in selectors.DESK_FILTERS else ""
            search = params.get("q", "")[:100]
            now = timezone.now()
            desk = selectors.desk(recruiter=user, now=now, sort=sort, show=show, search=search)
            # The candidates' access logs: each row shown puts their summary in front of the recruiter.
            shown = [row.candidate for row in desk["rows"]]
            access_record_daily(
                viewer=user,
                candidate_ids=[c.pk for c in shown],
                already={c.pk for c in shown if c.desk_logged},
                object_kind=selectors.DESK_LOG_KIND,
                what="summary on the desk (stage, interest, deadlines)",
                now=now,
            )
            context.update(
                desk=desk,
                sort=sort,
                show=show,
                search=search,
                sorts=selectors.DESK_SORTS,
                filters=selectors.DESK_FILTERS,
                now=now,
            )
        elif user.is_authenticated:
            now = timezone.now()
            context.update(selectors.today(user=user, now=now), now=now)
        return context


def _candidate_page(request, *, recruiter, candidate) -> dict:
    """The candidate page's context as `recruiter` sees it: through the scoping selectors, with that recruiter's
    visibility and scope, so the recruiter's page and the candidate's preview of it cannot differ."""
    page = Paginator(
        selectors.candidate_history(recruiter=recruiter, candidate=candidate),
        selectors.CANDIDATE_PAGE_OPPORTUNITIES,
    ).get_page(request.GET.get("page"))
    selectors.history_deadlines(page.object_list)
    [card] = selectors.recruiter_candidates(recruiter=recruiter, candidate_ids=[candidate.pk])
    return {"candidate": candidate, "page": page, "card": card}


@login_required
def desk_candidate(request, pk: int):
    """A linked candidate's whole visible history, for the recruiter. Looked up before the method check: anyone
    else gets 404 whatever they send."""
    candidate = selectors.desk_candidate_or_404(recruiter=request.user, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = _candidate_page(request, recruiter=request.user, candidate=candidate)
    # The candidate's access log: one row per view of the page that lists their history, saying how much it showed.
    scope = "full debriefs" if context["card"]["candidate"].shares_full else "summary"
    access_record(
        viewer=request.user,
        candidate_id=candidate.pk,
        object_kind="candidate",
        object_id=candidate.pk,
        what=f"history page ({scope})",
    )
    return render(request, "insight/desk_candidate.html", context)


@login_required
def link_preview(request, pk: int):
    """What "See what they see" opens: the candidate page one of the candidate's recruiters gets, shown to the
    candidate, read only (no buttons). Their own live links only; anyone else gets 404. Writes no access-log line:
    the candidate looking at their own data is not the recruiter looking."""
    link = selectors.link_preview_or_404(candidate=request.user, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = _candidate_page(request, recruiter=link.recruiter, candidate=request.user)
    return render(request, "insight/desk_candidate.html", {**context, "preview": link})


@candidate_required
def progress(request):
    return render(request, "insight/progress.html", selectors.progress_overview(user=request.user))


def _offers_page(request, *, weights_form=None, status=200):
    # Ranked by the saved weights; typed ones with an error are shown back in the form until corrected.
    weights = settings_of(OfferWeights, user=request.user)
    context = {
        "ranked": selectors.offers_ranked(user=request.user, weights=weights),
        "weights_form": weights_form or WeightsForm(instance=weights),
        "without_offer": selectors.opportunities_without_offer(user=request.user),
    }
    return render(request, "insight/offers.html", context, status=status)


@candidate_required
def offer_list(request):
    if request.method == "POST":
        # The form checks a copy: the offers shown beside an invalid form stay ranked by the saved weights.
        form = WeightsForm(request.POST, instance=copy.copy(settings_of(OfferWeights, user=request.user)))
        if form.is_valid():
            services.offer_weights_update(user=request.user, weights=form.cleaned_data)
            messages.success(request, "Weights saved; the offers are ranked again.")
            return redirect("insight:offers")
        return _offers_page(request, weights_form=form, status=400)
    return _offers_page(request)


@candidate_required
def offer_edit(request, opportunity_pk: int):
    """An offer's terms and ratings, and (when it was recorded as an interview's outcome) its answer-by date, which
    follow-up keeps: the reminders move with it. Both forms are checked before anything is saved."""
    opportunity = get_object_or_404(
        opportunities_owned_by(user=request.user).select_related("company"), pk=opportunity_pk
    )
    instance = selectors.offers_of(user=request.user).filter(opportunity=opportunity).first() or Offer(
        opportunity=opportunity
    )
    offer_outcome = selectors.latest_outcome_of(opportunity=opportunity, kind=Outcome.Kind.OFFER)
    data = request.POST or None
    form = OfferForm(data, instance=instance)
    answer_form = (
        AnswerByForm(data, initial={"answer_by": offer_outcome.answer_by}, prefix="deadline") if offer_outcome else None
    )
    if request.method == "POST" and form.is_valid() and (answer_form is None or answer_form.is_valid()):
        with transaction.atomic():
            services.offer_save(offer=form.save(commit=False))
            if answer_form is not None and answer_form.cleaned_data["answer_by"] != offer_outcome.answer_by:
                followup_services.offer_answer_by_set(
                    outcome=offer_outcome, answer_by=answer_form.cleaned_data["answer_by"]
                )
        messages.success(request, f"The offer from {opportunity.company.name} is saved.")
        return redirect("insight:offers")
    status = 400 if form.is_bound else 200
    context = {"form": form, "answer_form": answer_form, "opportunity": opportunity}
    return render(request, "insight/offer_edit.html", context, status=status)


# --- Check-in: "still interested?" (docs/PRODUCT.md R4) -------------------------------------------------------------


@recruiter_required
def check_in_ask(request, pk: int):
    """On the desk (the candidate's page): a linked recruiter asks about one interview they may see (the summary is
    enough: still-interested is in it). Looked up before the method: anyone else gets 404, GET or POST."""
    interview = get_object_or_404(
        interviews_visible_to(user=request.user).select_related("owner", "opportunity__company"), pk=pk
    )
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    _check_in, made = followup_services.check_in_ask(recruiter=request.user, interview=interview)
    name, company = interview.owner.name, interview.opportunity.company.name
    if made:
        messages.success(
            request, f"Asked {name} whether they are still interested in {company}. The email goes out within a minute."
        )
    else:
        messages.info(request, f"You already asked {name} about {company}; no answer yet.")
    # Back to the page the button was on (the candidate's page on the desk), if it is one of ours.
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = settings.LOGIN_REDIRECT_URL
    return redirect(back)


def check_in_answer(request, token: str):
    """The page each emailed answer opens, logged in or not: GET shows the answer to confirm (mail scanners follow
    links, and must not answer for the candidate), POST records it once. A used or expired link says so; so does
    one whose recruiter no longer sees the interview (410: nothing recorded, nothing sent to them)."""
    context = {"token": token}
    try:
        check_in_id, answer = check_in_token_read(token)
    except signing.SignatureExpired:
        return render(request, "insight/check_in.html", {**context, "state": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "insight/check_in.html", {**context, "state": "invalid"}, status=404)
    check_in = selectors.check_in_for_answer(pk=check_in_id)
    if check_in is None:
        return render(request, "insight/check_in.html", {**context, "state": "invalid"}, status=404)
    context.update(check_in=check_in, answer_label=CheckIn.Answer(answer).label)
    if request.method == "POST":
        state = followup_services.check_in_answer(check_in=check_in, answer=answer)
    elif request.method == "GET":
        state = "used" if check_in.answered_at else "confirm" if check_in.asker_sees else "gone"
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    status = 410 if state == "gone" else 200
    return render(request, "insight/check_in.html", {**context, "state": state}, status=status)
