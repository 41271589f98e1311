"""Who may reach a page, written one way.

A page that acts on a candidate's own data takes `candidate_required` (a function view) or `CandidateRequiredMixin`
(a class view): a visitor is sent to log in, and a recruiter, who owns none of it, gets 404 like any outsider,
before the method is checked (so a GET to a POST-only address tells them nothing). A recruiter's own act takes
`recruiter_required` or `RecruiterRequiredMixin`, the same way round. Which objects a user may see is
each app's scoping selector (interviews.selectors.interviews_visible_to holds the rule for interviews and what hangs
off them); every view and form takes its querysets from those selectors, so someone else's object is a 404, or
"not a valid choice" in a form. `OwnerUpdateView` is the one edit page built on both.
"""

import copy
import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.generic import UpdateView


def _only(allowed: Callable[..., bool]):
    """A function view reached only by signed-in users `allowed` says may: a visitor is sent to log in, anyone else
    gets 404, before the method is checked."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def _is_candidate(user) -> bool:
    return not user.is_recruiter


def _is_recruiter(user) -> bool:
    return user.is_recruiter


candidate_required = _only(_is_candidate)
# A recruiter's own act (a note on a debrief, a check-in, feedback from the client): a candidate gets 404.
recruiter_required = _only(_is_recruiter)


class CandidateRequiredMixin(LoginRequiredMixin):
    allowed = staticmethod(_is_candidate)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise Http404
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self) -> None:
        """Finds what the URL names among the user's own (get_object_or_404 on a scoping selector), before the
        method is looked at, so anyone else gets 404 whether they GET or POST. Nothing to find by default."""


class RecruiterRequiredMixin(CandidateRequiredMixin):
    """The class view's recruiter_required: the same steps, for a recruiter."""

    allowed = staticmethod(_is_recruiter)


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


def unsubscribe_page(request, *, token: str, read_token, template: str, label_of, turn) -> HttpResponse:
    """The page behind a signed unsubscribe link in an email (the link is the credential, so no login). GET shows
    what it would turn off and one button, and changes nothing: mail scanners open links. A POST acts: the page's
    button, or a mail app's RFC 8058 one-click POST; "That was a mistake" posts action=resubscribe. An expired link
    answers 410, an altered one (or one for a closed account) 400, and neither changes anything.

    `read_token(token)` gives (user id, what the link turns off), raising signing.SignatureExpired or BadSignature;
    `label_of(what)` names it for the page; `turn(user=…, what=…, enabled=…)` writes the choice."""
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        user_id, what = read_token(token)
    except signing.SignatureExpired:
        return render(request, template, {"expired": True}, status=410)
    except signing.BadSignature:
        return render(request, template, {"invalid": True}, status=400)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return render(request, template, {"invalid": True}, status=400)
    context = {"label": label_of(what), "token": token}
    if request.method != "POST":
        return render(request, template, {**context, "confirm": True})
    enabled = request.POST.get("action") == "resubscribe"
    turn(user=user, what=what, enabled=enabled)
    return render(request, template, {**context, "enabled": enabled})
