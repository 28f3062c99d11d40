"""Browser-test fixtures: a real Chromium, driven by Playwright, against Django's live test server.

The browser tests are marked ``browser`` and skipped, with a reason, when Debian's chromium is
not installed at ``/usr/bin/chromium``; in CI (``CI=true``) that is a failure instead. They run
in transactional tests (the live server thread needs committed data), so anything migrations
create that a page relies on is rebuilt here.


Every app's browser tests use these fixtures (``hub/conftest.py`` makes them available).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from hub.testing import sign_in

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def chromium(django_db_setup):
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); browser tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}. In CI (CI=true) they must run, so this is a failure.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running on the test's thread while it is
    # started, which makes Django refuse ORM calls there as "async unsafe". The tests never share
    # a connection between threads (the live server has its own), so the calls are safe; the
    # allowance lasts only while this module's browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _wagtail_tree():
    """The locale, root page and root collection Wagtail's migrations create.

    Transactional tests empty the database after each test and only the post-migrate handlers
    (content types, permissions, our roles) run again, so the migrations' rows are rebuilt here.
    """
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def home_page(transactional_db):
    """The site's home page as the root of the default Wagtail site, as ``load_demo`` leaves it."""
    from wagtail.models import Site

    from hub.website.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = _wagtail_tree().add_child(
            instance=HomePage(
                title="Safeguarding children in our area",
                slug="partnership-home",
                introduction="Working together so that children are safe, healthy and supported.",
            )
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Partnership"},
    )
    return home


@pytest.fixture
def page(chromium, live_server, home_page):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def sign_in_browser(page, live_server):
    """``sign_in_browser(user)`` gives the tab a signed-in session (two-factor passed where needed).

    For pages behind sign-in whose own journey is not under test; the sign-in journey itself
    goes through the form in test_sign_in.py.
    """

    def _sign_in(user):
        client = sign_in(Client(), user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return page

    return _sign_in
