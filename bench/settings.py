"""`make bench`: production settings on the bench's own database, plus the bench's URLconf (the trivial baseline
view lives there, never in the product). TLS ends at the proxy in production; here gunicorn listens on 127.0.0.1
over plain HTTP, so bench/run.py sets SECURE_SSL_REDIRECT=false in the environment."""

import copy

from config.settings.production import *  # noqa: F403
from config.settings.production import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
