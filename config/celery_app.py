import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("debrief")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.celery_app.health")
def health(payload: str = "ping") -> dict:
    """A round trip through the broker and a worker: returns what it was given, with the worker's name."""
    return {"echo": payload, "worker": health.request.hostname}
