from django import forms

from interviews.forms import LocalDateTimeField, PlannedDateField
from reminders.models import Reminder

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
    new_date = PlannedDateField(
        label="The new date they gave",
        required=False,
        help_text="When they now say you will hear from them. Needed for “They gave a new date”.",
    )

    class Meta:
        model = FollowUpAttempt
        fields = ["happened_at", "method", "result", "new_date", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        new_date, result = data.get("new_date"), data.get("result")
        if result == FollowUpAttempt.Result.NEW_DATE and new_date is None and "new_date" not in self.errors:
            self.add_error("new_date", "Give the new date they said you would hear by.")
        elif new_date is not None and result and result != FollowUpAttempt.Result.NEW_DATE:
            self.add_error("new_date", "A new date goes with “They gave a new date”: choose that, or leave it empty.")
        return data


class OutcomeForm(forms.ModelForm):
    answer_by = PlannedDateField(
        label="Answer by (an offer)",
        required=False,
        help_text="The day they want your answer: you are reminded two days before and that morning.",
    )

    class Meta:
        model = Outcome
        fields = ["kind", "contact_name", "answer_by", "notes"]
        labels = {"kind": "What happened", "contact_name": "Who told you (optional)", "notes": "Notes (optional)"}
        help_texts = {"contact_name": "After a no, the thank-you-and-ask-why is drafted to them."}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_contact_name(self):
        return " ".join(self.cleaned_data["contact_name"].split())

    def clean(self):
        data = super().clean()
        if data.get("answer_by") is not None and data.get("kind") and data["kind"] != Outcome.Kind.OFFER:
            self.add_error("answer_by", "Only an offer has an answer-by date: choose “Offer”, or leave it empty.")
        return data


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
        fields = [FollowUpSettings.field_for(kind) for kind in Reminder.Kind.values]
