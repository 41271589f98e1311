from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    """Search across everything a user may see (PRODUCT.md P1). The top floor: it reads accounts, interviews and
    followups through their scoping selectors, and nothing but config imports it."""

    name = "search"

    def ready(self):
        from . import engines

        # SQLite keeps its full-text index in FTS5 tables filled by triggers; a migration that rebuilds a table
        # drops its triggers, so every migrate (and the test database's creation) checks and repairs them.
        post_migrate.connect(engines.sqlite_index_install_after_migrate, sender=self, dispatch_uid="search.fts5")
