from django import forms

from interviews.forms import PlannedDateField

from .models import Offer, OfferWeights


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "salary",
            "currency",
            "salary_rating",
            "benefits",
            "benefits_rating",
            "location",
            "location_rating",
            "working_conditions",
            "conditions_rating",
            "job_security",
            "career_fit",
            "interest",
            "notes",
        ]
        widgets = {
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "working_conditions": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"salary": "A whole number, per year, before tax."}

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
            raise forms.ValidationError("Use the three-letter code, for example EUR, GBP or USD.")
        return currency


class WeightsForm(forms.ModelForm):
    class Meta:
        model = OfferWeights
        fields = [name for name, _ in OfferWeights.CRITERIA]
        help_texts = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.min_value, field.max_value = 0, 10
            field.widget.attrs.update({"min": 0, "max": 10, "inputmode": "numeric"})
            field.error_messages["required"] = "Give a weight from 0 to 10."


class AnswerByForm(forms.Form):
    """The answer-by date of an offer, changed on its own (the Offers page)."""

    answer_by = PlannedDateField(
        label="Answer by", required=False, help_text="Reminded two days before and that morning. Empty: no deadline."
    )
