from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("candidates/<int:pk>/", views.desk_candidate, name="candidate"),
    # Beside accounts' links page (/me/links/), which is handed this link (settings.PAGE_LINKS "link").
    path("me/links/<int:pk>/sees/", views.link_preview, name="link_preview"),
    # The check-in's pages kept the paths they had under /followups/ (links in emails already sent name them);
    # follow-up's email is handed the answer link (settings.PAGE_LINKS "check_in_answer").
    path("followups/interviews/<int:pk>/check-in/", views.check_in_ask, name="check_in_ask"),
    path("followups/check-in/<str:token>/", views.check_in_answer, name="check_in_answer"),
    path("progress/", views.progress, name="progress"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/<int:opportunity_pk>/", views.offer_edit, name="offer_edit"),
]
