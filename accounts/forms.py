import datetime as dt

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms

from . import data
from .bounds import single_line
from .models import RecruiterLink, User
from .timezones import timezone_choices


class TimeZoneSelect(forms.Select):
    """The zone list; on an unbound sign-up form the browser's own zone is pre-selected by static/js/app.js."""

    def __init__(self, attrs=None, guess_from_browser=False):
        attrs = {**(attrs or {})}
        if guess_from_browser:
            attrs["data-guess-timezone"] = "true"
        super().__init__(attrs)


class SignupExtraForm(forms.Form):
    """The fields allauth adds to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    role = forms.ChoiceField(
        label="I am here because",
        choices=User.Role.choices,
        widget=forms.RadioSelect,
        initial=User.Role.CANDIDATE,
    )
    display_name = forms.CharField(
        label="Your name",
        max_length=80,
        validators=[single_line],
        required=False,
        help_text="Optional. Up to 80 characters.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        initial="UTC",
        widget=TimeZoneSelect(guess_from_browser=True),
        help_text="Times are shown in this zone, and interviews are typed in it unless you pick another. "
        "We guessed it from your browser.",
    )

    def signup(self, request, user):
        user.role = self.cleaned_data["role"]
        user.display_name = self.cleaned_data["display_name"].strip()
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["role", "display_name", "time_zone"])


class LoginForm(AllauthLoginForm):
    """allauth's login form; kept as our own class so the login page's fields can be styled in one place."""


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        widget=TimeZoneSelect,
        help_text="Times are shown in this zone, and new interviews are typed in it unless you pick another. An "
        "interview keeps the zone it was given in, so changing this later moves none of its deadlines.",
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]
        labels = {"display_name": "Your name"}
        help_texts = {"display_name": "Up to 80 characters."}


class LinkInviteForm(forms.Form):
    """The address to invite; whether it may be invited is decided by accounts.services.link_invitation_create."""

    email = forms.EmailField(
        label="Recruiter's email address",
        max_length=254,
        help_text="We email them a link that works once, for 7 days.",
        error_messages={"invalid": "Enter a whole email address, like name@example.com."},
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        if inviter.is_recruiter:
            self.fields["email"].label = "Candidate's email address"
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "inputmode": "email"})


class LinkConsentForm(forms.Form):
    """What one link shares and until when; the rules (a day ahead, within two years) are the service's."""

    scope = forms.ChoiceField(
        label="What this recruiter sees",
        choices=RecruiterLink.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose the summary or the full debriefs."},
    )
    expires_on = forms.DateField(
        label="Share until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The end of that day on your clock. Leave it empty to share until you end the link.",
        error_messages={"invalid": "Enter a date like 2027-03-31."},
    )

    def __init__(self, *args, link: RecruiterLink, **kwargs):
        kwargs.setdefault("prefix", f"link-{link.pk}")  # one form per link on the page: ids stay unique
        if not args and "data" not in kwargs:
            expires_on = None
            if link.expires_at is not None:
                # Stored as the start of the next day on the candidate's clock: shown as the day it covers.
                expires_on = (link.expires_at.astimezone(link.candidate.zone) - dt.timedelta(days=1)).date()
            kwargs.setdefault("initial", {"scope": link.scope, "expires_on": expires_on})
        super().__init__(*args, **kwargs)


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
