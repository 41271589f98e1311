from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("candidates/<int:pk>/", views.desk_candidate, name="candidate"),
    # Beside accounts' links page (/me/links/), which is handed this link (settings.PAGE_LINKS "link").
    path("me/links/<int:pk>/sees/", views.link_preview, name="link_preview"),
    path("progress/", views.progress, name="progress"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/<int:opportunity_pk>/", views.offer_edit, name="offer_edit"),
]
