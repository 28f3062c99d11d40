import pytest

from hub.browser_fixtures import chromium, home_page, page, sign_in_browser  # noqa: F401  (fixtures)
from hub.testing import Personas, sign_in


@pytest.fixture
def personas(db):
    return Personas()


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client signed in as ``user``."""

    def _client_for(user):
        client.logout()
        return sign_in(client, user)

    return _client_for


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves no cached page paths behind."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
