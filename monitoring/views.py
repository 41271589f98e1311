"""The operator's two addresses. A GET of either is answered by monitoring.middleware before the site's own
middleware (no host check, no HTTPS redirect, no session); neither is ever cached."""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from .checks import health_checks
from .metrics import metrics_text


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the broker answer and the sweep ran lately; 503 naming what failed."""
    checks = health_checks(now=timezone.now())
    failed = [check.name for check in checks if not check.ok]
    body = {"status": "failing" if failed else "ok", "failed": failed}
    body["checks"] = {check.name: {"ok": check.ok, "detail": check.detail} for check in checks}
    response = JsonResponse(body, status=503 if failed else 200)
    response["X-Content-Type-Options"] = "nosniff"  # it is answered before SecurityMiddleware, which would add it
    return response


def metrics_authorized(request) -> bool:
    """A GET (or HEAD) with `Authorization: Bearer <METRICS_TOKEN>`; never when the setting is empty."""
    expected = settings.METRICS_TOKEN
    if request.method not in {"GET", "HEAD"}:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@never_cache
def metrics(request):
    """Prometheus' scrape, with `authorization: {credentials: …}` (a Bearer token). Without METRICS_TOKEN, with
    another token or with another method the address does not exist (404): nothing tells a scanner it is here."""
    if not metrics_authorized(request):
        raise Http404
    return HttpResponse(metrics_text(now=timezone.now()), content_type=CONTENT_TYPE_LATEST)
