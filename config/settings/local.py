"""The embedded default: `make run` with no settings at all. SQLite, an SQLite Celery broker, mail to files."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A development-only key, never used by production.py (which has no default).
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
