"""Every URL the site answers, from config.urls itself: a new view is covered by the checklist the day it is added."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Endpoint:
    name: str  # "namespace:name", or the route itself when the pattern has no name
    params: tuple[str, ...]
    admin: bool
    route: str | None = None  # set for a pattern without a name (reached by its route, which has no parameters)

    def url(self, values: dict[str, str]) -> str:
        if self.route is not None:
            return "/" + self.route
        return reverse(self.name, kwargs={p: values[p] for p in self.params})


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
                all_params = params + _params(p.pattern)
                admin = namespace == "admin"
                if p.name:
                    found.append(Endpoint(f"{namespace}:{p.name}" if namespace else p.name, all_params, admin))
                elif not all_params:
                    route = prefix + str(p.pattern)
                    found.append(Endpoint(route, (), admin, route=route))

    walk(get_resolver().url_patterns, "", None, ())
    return found
