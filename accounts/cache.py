"""The store of allauth's rate-limit counters (the failed-login lock among them), which allauth keeps in the default
cache.

Django's DatabaseCache, once it holds MAX_ENTRIES rows, deletes the expired ones and then a third of the rest in key
order: traffic anyone can make (password-reset requests for unknown addresses) would so delete an account's login
lock. This cache never deletes a row whose time is not up. It is the database (every web worker shares it, and it
keeps limiting while Redis is down); past MAX_ENTRIES rows each write also deletes the expired ones, so the table
holds at most what the limits' windows can hold (the worst case: every request of the last 15 minutes, a row per
address and per login tried)."""

from django.core.cache.backends.db import DatabaseCache
from django.db import connections


class CounterCache(DatabaseCache):
    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        cursor.execute(
            "DELETE FROM {} WHERE {} < %s".format(
                connection.ops.quote_name(self._table), connection.ops.quote_name("expires")
            ),
            [connection.ops.adapt_datetimefield_value(now)],
        )
