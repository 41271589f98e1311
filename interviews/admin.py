"""Capture data in the admin, read only. Every change to it goes through interviews.services, which tells follow-up
(thank-you notes, reminders) in the same transaction; an admin edit would change an interview behind their back."""

from django.contrib import admin

from .models import (
    Company,
    Debrief,
    Interview,
    InterviewChange,
    InterviewPerson,
    LearningItem,
    Opportunity,
    OpportunityStatusChange,
    Person,
    Question,
)


class ReadOnly:
    """Staff may look; nobody adds, changes or deletes here (deleting the user removes their capture, by cascade)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CaptureAdmin(ReadOnly, admin.ModelAdmin):
    pass


class CaptureInline(ReadOnly, admin.TabularInline):
    extra = 0


@admin.register(Company)
class CompanyAdmin(CaptureAdmin):
    list_display = ["name", "owner", "location", "created_at"]
    search_fields = ["name", "owner__email"]


class OpportunityStatusChangeInline(CaptureInline):
    model = OpportunityStatusChange


@admin.register(Opportunity)
class OpportunityAdmin(CaptureAdmin):
    list_display = ["role_title", "company", "owner", "status", "source", "status_changed_at"]
    list_filter = ["status", "source"]
    search_fields = ["role_title", "company__name", "owner__email"]
    inlines = [OpportunityStatusChangeInline]


class InterviewPersonInline(CaptureInline):
    model = InterviewPerson


class QuestionInline(CaptureInline):
    model = Question
    fields = ["position", "text", "asked_by", "self_score", "topic"]


class InterviewChangeInline(CaptureInline):
    model = InterviewChange


@admin.register(Interview)
class InterviewAdmin(CaptureAdmin):
    list_display = ["__str__", "owner", "starts_at", "time_zone", "state", "format", "duration_minutes", "is_private"]
    list_filter = ["state", "format", "round", "is_private"]
    search_fields = ["opportunity__role_title", "opportunity__company__name", "owner__email"]
    date_hierarchy = "starts_at"
    inlines = [InterviewPersonInline, QuestionInline, InterviewChangeInline]


@admin.register(Person)
class PersonAdmin(CaptureAdmin):
    list_display = ["name", "title", "company", "owner"]
    search_fields = ["name", "company__name", "owner__email"]


@admin.register(Question)
class QuestionAdmin(CaptureAdmin):
    list_display = ["text", "interview", "self_score", "topic"]
    search_fields = ["text", "topic"]


@admin.register(Debrief)
class DebriefAdmin(CaptureAdmin):
    list_display = ["interview", "state", "interest", "overall_rating", "hear_back_date", "updated_at"]
    list_filter = ["state"]


@admin.register(OpportunityStatusChange)
class OpportunityStatusChangeAdmin(CaptureAdmin):
    list_display = ["opportunity", "from_status", "to_status", "changed_at"]


@admin.register(InterviewPerson)
class InterviewPersonAdmin(CaptureAdmin):
    list_display = ["person", "interview", "part", "position"]


@admin.register(LearningItem)
class LearningItemAdmin(CaptureAdmin):
    list_display = ["text", "owner", "interview", "done"]
    list_filter = ["done"]
