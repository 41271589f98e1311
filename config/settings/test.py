"""Tests: fast hashing, mail kept in memory, Celery tasks run inline. DATABASE_URL (set by .ci/run) picks the
database; without it the suite runs on SQLite."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
SITE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
IN_CI = env.bool("CI", default=False)
# Tasks run inline and publish nothing; /healthz still asks the broker: Redis when REDIS_URL names one (CI), else
# kombu's in-process transport (the embedded SQLite file would need var/, which a fresh clone does not have).
CELERY_BROKER_URL = env("REDIS_URL", default="") or "memory://"
