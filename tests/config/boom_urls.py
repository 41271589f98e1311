"""The site's URLs plus one view that fails, to see the 500 page a person would get."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("database password is hunter2")


urlpatterns = [*site_urlpatterns, path("boom/", explode)]
