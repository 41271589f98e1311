"""Who may reach a page, written one way.

A page that acts on a candidate's own data takes `candidate_required` (a function view) or `CandidateRequiredMixin`
(a class view): a visitor is sent to log in, and a recruiter, who owns none of it, gets 404 like any outsider,
before the method is checked (so a GET to a POST-only address tells them nothing). Which objects a user may see is
each app's scoping selector (interviews.selectors.interviews_visible_to holds the rule for interviews and what hangs
off them); every view and form takes its querysets from those selectors, so someone else's object is a 404, or
"not a valid choice" in a form. `OwnerUpdateView` is the one edit page built on both.
"""

import copy
import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import UpdateView


def candidate_required(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_recruiter:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


class CandidateRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.is_recruiter:
            raise Http404
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self) -> None:
        """Finds what the URL names among the candidate's own (get_object_or_404 on a scoping selector), before
        the method is looked at, so anyone else gets 404 whether they GET or POST. Nothing to find by default."""


def add_service_errors(form, error: ValidationError) -> None:
    """Puts a service's ValidationError next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class OwnerUpdateView(CandidateRequiredMixin, UpdateView):
    """Edits one of the user's own objects. `scope` is the scoping selector the object is found in (anyone else
    gets 404, GET and POST alike); the ModelForm checks the input and `service` writes it, called with the object
    (by its model's name: company=…) and the form's cleaned data; the form never saves itself. A service's
    ValidationError is shown next to its field."""

    scope: Callable[..., QuerySet]
    service: Callable[..., Model]
    success_message = "Saved."

    def get_queryset(self):
        return type(self).scope(user=self.request.user)

    def get_form_kwargs(self):
        # The form checks a copy, so the page around an invalid form still shows the object as it is stored.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def form_valid(self, form):
        write = type(self).service
        try:
            self.object = write(**{self.object._meta.model_name: self.object}, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(object=self.object))
        return redirect(self.get_success_url())
