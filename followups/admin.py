from django.contrib import admin

from .models import FollowUpAttempt, FollowUpPlan, FollowUpSettings, Outcome, Reminder, ThankYouNote


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "due_at", "state", "attempts", "failures", "next_attempt_at", "sent_at"]
    list_filter = ["state", "kind"]  # state=parked: the reminders that failed REMINDER_PARK_AFTER times
    raw_id_fields = ["user", "interview"]
    readonly_fields = ["last_error", "failures", "parked_at", "closed_reason", "claimed_at", "sent_at"]
    readonly_fields += ["created_at", "updated_at"]


@admin.register(ThankYouNote)
class ThankYouNoteAdmin(admin.ModelAdmin):
    list_display = ["person", "interview", "channel", "state", "sent_at"]
    list_filter = ["state", "channel"]
    raw_id_fields = ["interview", "person"]


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "updated_at"]
    raw_id_fields = ["user"]
    exclude = ["calendar_token"]  # the feed's only secret: never shown, not even to staff


admin.site.register([FollowUpPlan, FollowUpAttempt, Outcome], admin.ModelAdmin)
