from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from insight.views import HomeView

from . import views

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("insight.urls")),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg")),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
    path("", include("monitoring.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("interviews/", include("interviews.urls")),
    path("followups/", include("followups.urls")),
    path("search/", include("search.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
