"""Insight pages of PRODUCT.md I2–I3: progress over time."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .progress import progress_overview


@login_required
def progress(request):
    if request.user.is_recruiter:
        raise Http404
    return render(request, "followups/progress.html", progress_overview(user=request.user))
