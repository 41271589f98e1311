from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("links/", views.LinksView.as_view(), name="links"),
    path("links/<int:pk>/end/", views.link_end, name="link_end"),
    path("links/<int:pk>/consent/", views.link_consent, name="link_consent"),
    path("links/invitations/<int:pk>/cancel/", views.link_invitation_cancel, name="link_invitation_cancel"),
    path("links/invitations/<int:pk>/decline/", views.link_invitation_decline, name="link_invitation_decline"),
    path("links/accept/<str:token>/", views.LinkInvitationAcceptView.as_view(), name="link_invitation_accept"),
    path("data/", views.data_home, name="data"),
    path("data/export.json", views.data_export_json, name="data_export_json"),
    path("data/export.zip", views.data_export_csv, name="data_export_csv"),
    path("data/import/", views.data_import, name="data_import"),
    path("data/delete/", views.account_delete, name="account_delete"),
]
