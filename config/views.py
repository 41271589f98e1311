"""Site-wide pages that belong to no app: what makes Debrief installable and usable offline on a phone (the web
app manifest, the service worker and the page shown when a page is needed offline that the phone does not keep).
Here, at the top, because the service worker names pages of every app."""

import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

BRAND = "#1f4e79"

# The app shell: what every page needs, kept by the service worker when it installs.
SHELL_ASSETS = ("css/debrief.css", "js/app.js", "js/interviews.js", "img/favicon.svg", "img/icon-192.png")


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    icons = [
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("img/icon-512-maskable.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    data = {
        "name": "Debrief",
        "short_name": "Debrief",
        "description": "Record an interview debrief while it is fresh and thank every interviewer in time.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": BRAND,
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker's script, with the hashed names of today's static files: a new deploy changes the
    script, so phones install the new one and drop the old caches."""
    context = {
        "shell": [static(name) for name in SHELL_ASSETS] + [reverse("offline")],
        "offline_url": reverse("offline"),
        # Pages kept for offline use once a candidate is logged in: the app's start and the two capture forms.
        "warm": [reverse("home"), reverse("interviews:log"), reverse("interviews:debrief_quick_offline")],
        "static_url": static(""),
    }
    context = {**context, "shell_json": json.dumps(context["shell"]), "warm_json": json.dumps(context["warm"])}
    script = render_to_string("pwa/sw.js", {**context, "version": ""})
    version = hashlib.sha256(script.encode()).hexdigest()[:12]
    script = render_to_string("pwa/sw.js", {**context, "version": version})
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")


@require_GET
def offline(request):
    return render(request, "offline.html")
