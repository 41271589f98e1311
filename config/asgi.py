import os

from django.core.asgi import get_asgi_application

from config.celery_app import SETTINGS_DEFAULTED_HERE

# A web server started without DJANGO_SETTINGS_MODULE runs production settings (DEBUG off), not the development
# default that config/celery_app.py (imported with the config package, before this line) put in the environment.
if SETTINGS_DEFAULTED_HERE:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
application = get_asgi_application()
