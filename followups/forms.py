from django import forms

from interviews.forms import LocalDateTimeField, PlannedDateField
from interviews.models import Interview

from .models import FollowUpAttempt, FollowUpSettings, Outcome, ThankYouNote


class NoteForm(forms.ModelForm):
    article_url = forms.URLField(
        label="Link to an article (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Something you read about a topic you discussed: it goes into the sentence about that topic.",
    )

    class Meta:
        model = ThankYouNote
        fields = ["channel", "subject", "body", "article_url", "article_topic"]
        labels = {"body": "Note", "article_topic": "The topic it is about (optional)"}
        help_texts = {"article_topic": "Leave it empty for the first topic you discussed with them."}
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())


class RedraftForm(forms.Form):
    tone = forms.ChoiceField(choices=ThankYouNote.Tone.choices, label="Tone")


class PlanForm(forms.Form):
    planned_on = PlannedDateField(label="Follow up on")


class AttemptForm(forms.ModelForm):
    happened_at = LocalDateTimeField(label="When")

    class Meta:
        model = FollowUpAttempt
        fields = ["happened_at", "method", "result", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


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
    starts_at = LocalDateTimeField(label="When is the next round?")
    duration_minutes = forms.IntegerField(label="How long (minutes)", min_value=1, max_value=720, initial=60)
    format = forms.ChoiceField(label="Format", choices=Interview.Format.choices, initial=Interview.Format.VIDEO)
