from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from insight.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("insight.urls")),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("interviews/", include("interviews.urls")),
    path("followups/", include("followups.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
