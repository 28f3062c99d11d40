"""Settings fail closed: each deployment mistake stops ``manage.py`` with a message naming the variable.

Each case runs ``manage.py check`` in a fresh interpreter with a clean environment. The settings
module treats the process as a test run when pytest is imported or ``HUB_TESTING`` is set, so
neither may leak into the child: it gets only PATH, a throwaway HOME and the variables under test.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE_PY = settings.BASE_DIR / "manage.py"


def run_manage(tmp_path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        # Keep any database file the check might open out of the project's var/ folder.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        **variables,
    }
    return subprocess.run(
        [sys.executable, str(MANAGE_PY), *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def production_environment(**overrides: str) -> dict[str, str]:
    environ = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "hub.example.org",
        "SITE_URL": "https://hub.example.org",
        "EMAIL_URL": "smtp+tls://hub:mail-password@mail.example.org:587?from=hub@example.org",
    }
    environ.update(overrides)
    return {name: value for name, value in environ.items() if value is not None}


def without(environ: dict[str, str], *names: str) -> dict[str, str]:
    return {name: value for name, value in environ.items() if name not in names}


def test_the_child_process_does_not_think_it_is_under_test(tmp_path):
    result = run_manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.TESTING, settings.DEBUG)",
        **production_environment(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"


def test_missing_secret_key_stops_start_up_when_debug_is_off(tmp_path):
    result = run_manage(tmp_path, "check", **without(production_environment(), "SECRET_KEY"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_makemigrations_only_reads_the_models_so_it_needs_no_deployment_settings(tmp_path):
    result = run_manage(tmp_path, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_defaults_to_off_so_an_empty_environment_also_needs_a_secret_key(tmp_path):
    result = run_manage(tmp_path, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50))
    environ = without(production_environment(), "SECRET_KEY")
    result = run_manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(len(settings.SECRET_KEY))",
        SECRET_KEY_FILE=str(key_file),
        **environ,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(key_file.read_text()))


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("FIELD_ENCRYPTION_KEY", "FIELD_ENCRYPTION_KEY must be set when DEBUG is off."),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must list the host names the Hub is served on when DEBUG is off."),
        ("SITE_URL", "SITE_URL must be set (for example https://hub.example.org) when DEBUG is off."),
        ("EMAIL_URL", "EMAIL_URL must be set when DEBUG is off"),
    ],
)
def test_each_production_value_is_required_when_debug_is_off(tmp_path, missing, message):
    result = run_manage(tmp_path, "check", **without(production_environment(), missing))
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be one of 1/0, true/false, yes/no or on/off, not 'maybe'."),
        ("AXES_FAILURE_LIMIT", "abc", "AXES_FAILURE_LIMIT must be a whole number, not 'abc'."),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be at least 1, not 0."),
        ("ALLOWED_HOSTS", "*", "ALLOWED_HOSTS must list real host names; '*' is not allowed."),
        ("DATABASE_URL", "mysql://hub:pw@db.example.org/hub", "DATABASE_URL must point to SQLite"),
        ("EMAIL_URL", "ftp://mail.example.org", "EMAIL_URL scheme 'ftp' is not supported"),
        ("SITE_URL", "hub.example.org", "SITE_URL must start with one of http://, https://"),
        ("REDIS_URL", "memcached://cache:11211", "REDIS_URL must start with one of redis://, rediss://, unix://"),
    ],
)
def test_bad_values_stop_start_up_with_a_clear_message(tmp_path, variable, value, message):
    result = run_manage(tmp_path, "check", **production_environment(**{variable: value}))
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_bad_values_are_refused_in_development_too(tmp_path):
    result = run_manage(tmp_path, "check", DEBUG="1", ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list real host names" in result.stderr


def test_production_like_settings_pass_the_deploy_check_with_no_warnings(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_hardened(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.EMAIL_HOST, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.CSRF_TRUSTED_ORIGINS, "
        "s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[-1], s.TASKS['default']['BACKEND'], "
        "s.DATABASES['default']['CONN_MAX_AGE'])"
    )
    result = run_manage(tmp_path, "shell", "--no-imports", "-c", code, **production_environment())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "31536000",
        "mail.example.org",
        "True",
        "hub@example.org",
        "['https://hub.example.org']",
        "CompressedManifestStaticFilesStorage",
        "django_tasks_db.DatabaseBackend",
        "60",  # the SQLite connection kept between requests: opening one reads the whole schema
    ]


def test_a_plain_http_site_url_is_a_deploy_warning(tmp_path):
    environ = production_environment(SITE_URL="http://hub.example.org")
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **environ)
    assert result.returncode != 0
    assert "hub.W001" in result.stderr + result.stdout


def test_a_fresh_checkout_gets_the_folder_for_its_sqlite_database(tmp_path):
    database = tmp_path / "not-yet" / "var" / "hub.sqlite3"
    # One small app's migrations are enough to make Django open, and so create, the database file.
    result = run_manage(
        tmp_path, "migrate", "contenttypes", "--no-input", DEBUG="1", DATABASE_URL=f"sqlite:///{database}"
    )
    assert result.returncode == 0, result.stderr
    assert database.exists()


def test_sqlite_connections_read_through_a_memory_map_with_a_large_page_cache(tmp_path):
    # With SQLite's default 2 MiB page cache a filtered library list re-read its pages from the
    # file on every request (docs/operations/configuration.md).
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(*[c.execute(f'PRAGMA {name}').fetchone()[0] "
        "for name in ('journal_mode', 'mmap_size', 'cache_size', 'foreign_keys')])"
    )
    result = run_manage(
        tmp_path, "shell", "--no-imports", "-c", code, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "268435456", "-32768", "1"]
