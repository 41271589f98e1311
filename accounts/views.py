import copy
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, UpdateView

from . import data, services
from .access import add_service_errors, candidate_required
from .forms import DeleteAccountForm, ImportForm, LinkConsentForm, LinkInviteForm, ProfileForm
from .models import RecruiterLink
from .selectors import (
    access_log_of,
    link_invitation_from_token,
    link_invitations_by,
    link_invitations_received,
    link_invitations_sent,
    links_of,
)
from .services import (
    InvitationRefused,
    link_invitation_accept,
    link_invitation_check,
    link_invitation_check_open,
    link_invitation_create,
    link_invitation_token,
    recruiter_link_consent_set,
    recruiter_link_end,
    user_update_profile,
)


class ProfileView(LoginRequiredMixin, UpdateView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_form_kwargs(self):
        # The form checks a copy: the page (and the menu's name) keep showing the stored profile until it is saved.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.request.user)}

    def form_valid(self, form):
        user_update_profile(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Your profile is saved.")
        return redirect(self.success_url)


class LinksView(LoginRequiredMixin, FormView):
    """Both sides of every link: open invitations sent and received, active and ended links, and the invite form."""

    template_name = "accounts/links.html"
    form_class = LinkInviteForm
    success_url = reverse_lazy("accounts:links")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inviter": self.request.user}

    def get_context_data(self, *, consent_form=None, **kwargs):
        user = self.request.user
        links = list(links_of(user=user))
        active = [link for link in links if link.status == RecruiterLink.Status.ACTIVE]
        if not user.is_recruiter:
            # The candidate's choice per link, with the one just posted (and refused) shown as it was typed.
            for link in active:
                bound = consent_form is not None and consent_form.link_pk == link.pk
                link.consent_form = consent_form if bound else LinkConsentForm(link=link)
        views = Paginator(access_log_of(candidate=user), ACCESS_LOG_PAGE).get_page(self.request.GET.get("views"))
        return {
            **super().get_context_data(**kwargs),
            "active_links": active,
            "ended_links": [link for link in links if link.status == RecruiterLink.Status.REVOKED],
            "access_log": views if not user.is_recruiter else None,
            "sent_invitations": list(link_invitations_sent(user=user)),
            "received_invitations": [
                (invitation, link_invitation_token(invitation=invitation))
                for invitation in link_invitations_received(user=user)
            ],
        }

    def form_valid(self, form):
        try:
            invitation, emailed = link_invitation_create(inviter=self.request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if emailed:
            messages.success(self.request, f"Invitation sent to {invitation.email}. The link works for 7 days.")
        else:
            messages.warning(
                self.request,
                f"We saved the invitation to {invitation.email} but could not send the email just now. "
                "Withdraw it and invite them again in a little while.",
            )
        return super().form_valid(form)


@login_required
@require_POST
def link_end(request, pk: int):
    link = get_object_or_404(links_of(user=request.user), pk=pk)
    other = link.recruiter if link.candidate_id == request.user.pk else link.candidate
    if recruiter_link_end(link=link, user=request.user):
        if request.user.pk == link.candidate_id:
            messages.success(request, f"{other.name} can no longer see your debriefs.")
        else:
            messages.success(request, f"Your link with {other.name} has ended.")
    else:
        messages.info(request, f"Your link with {other.name} had already ended.")
    return redirect("accounts:links")


ACCESS_LOG_PAGE = 20


@candidate_required
def link_consent(request, pk: int):
    """The candidate narrows or widens what one link shares, and until when; the recruiter's next request obeys.
    The link is looked up before the method: anyone else gets 404 whether they GET or POST."""
    link = get_object_or_404(links_of(user=request.user).filter(candidate=request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = LinkConsentForm(request.POST, link=link)
    form.link_pk = link.pk
    if form.is_valid():
        try:
            recruiter_link_consent_set(link=link, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            shares = "the full debriefs" if link.is_full else "the summary only"
            until = " until the date you chose" if link.expires_at else ""
            messages.success(request, f"{link.recruiter.name} now sees {shares}{until}.")
            return redirect("accounts:links")
    view = LinksView(request=request, kwargs={})
    view.setup(request)
    invite_form = LinkInviteForm(inviter=request.user)
    return view.render_to_response(view.get_context_data(form=invite_form, consent_form=form), status=400)


@login_required
@require_POST
def link_invitation_cancel(request, pk: int):
    invitation = get_object_or_404(link_invitations_by(user=request.user), pk=pk)
    closed = services.link_invitation_cancel(invitation=invitation, user=request.user)
    say = messages.success if closed else messages.info
    say(request, f"Your invitation to {invitation.email} {'is withdrawn' if closed else 'was no longer open'}.")
    return redirect("accounts:links")


@login_required
@require_POST
def link_invitation_decline(request, pk: int):
    invitation = get_object_or_404(link_invitations_received(user=request.user), pk=pk)
    services.link_invitation_decline(invitation=invitation, user=request.user)
    messages.success(request, f"You declined {invitation.inviter.name}'s invitation.")
    return redirect("accounts:links")


class LinkInvitationAcceptView(View):
    """The page the emailed link opens. GET only shows the invitation (mail scanners follow links); POST accepts."""

    template_name = "accounts/link_invitation_accept.html"

    def dispatch(self, request, *args, token: str, **kwargs):
        self.invitation = link_invitation_from_token(token=token)
        if self.invitation is None:
            return render(request, "accounts/link_invitation_invalid.html", status=404)
        return super().dispatch(request, *args, token=token, **kwargs)

    def get(self, request, token: str):
        try:
            if not request.user.is_authenticated:
                # A dead link says so before anyone is asked to log in or to sign up for it.
                link_invitation_check_open(invitation=self.invitation)
                return self.render_page(anonymous=True)
            link_invitation_check(invitation=self.invitation, user=request.user)
        except InvitationRefused as refusal:
            return self.render_page(refusal=refusal.message, status=refusal.status)
        return self.render_page()

    def post(self, request, token: str):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            link = link_invitation_accept(invitation=self.invitation, user=request.user)
        except InvitationRefused as refusal:
            return self.render_page(refusal=refusal.message, status=refusal.status)
        other = link.candidate if request.user.is_recruiter else link.recruiter
        messages.success(request, f"You are now linked with {other.name}.")
        return redirect("accounts:links")

    def render_page(self, *, anonymous=False, refusal="", status=200):
        next_query = urlencode({"next": self.request.path})
        context = {
            "invitation": self.invitation,
            "anonymous": anonymous,
            "refusal": refusal,
            "login_url": f"{reverse('account_login')}?{next_query}",
            "signup_url": f"{reverse('account_signup')}?{next_query}&{urlencode({'email': self.invitation.email})}",
        }
        return render(self.request, self.template_name, context, status=status)


# --- Own your data (docs/PRODUCT.md I4): download everything, bring an export back in, delete the account ------------

EXPORT_ACTION = "debrief_data_export"
IMPORT_ACTION = "debrief_data_import"


def _data_page(request, *, import_form=None, status=200):
    return render(request, "accounts/data_home.html", {"import_form": import_form or ImportForm()}, status=status)


def _too_many(request):
    messages.error(request, "You have done that a lot in the last hour. Please try again later.")
    return _data_page(request, status=429)


@login_required
def data_home(request):
    return _data_page(request)


def _download(request, chunks, *, content_type: str, ext: str):
    if not ratelimit.consume(request, action=EXPORT_ACTION, user=request.user):
        return _too_many(request)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="debrief-export-{timezone.localdate():%Y-%m-%d}.{ext}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def data_export_json(request):
    chunks = (chunk.encode("utf-8") for chunk in data.export_json_chunks(user=request.user))
    return _download(request, chunks, content_type="application/json", ext="json")


@login_required
@require_POST
def data_export_csv(request):
    return _download(request, data.export_csv_zip_chunks(user=request.user), content_type="application/zip", ext="zip")


@login_required
@require_POST
def data_import(request):
    if not ratelimit.consume(request, action=IMPORT_ACTION, user=request.user):
        return _too_many(request)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > data.IMPORT_MAX_BYTES:
                raise data.ImportRefused(
                    f"The file is larger than {data.IMPORT_MAX_BYTES // (1024 * 1024)} MB; nothing was imported."
                )
            document = data.import_parse(data=upload.read(data.IMPORT_MAX_BYTES + 1))
            counts = data.data_import(user=request.user, document=document)
        except data.ImportRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.success(request, f"Imported {sum(counts.values())} records from your file.")
            return redirect("accounts:data")
    return _data_page(request, import_form=form, status=400)


@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        data.account_delete(user=user)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect(settings.LOGIN_REDIRECT_URL)  # the site's front page, now for a visitor
    status = 400 if form.is_bound else 200
    return render(request, "accounts/data_delete.html", {"form": form}, status=status)
