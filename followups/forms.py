import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from interviews.models import Interview

from .models import FollowUpAttempt, FollowUpSettings, Outcome, ThankYouNote

# Dates far enough ahead for any real plan, and far enough from 9999-12-31 that date arithmetic cannot overflow.
LATEST_DATE = dt.date(2100, 12, 31)
EARLIEST_DATE = dt.date(2000, 1, 1)


def bounded_date(value: dt.date | None) -> dt.date | None:
    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValidationError(f"Pick a date between {EARLIEST_DATE:%Y} and {LATEST_DATE:%Y}.")
    return value


class NoteForm(forms.ModelForm):
    class Meta:
        model = ThankYouNote
        fields = ["channel", "subject", "body"]
        labels = {"body": "Note"}
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())


class RedraftForm(forms.Form):
    tone = forms.ChoiceField(choices=ThankYouNote.Tone.choices, label="Tone")


class PlanForm(forms.Form):
    planned_on = forms.DateField(label="Follow up on", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_planned_on(self):
        return bounded_date(self.cleaned_data["planned_on"])


class AttemptForm(forms.ModelForm):
    class Meta:
        model = FollowUpAttempt
        fields = ["happened_at", "method", "result", "notes"]
        widgets = {
            "happened_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_happened_at(self):
        value = self.cleaned_data["happened_at"]
        bounded_date(value.date())
        return value


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "notes"]
        labels = {"kind": "What happened", "notes": "Notes (optional)"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ChecklistForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["thanked_anyway", "asked_for_feedback"]
        labels = {
            "thanked_anyway": "I thanked them anyway",
            "asked_for_feedback": "I asked what would have changed their decision",
        }


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = FollowUpSettings
        fields = [
            "remind_debrief_missing",
            "remind_thanks_closing",
            "remind_thanks_passed",
            "remind_hear_back_passed",
            "remind_follow_up_due",
        ]


class NextRoundForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="When is the next round?",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(label="How long (minutes)", min_value=1, max_value=720, initial=60)
    format = forms.ChoiceField(label="Format", choices=Interview.Format.choices, initial=Interview.Format.VIDEO)

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        bounded_date(value.date())
        return value
