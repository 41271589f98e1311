"""Insight pages of PRODUCT.md I2–I3: progress over time, offers side by side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from interviews.selectors import opportunities_owned_by

from . import offers
from .models import Offer, OfferWeights
from .offer_forms import OfferForm, WeightsForm
from .progress import progress_overview


@login_required
def progress(request):
    if request.user.is_recruiter:
        raise Http404
    return render(request, "followups/progress.html", progress_overview(user=request.user))


# --- Offers ---------------------------------------------------------------------------------------------------


def _offers_page(request, *, weights_form=None, status=200):
    # Ranked by the saved weights; typed ones with an error are shown back in the form until corrected.
    weights = OfferWeights.objects.filter(user=request.user).first() or OfferWeights(user=request.user)
    context = {
        "ranked": offers.offers_ranked(user=request.user, weights=weights),
        "weights_form": weights_form or WeightsForm(instance=weights),
        "without_offer": offers.opportunities_without_offer(user=request.user),
    }
    return render(request, "followups/offers.html", context, status=status)


@login_required
def offer_list(request):
    if request.user.is_recruiter:
        raise Http404
    if request.method == "POST":
        form = WeightsForm(request.POST, instance=offers.offer_weights_for(user=request.user))
        if form.is_valid():
            offers.offer_weights_update(user=request.user, weights=form.cleaned_data)
            messages.success(request, "Weights saved; the offers are ranked again.")
            return redirect("followups:offers")
        return _offers_page(request, weights_form=form, status=400)
    return _offers_page(request)


@login_required
def offer_edit(request, opportunity_pk: int):
    if request.user.is_recruiter:
        raise Http404
    opportunity = get_object_or_404(
        opportunities_owned_by(user=request.user).select_related("company"), pk=opportunity_pk
    )
    instance = Offer.objects.filter(opportunity=opportunity).first() or Offer(opportunity=opportunity)
    form = OfferForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        offers.offer_save(offer=form.save(commit=False))
        messages.success(request, f"The offer from {opportunity.company.name} is saved.")
        return redirect("followups:offers")
    status = 400 if form.is_bound else 200
    return render(request, "followups/offer_edit.html", {"form": form, "opportunity": opportunity}, status=status)
