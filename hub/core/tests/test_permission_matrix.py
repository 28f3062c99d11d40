"""Every URL pattern answers every persona as its app declared.

Each app declares its routes in ``hub/<app>/tests/permission_matrix*.py`` as ``ROUTES`` (see
``hub.testing.Route``). This file walks the project's URL configuration, fails when a named
pattern has no declaration, then requests each declared route as each persona and compares the
status code with the declaration.

Left out of the walk, because they have their own tests and their own access rules:
- ``/admin/``: the Wagtail back office (Wagtail's own permission system);
- ``/documents/``: Wagtail's document serving (collection privacy);
- ``/api/``: the API, which answers 401/404 as JSON and is tested per endpoint;
- Wagtail's page-serving catch-all (``wagtail.urls``), whose URLs are pages, not patterns.
"""

from __future__ import annotations

import importlib
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import hub
from hub.testing import ANONYMOUS, Route, sign_in

EXCLUDED_PREFIXES = ("admin/", "documents/", "api/")
EXCLUDED_URLCONFS = ("wagtail.urls",)
HUB_DIR = Path(hub.__file__).parent


@dataclass(frozen=True)
class Pattern:
    name: str | None
    route: str


def _urlconf_name(resolver: URLResolver) -> str:
    urlconf = resolver.urlconf_name
    return getattr(urlconf, "__name__", urlconf) if not isinstance(urlconf, list) else ""


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    """Every URL pattern of the project with its full route and namespaced name, minus the exclusions."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            if _urlconf_name(entry) in EXCLUDED_URLCONFS:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(url_patterns(entry, route, inner))
        elif isinstance(entry, URLPattern):
            found.append(Pattern(f"{namespace}{entry.name}" if entry.name else None, route))
    return found


def declaration_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(HUB_DIR.parent).with_suffix("").parts)
        for path in HUB_DIR.glob("*/tests/permission_matrix*.py")
    )


def declared_routes() -> list[Route]:
    routes = []
    for module_name in declaration_modules():
        module = importlib.import_module(module_name)
        routes.extend(getattr(module, "ROUTES", []))
    return routes


ROUTES = declared_routes()


def _where_to_declare(name: str) -> str:
    app = name.split(":", 1)[0] if ":" in name else "<app>"
    return f"hub/{app}/tests/permission_matrix.py"


def test_every_url_pattern_is_declared_in_a_permission_matrix():
    declared = {route.name for route in ROUTES}
    undeclared = sorted({p.name for p in url_patterns() if p.name and p.name not in declared})
    assert not undeclared, "These URL names have no Route in any permission matrix:\n" + "\n".join(
        f"  {name}: declare it in {_where_to_declare(name)}" for name in undeclared
    )


def test_every_url_pattern_has_a_name():
    unnamed = sorted(p.route for p in url_patterns() if p.name is None)
    assert not unnamed, "These URL patterns have no name, so no Route can declare them:\n" + "\n".join(
        f"  /{route}" for route in unnamed
    )


def test_every_declared_route_names_an_existing_url_pattern():
    names = {p.name for p in url_patterns()}
    stale = sorted({route.name for route in ROUTES if route.name not in names})
    assert not stale, "These Routes name URL patterns that do not exist (or are excluded):\n" + "\n".join(
        f"  {name}" for name in stale
    )


def _request(client: Client, route: Route, url: str):
    if route.method == "GET":
        return client.get(url)
    if route.method == "POST":
        return client.post(url, {})
    raise AssertionError(f"{route!r}: the matrix checks GET and POST routes only")


def _problem(route: Route, persona: str, response, sign_in_path: str) -> str | None:
    try:
        expected = route.expected_for(persona)
    except KeyError:
        return f"{persona}: no expectation declared (add {persona!r} or '*')"
    if response.status_code != expected:
        where = f" to {response.get('Location')}" if response.has_header("Location") else ""
        return f"{persona}: expected {expected}, got {response.status_code}{where}"
    if persona == ANONYMOUS and expected == 302:
        target = urlsplit(response["Location"]).path
        if target != sign_in_path:
            return f"{persona}: redirected to {target}, not to the sign-in page {sign_in_path}"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.name}-{route.method}")
def test_route_answers_each_persona_as_declared(route, personas):
    kwargs = route.kwargs(personas) if route.kwargs else {}
    url = reverse(route.name, kwargs=kwargs) + (f"?{route.query}" if route.query else "")
    sign_in_path = reverse("core:sign-in")
    people = {ANONYMOUS: None, **personas.all_signed_in()}
    problems = []
    for persona, user in people.items():
        client = Client()
        if user is not None:
            sign_in(client, user)
        try:
            response = _request(client, route, url)
        except Exception as exc:
            problems.append(f"{persona}: raised {''.join(traceback.format_exception_only(exc)).strip()}")
            continue
        problem = _problem(route, persona, response, sign_in_path)
        if problem:
            problems.append(problem)
    assert not problems, f"{route.method} {url} ({route.name}):\n" + "\n".join(f"  {p}" for p in problems)
