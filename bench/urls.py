"""The product's URLs plus one trivial logged-in page, the baseline every page figure is divided by."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.views.generic import TemplateView

from config.urls import urlpatterns as product_urlpatterns


class TrivialView(LoginRequiredMixin, TemplateView):
    """The site's layout (base.html, the nav, the session and the user) around an empty page: everything any page
    pays, nothing of its own."""

    template_name = "bench/trivial.html"


urlpatterns = [path("bench/trivial/", TrivialView.as_view(), name="bench_trivial"), *product_urlpatterns]
