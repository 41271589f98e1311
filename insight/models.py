"""Offers side by side (docs/PRODUCT.md I3): the terms of each offer, the candidate's ratings, what each counts."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.bounds import single_line
from interviews.models import SHORT_TEXT_MAX, long_text, score_between_1_and_10, score_field


class Offer(models.Model):
    """An offer for an opportunity, with the candidate's own 1–10 ratings of it."""

    opportunity = models.OneToOneField("interviews.Opportunity", on_delete=models.CASCADE, related_name="offer")
    salary = models.PositiveIntegerField("yearly salary", null=True, blank=True, validators=[MaxValueValidator(10**9)])
    currency = models.CharField(max_length=3, default="EUR", help_text="Three letters, for example EUR, GBP, USD.")
    salary_rating = score_field(verbose_name="salary (1–10)")
    benefits = long_text()
    benefits_rating = score_field(verbose_name="benefits (1–10)")
    location = models.CharField(max_length=SHORT_TEXT_MAX, blank=True, validators=[single_line])
    location_rating = score_field(verbose_name="location (1–10)")
    working_conditions = long_text()
    conditions_rating = score_field(verbose_name="working conditions (1–10)")
    job_security = score_field(verbose_name="job security (1–10)")
    career_fit = score_field(verbose_name="career fit (1–10)")
    interest = score_field(verbose_name="interest (1–10)")
    notes = long_text()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Exports made while offers lived in followups name the table so (accounts.data reads them still).
    FORMER_EXPORT_LABELS = ("followups.offer",)

    class Meta:
        # The table was made when offers lived in followups; the move to this app changed no table (state only).
        db_table = "followups_offer"
        constraints = [
            score_between_1_and_10("salary_rating", "offer_salary_rating_1_to_10"),
            score_between_1_and_10("benefits_rating", "offer_benefits_rating_1_to_10"),
            score_between_1_and_10("location_rating", "offer_location_rating_1_to_10"),
            score_between_1_and_10("conditions_rating", "offer_conditions_rating_1_to_10"),
            score_between_1_and_10("job_security", "offer_job_security_1_to_10"),
            score_between_1_and_10("career_fit", "offer_career_fit_1_to_10"),
            score_between_1_and_10("interest", "offer_interest_1_to_10"),
        ]

    def __str__(self):
        return f"Offer: {self.opportunity}"


def weight_field(verbose_name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, default=5, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class OfferWeights(models.Model):
    """How much each criterion counts for this candidate when offers are compared, 0 (not at all) to 10."""

    CRITERIA = (
        ("salary", "salary_rating"),
        ("benefits", "benefits_rating"),
        ("location", "location_rating"),
        ("conditions", "conditions_rating"),
        ("security", "job_security"),
        ("career_fit", "career_fit"),
        ("interest", "interest"),
    )

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_weights")
    salary = weight_field("salary")
    benefits = weight_field("benefits")
    location = weight_field("location")
    conditions = weight_field("working conditions")
    security = weight_field("job security")
    career_fit = weight_field("career fit")
    interest = weight_field("interest")
    updated_at = models.DateTimeField(auto_now=True)

    FORMER_EXPORT_LABELS = ("followups.offerweights",)  # see Offer

    class Meta:
        db_table = "followups_offerweights"  # see Offer.Meta
        verbose_name_plural = "offer weights"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    salary__lte=10,
                    benefits__lte=10,
                    location__lte=10,
                    conditions__lte=10,
                    security__lte=10,
                    career_fit__lte=10,
                    interest__lte=10,
                ),
                name="offerweights_0_to_10",
            ),
        ]

    def __str__(self):
        return f"Offer weights of {self.user}"
