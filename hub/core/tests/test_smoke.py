import pytest

pytestmark = pytest.mark.django_db


def test_health_check_reports_the_database_is_answering(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_sign_in_page_renders_the_form(client):
    response = client.get("/account/sign-in/")
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
