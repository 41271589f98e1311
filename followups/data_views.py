"""Pages of PRODUCT.md I4: download everything, bring an export back in, delete the account."""

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import data

EXPORT_ACTION = "debrief_data_export"
IMPORT_ACTION = "debrief_data_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Debrief export (.json)",
        help_text=f"A JSON file downloaded from this page, up to {data.IMPORT_MAX_BYTES // (1024 * 1024)} MB.",
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), strip=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Your account is still here.")
        return password


def _page(request, *, import_form=None, status=200):
    return render(request, "followups/data_home.html", {"import_form": import_form or ImportForm()}, status=status)


def _too_many(request):
    messages.error(request, "You have done that a lot in the last hour. Please try again later.")
    return _page(request, status=429)


@login_required
def data_home(request):
    return _page(request)


def _filename(request, ext: str) -> str:
    return f"debrief-export-{timezone.localdate():%Y-%m-%d}.{ext}"


def _download(request, chunks, *, content_type: str, ext: str):
    if not ratelimit.consume(request, action=EXPORT_ACTION, user=request.user):
        return _too_many(request)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, ext)}"'
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
            return redirect("followups:data")
    return _page(request, import_form=form, status=400)


@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        data.account_delete(user=user)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("home")
    status = 400 if form.is_bound else 200
    return render(request, "followups/data_delete.html", {"form": form}, status=status)
