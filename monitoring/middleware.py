from django.urls import reverse

from . import views


class OperatorEndpointsMiddleware:
    """Answers a GET of /healthz (and of /metrics, given the right token) before the rest of the site's middleware,
    so that a probe by IP address gets the site's health and not a 400 for a Host outside ALLOWED_HOSTS, nor a
    redirect to HTTPS when the load balancer talks plain HTTP inside the network, nor a session or a time zone.
    Safe without the host check: neither answer builds a URL from the Host header. Anything else (another method,
    /metrics without the token) goes on through the whole site like any address: host check, CSRF on a POST, the
    site's 404. First in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = None

    def __call__(self, request):
        if self.paths is None:  # the URLconf is not loaded yet when middleware is built
            self.paths = (reverse("monitoring:healthz"), reverse("monitoring:metrics"))
        healthz, metrics = self.paths
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        if request.path == healthz:
            return views.healthz(request)
        if request.path == metrics and views.metrics_authorized(request):
            return views.metrics(request)
        return self.get_response(request)
