from django.contrib import admin

from .models import FollowUpAttempt, FollowUpPlan, FollowUpSettings, Outcome, ThankYouNote


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
