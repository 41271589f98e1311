from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("interviews/<int:pk>/", views.InterviewFollowUpView.as_view(), name="interview"),
    path("interviews/<int:pk>/plan/", views.plan_set, name="plan_set"),
    path("interviews/<int:pk>/attempts/", views.attempt_log, name="attempt_log"),
    path("interviews/<int:pk>/outcome/", views.outcome_record, name="outcome_record"),
    path("interviews/<int:pk>/next-round/", views.next_round_schedule, name="next_round_schedule"),
    path("interviews/<int:pk>/event.ics", views.interview_ics, name="interview_ics"),
    path("notes/<int:pk>/save/", views.note_save, name="note_save"),
    path("notes/<int:pk>/redraft/", views.note_redraft, name="note_redraft"),
    path("notes/<int:pk>/sent/", views.note_mark_sent, name="note_mark_sent"),
    path("notes/<int:pk>/unsent/", views.note_mark_unsent, name="note_mark_unsent"),
    path("notes/<int:pk>/keep/", views.note_keep, name="note_keep"),
    path("notes/<int:pk>/card/", views.note_card, name="note_card"),
    path("outcomes/<int:pk>/checklist/", views.outcome_checklist, name="outcome_checklist"),
    path("outcomes/<int:pk>/reply/", views.rejection_reply, name="rejection_reply"),
    path("opportunities/<int:pk>/notice/", views.notice, name="notice"),
    path("opportunities/<int:pk>/withdraw/", views.opportunity_withdraw, name="opportunity_withdraw"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/calendar/", views.calendar_token_change, name="calendar_token_change"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
