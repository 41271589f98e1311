"""For the tests of data and state migrations: migrate the test database to given migrations and read the models
as they stand there."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def latest_migrations() -> list[tuple[str, str]]:
    """Every app's last migration: where a test that migrated backwards must leave the database."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate_to(targets) -> Apps:
    """Migrates to `targets` and returns the models as they stand there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
