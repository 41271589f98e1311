"""Every URL the site answers, read from config.urls itself, and a record of the writes a request makes.

One walker for the permission matrix and the security checklist: a view is covered by both the day it is added.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

ADMIN_PREFIX = "/" + settings.ADMIN_URL


@dataclass(frozen=True)
class Endpoint:
    name: str  # "namespace:name", or the route itself when the pattern has no name
    route: str  # the whole route, every include's prefix joined
    params: tuple[str, ...]
    admin: bool
    named: bool = field(default=True)

    def url(self, values: dict) -> str:
        if self.named:
            return reverse(self.name, kwargs={p: values[p] for p in self.params})
        # A pattern without a name (the admin's catch-all and old-style redirects): fill each regex group or
        # <converter:name> from the values, drop the anchors.
        fill = lambda m: str(values[m.group(1)])  # noqa: E731
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, self.route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", fill, path)
        return "/" + path.replace("^", "").replace("$", "")


def _params(pattern) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    raise TypeError(pattern)


def endpoints() -> list[Endpoint]:
    found = []

    def walk(patterns, prefix, namespace, params):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace])) if p.namespace else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns, params + _params(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                all_params = params + _params(p.pattern)
                admin = ("/" + route.lstrip("^")).startswith(ADMIN_PREFIX)
                if p.name:
                    found.append(Endpoint(f"{namespace}:{p.name}" if namespace else p.name, route, all_params, admin))
                else:
                    found.append(Endpoint(route, route, all_params, admin, named=False))

    walk(get_resolver().url_patterns, "", None, ())
    return found


# Tables a request may write to whoever makes it: its own session, and the cache that holds rate-limit counters.
UNWATCHED_TABLES = {"django_session", settings.CACHES["default"].get("LOCATION", "")}
_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


@contextmanager
def writes_recorded():
    """Yields a list that fills with (table, statement) for every INSERT, UPDATE or DELETE run inside the block,
    except on UNWATCHED_TABLES. Stricter than comparing tables before and after: an UPDATE that writes the value
    a row already had is a write too."""
    writes = []

    def record(execute, sql, params, many, context):
        match = _WRITE.match(sql)
        if match and match.group(2) not in UNWATCHED_TABLES:
            writes.append((match.group(2), sql[:200]))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield writes
