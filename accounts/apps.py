from urllib.parse import urlsplit

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def site_from_settings(**kwargs) -> None:
    """The Sites framework's site is Debrief at SITE_URL's address: every migrate (make run, the container's start)
    sets it, so a change of SITE_URL reaches allauth's emails without anyone editing a row."""
    from django.conf import settings
    from django.contrib.sites.models import SITE_CACHE, Site

    domain = urlsplit(settings.SITE_URL).netloc
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME})
    SITE_CACHE.clear()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        post_migrate.connect(site_from_settings, dispatch_uid="accounts.site_from_settings")
