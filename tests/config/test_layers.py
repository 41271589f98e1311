"""The house rule, held by a test: dependencies run one way, accounts <- interviews <- composer and reminders (side by
side) <- followups <- insight, search and monitoring (the top floor, where none imports another), and config wires them
all. No module imports an app above its own or beside it, and no template or view of a lower app names a URL of an app
above it (it is handed the link: settings.PAGE_LINKS)."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

BASE_DIR = Path(settings.BASE_DIR)
# The floors, bottom first. The composer drafts text from what capture holds, and follow-up stores and checks the
# notes it drafts: so it reads interviews and is read by followups, never the other way. Beside it, reminders, the
# delivery machine: it stores and sends what follow-up tells it is due, and never asks follow-up anything.
# Insight, search and monitoring (the operator's /healthz and /metrics) share the top floor: each reads every floor
# below, none reads another.
HOUSE = [("accounts",), ("interviews",), ("composer", "reminders"), ("followups",), ("insight", "search", "monitoring")]
FLOORS = {app: floor for floor, apps in enumerate(HOUSE) for app in apps}  # accounts 0 ... the top floor 4
TOP = len(FLOORS)  # config, and the project's own templates (base.html, partials/, error pages)
URL_TAG = re.compile(r"{%\s*url\s+['\"]([\w:-]+)['\"]")
URL_CALL = re.compile(r"\b(?:reverse|reverse_lazy|redirect)\(\s*['\"]([\w:-]+)['\"]")


def test_every_app_of_ours_has_its_floor_in_the_houses_order():
    house_order = [app for apps in HOUSE for app in apps]
    assert house_order == settings.LOCAL_APPS


def floor_of_module(module: str) -> int | None:
    top = module.split(".")[0]
    if top in FLOORS:
        return FLOORS[top]
    return TOP if top == "config" else None


def url_floors() -> dict[str, int]:
    """The floor of every named URL: the app whose view serves it (config's own, allauth's and the admin's count
    as the top and the bottom respectively)."""
    found = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                module = getattr(pattern.callback, "view_class", pattern.callback).__module__
                floor = floor_of_module(module)
                found[name] = 0 if floor is None else floor

    walk(get_resolver().url_patterns, "")
    return found


def app_sources():
    for app, floor in FLOORS.items():
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, floor, path
        for path in sorted((BASE_DIR / "templates" / app).rglob("*.html")):
            yield app, floor, path


def reads_upward_or_across(app: str, floor: int, target_module: str) -> bool:
    """True when `target_module` is an app of ours above `floor`, or another app on the same floor."""
    target = floor_of_module(target_module)
    return target is not None and (target > floor or (target == floor and target_module.split(".")[0] != app))


def test_no_module_imports_an_app_above_its_own():
    upward = []
    for app, floor, path in app_sources():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if reads_upward_or_across(app, floor, name):
                    upward.append(f"{path.relative_to(BASE_DIR)}:{node.lineno} imports {name}")
    assert not upward, "\n".join(upward)


def test_no_lower_app_names_a_url_of_an_app_above_it():
    floors = url_floors()
    upward = []
    for _app, floor, path in app_sources():
        text = path.read_text()
        for name in URL_TAG.findall(text) + URL_CALL.findall(text):
            assert name in floors, f"{path.relative_to(BASE_DIR)} names {name!r}, which is no URL"
            if floors[name] > floor:
                upward.append(f"{path.relative_to(BASE_DIR)} links to {name}")
    assert not upward, "\n".join(upward)


def test_the_links_handed_down_exist():
    floors = url_floors()
    for place, links in settings.PAGE_LINKS.items():
        for _label, name, _testid in links:
            assert name in floors, (place, name)
