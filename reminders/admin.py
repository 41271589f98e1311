from django.contrib import admin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "due_at", "state", "attempts", "failures", "next_attempt_at", "sent_at"]
    list_filter = ["state", "kind"]  # state=parked: the reminders that failed REMINDER_PARK_AFTER times
    raw_id_fields = ["user", "interview"]
    readonly_fields = ["last_error", "failures", "parked_at", "closed_reason", "claimed_at", "sent_at"]
    readonly_fields += ["created_at", "updated_at"]
