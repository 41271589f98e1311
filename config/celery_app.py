import os

from celery import Celery

# `celery -A config` from a shell (make worker, make beat) means development unless told otherwise. Every import of
# config runs this first, so remember whether the default came from here: config.wsgi and config.asgi then still
# default to production.
SETTINGS_DEFAULTED_HERE = "DJANGO_SETTINGS_MODULE" not in os.environ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("debrief")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.celery_app.health")
def health(payload: str = "ping") -> dict:
    """A round trip through the broker and a worker: returns what it was given, with the worker's name."""
    return {"echo": payload, "worker": health.request.hostname}
