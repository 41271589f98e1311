from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from accounts.services import access_record_daily

from . import selectors
from .engines import search_terms
from .forms import SearchForm
from .kinds import KIND_BY_KEY

SEARCH_LOG_KIND = "search"  # the access log's kind for a recruiter's search results


class SearchView(LoginRequiredMixin, TemplateView):
    """/search/?q=…: everything the user may see that holds the words, grouped by kind (or one kind, paginated)."""

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        form.is_valid()  # never invalid: the form only tidies what was typed
        text, kind = form.cleaned_data["q"], KIND_BY_KEY.get(form.cleaned_data["kind"])
        context = {**super().get_context_data(**kwargs), "form": form, "text": text, "kind": kind}
        if kind is not None:
            results, page_obj = selectors.search_kind_page(
                user=self.request.user, text=text, kind=kind, page=self.request.GET.get("page")
            )
            context.update(
                groups=[results] if results.results else [],
                page_obj=page_obj,
                paginator=page_obj.paginator,
                is_paginated=page_obj.has_other_pages(),
            )
        else:
            context["groups"] = selectors.search_overview(user=self.request.user, text=text)
        if self.request.user.is_recruiter:
            # What matched in a candidate's full debriefs was in front of the recruiter: their access log says so.
            access_record_daily(
                viewer=self.request.user,
                candidate_ids=selectors.candidates_shown(user=self.request.user, groups=context["groups"]),
                object_kind=SEARCH_LOG_KIND,
                what="search results (what matched in the full debriefs)",
            )
        context["searched"] = bool(search_terms(text))
        context["typed"] = bool(self.request.GET.get("q", "").strip())
        return context
