from django.contrib import admin

from .models import (
    Company,
    Debrief,
    Interview,
    InterviewPerson,
    LearningItem,
    Opportunity,
    OpportunityStatusChange,
    Person,
    Question,
)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "location", "created_at"]
    search_fields = ["name", "owner__email"]
    raw_id_fields = ["owner"]


class OpportunityStatusChangeInline(admin.TabularInline):
    model = OpportunityStatusChange
    extra = 0


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["role_title", "company", "owner", "status", "source", "status_changed_at"]
    list_filter = ["status", "source"]
    search_fields = ["role_title", "company__name", "owner__email"]
    raw_id_fields = ["owner", "company", "recruiter"]
    inlines = [OpportunityStatusChangeInline]


@admin.register(OpportunityStatusChange)
class OpportunityStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "from_status", "to_status", "changed_at"]
    raw_id_fields = ["opportunity"]


class InterviewPersonInline(admin.TabularInline):
    model = InterviewPerson
    extra = 0
    raw_id_fields = ["person"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    raw_id_fields = ["asked_by"]
    fields = ["position", "text", "asked_by", "self_score", "topic"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "starts_at", "format", "duration_minutes", "is_private"]
    list_filter = ["format", "round", "is_private"]
    search_fields = ["opportunity__role_title", "opportunity__company__name", "owner__email"]
    raw_id_fields = ["owner", "opportunity", "arranged_by"]
    date_hierarchy = "starts_at"
    inlines = [InterviewPersonInline, QuestionInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "company", "owner"]
    search_fields = ["name", "company__name", "owner__email"]
    raw_id_fields = ["owner", "company"]


@admin.register(InterviewPerson)
class InterviewPersonAdmin(admin.ModelAdmin):
    list_display = ["person", "interview", "part", "position"]
    raw_id_fields = ["person", "interview"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "interview", "self_score", "topic"]
    search_fields = ["text", "topic"]
    raw_id_fields = ["interview", "asked_by"]
    readonly_fields = ["normalized_text"]


@admin.register(Debrief)
class DebriefAdmin(admin.ModelAdmin):
    list_display = ["interview", "state", "interest", "overall_rating", "hear_back_date", "updated_at"]
    list_filter = ["state"]
    raw_id_fields = ["interview"]


@admin.register(LearningItem)
class LearningItemAdmin(admin.ModelAdmin):
    list_display = ["text", "owner", "interview", "done"]
    list_filter = ["done"]
    raw_id_fields = ["owner", "interview"]
