from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("", views.InterviewListView.as_view(), name="list"),
    path("new/", views.InterviewLogView.as_view(), name="log"),
    path("new/debrief/", views.DebriefQuickOfflineView.as_view(), name="debrief_quick_offline"),
    path("worksheet/", views.WorksheetView.as_view(), name="worksheet"),
    path("<int:pk>/", views.InterviewDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InterviewEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.InterviewDeleteView.as_view(), name="delete"),
    path("<int:pk>/reschedule/", views.InterviewRescheduleView.as_view(), name="reschedule"),
    path("<int:pk>/cancel/", views.InterviewCallOffView.as_view(), name="call_off"),
    path("<int:pk>/debrief/quick/", views.DebriefQuickView.as_view(), name="debrief_quick"),
    path("<int:pk>/debrief/", views.DebriefFullView.as_view(), name="debrief_full"),
    path("<int:pk>/debrief/reopen/", views.debrief_reopen, name="debrief_reopen"),
    path("<int:pk>/debrief/notes/", views.debrief_note_add, name="debrief_note_add"),
    path("<int:pk>/stated/", views.StatedTermsEditView.as_view(), name="stated_terms"),
    path("<int:pk>/closing-risk/", views.ClosingRiskView.as_view(), name="closing_risk"),
    path("<int:pk>/client-feedback/", views.ClientFeedbackView.as_view(), name="client_feedback"),
    path("<int:pk>/client-feedback/learn/", views.client_feedback_learn, name="client_feedback_learn"),
    path("<int:pk>/worksheet/", views.InterviewWorksheetView.as_view(), name="interview_worksheet"),
    path("questions/", views.QuestionBankView.as_view(), name="question_bank"),
    path("questions/practise/", views.question_practise, name="question_practise"),
    path("questions/similar/", views.question_similar, name="question_similar"),
    path("notifications/", views.NotificationSettingsView.as_view(), name="notification_settings"),
    path("notifications/unsubscribe/<str:token>/", views.notification_unsubscribe, name="notification_unsubscribe"),
    path("learning/", views.LearningListView.as_view(), name="learning_list"),
    path("learning/<int:pk>/toggle/", views.learning_item_toggle, name="learning_toggle"),
    path("opportunities/", views.OpportunityListView.as_view(), name="opportunity_list"),
    path("opportunities/new/", views.OpportunityAddView.as_view(), name="opportunity_add"),
    path("opportunities/pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("opportunities/<int:pk>/", views.OpportunityDetailView.as_view(), name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", views.OpportunityEditView.as_view(), name="opportunity_edit"),
    path("opportunities/<int:pk>/status/", views.opportunity_status_change, name="opportunity_status"),
    path("opportunities/<int:pk>/prep/", views.OpportunityPrepView.as_view(), name="opportunity_prep"),
    path("opportunities/<int:pk>/prep/asked/", views.planned_question_answered, name="planned_question_answered"),
    path("companies/<int:pk>/edit/", views.CompanyEditView.as_view(), name="company_edit"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
]
