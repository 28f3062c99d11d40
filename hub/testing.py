"""Builders and personas shared by every app's tests.

Personas follow STYLE.md: anonymous, outsider (signed in, no role), practitioner, line manager,
SPOC of agency A, SPOC of agency B, business unit, scrutineer, executive, reviews panel member.
``sign_in(client, user)`` signs a persona in, passing two-factor sign-in where their role needs it.
"""

from __future__ import annotations

import itertools

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core import roles
from hub.core.models import Agency, Role, RoleAssignment, User

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_agency(name: str | None = None, **fields) -> Agency:
    number = next(_counter)
    name = name or f"Agency {number}"
    fields.setdefault("short_code", f"ag{number}")
    fields.setdefault("sector", Agency.Sector.OTHER)
    return Agency.objects.create(name=name, **fields)


def make_user(email: str | None = None, *, agency: Agency | None = None, roles_: tuple = (), **fields) -> User:
    number = next(_counter)
    fields.setdefault("first_name", f"Person{number}")
    fields.setdefault("last_name", "Tester")
    # People created for tests have confirmed their address unless a test says otherwise.
    fields.setdefault("email_verified_at", timezone.now())
    user = User.objects.create_user(email or f"person{number}@example.org", PASSWORD, agency=agency, **fields)
    for entry in roles_:
        slug, role_agency = entry if isinstance(entry, tuple) else (entry, None)
        grant_role(user, slug, agency=role_agency)
    return user


def grant_role(user: User, slug: str, *, agency: Agency | None = None) -> RoleAssignment:
    role = Role.objects.get(slug=slug)
    assignment = RoleAssignment.objects.create(user=user, role=role, agency=agency)
    if role.permission_group_id:
        user.groups.add(role.permission_group)
    user.forget_cached_roles()
    return assignment


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in on ``client``; people whose roles need two-factor are marked verified."""
    client.force_login(user, backend="hub.core.auth.EmailBackend")
    if user.requires_two_factor:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


class Personas:
    """Everyone the permission tests need, created once per test."""

    def __init__(self):
        self.agency_a = make_agency("Agency A", short_code="aga", sector=Agency.Sector.HEALTH)
        self.agency_b = make_agency("Agency B", short_code="agb", sector=Agency.Sector.POLICE)
        self.agency_c = make_agency("Agency C", short_code="agc", sector=Agency.Sector.VOLUNTARY)
        self.outsider = make_user("outsider@example.org", agency=self.agency_c)
        self.practitioner = make_user("practitioner@example.org", agency=self.agency_a, roles_=(roles.PRACTITIONER,))
        self.manager = make_user("manager@example.org", agency=self.agency_a, roles_=(roles.LINE_MANAGER,))
        self.spoc_a = make_user("spoc.a@example.org", agency=self.agency_a, roles_=((roles.SPOC, self.agency_a),))
        self.spoc_b = make_user("spoc.b@example.org", agency=self.agency_b, roles_=((roles.SPOC, self.agency_b),))
        self.business_unit = make_user("bu@example.org", roles_=(roles.BUSINESS_UNIT,))
        self.scrutineer = make_user("scrutineer@example.org", roles_=(roles.SCRUTINEER,))
        self.executive = make_user("executive@example.org", agency=self.agency_b, roles_=(roles.EXECUTIVE,))
        self.reviews_panel = make_user("panel@example.org", agency=self.agency_b, roles_=(roles.REVIEWS_PANEL,))

    def all_signed_in(self) -> dict[str, User]:
        return {
            "outsider": self.outsider,
            "practitioner": self.practitioner,
            "manager": self.manager,
            "spoc_a": self.spoc_a,
            "spoc_b": self.spoc_b,
            "business_unit": self.business_unit,
            "scrutineer": self.scrutineer,
            "executive": self.executive,
            "reviews_panel": self.reviews_panel,
        }


# Permission matrix -------------------------------------------------------------------------
# Every app declares how each of its URL patterns answers each persona, in
# ``hub/<app>/tests/permission_matrix.py`` as a list ``ROUTES`` of ``Route``. The matrix test
# (hub/core/tests/test_permission_matrix.py) enumerates every URL pattern and fails when one
# is not declared anywhere.

ANONYMOUS = "anonymous"


class Route:
    """How one named URL answers each persona.

    ``name``: the namespaced URL name (``core:account``).
    ``kwargs``: a function ``(personas) -> dict`` building URL kwargs, creating what it needs.
    ``expect``: persona name -> expected status code; ``"*"`` covers everyone not listed,
    ``"anonymous"`` the signed-out visitor. A 302 for anonymous must go to the sign-in page.
    ``method``: GET by default; POST routes are checked with an empty form (they must refuse
    or show errors, never change anything for a refused persona).
    """

    def __init__(self, name: str, expect: dict[str, int], *, kwargs=None, method: str = "GET", query: str = ""):
        self.name = name
        self.expect = expect
        self.kwargs = kwargs
        self.method = method
        self.query = query

    def expected_for(self, persona: str) -> int:
        if persona in self.expect:
            return self.expect[persona]
        return self.expect["*"]

    def __repr__(self) -> str:
        return f"Route({self.name!r}, {self.method})"


# Query-count bounds ------------------------------------------------------------------------
# Every list page must cost the same number of queries with 1 row as with 50 (STYLE.md).


def assert_same_query_count(client: Client, url: str, make_rows, *, few: int = 1, many: int = 50):
    """Fail unless ``GET url`` runs the same number of queries with ``few`` rows and with ``many``.

    ``make_rows(count)`` must add ``count`` more rows that the page lists for the client's user.
    A first request warms per-process caches (content types, the Wagtail site) so they are not
    counted against either size; it is made again after adding rows, because publishing renews
    the parts of website pages kept in the cache (``hub.website.fragments``). Returns the
    response with ``many`` rows, for checking that the rows really are listed.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measured():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"GET {url} answered {response.status_code}, not 200"
        return response, [query["sql"] for query in queries.captured_queries]

    make_rows(few)
    client.get(url)
    _, with_few = measured()
    make_rows(many - few)
    client.get(url)
    response, with_many = measured()
    if len(with_few) != len(with_many):
        listing = "\n".join(f"  {number}. {sql}" for number, sql in enumerate(with_many, 1))
        raise AssertionError(
            f"GET {url} ran {len(with_few)} queries with {few} row(s) but {len(with_many)} with {many}; "
            f"a loop is querying per row. The queries with {many} rows:\n{listing}"
        )
    return response
