"""The strict readers in ``hub.env``: good values are parsed, bad ones stop start-up with a named message."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from hub.env import email_settings, env_bool, env_int, env_list, env_str, env_url


def test_env_str_returns_the_default_when_the_variable_is_absent():
    assert env_str("LOG_LEVEL", "INFO", environ={}) == "INFO"
    assert env_str("LOG_LEVEL", environ={}) is None


def test_env_str_strips_surrounding_whitespace():
    assert env_str("LOG_LEVEL", environ={"LOG_LEVEL": "  DEBUG \n"}) == "DEBUG"


def test_env_str_reads_a_secret_from_the_file_named_by_the_file_variable(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("from-the-file\n")
    environ = {"SECRET_KEY_FILE": str(secret), "SECRET_KEY": "from-the-variable"}
    # The file wins: a secret mounted by the orchestrator replaces any value left in the environment.
    assert env_str("SECRET_KEY", environ=environ) == "from-the-file"


def test_env_str_names_the_variable_when_the_secret_file_cannot_be_read(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE points to .*nowhere.*cannot be read"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(missing)})


def test_other_typed_readers_also_accept_a_file(tmp_path):
    limit = tmp_path / "limit"
    limit.write_text("7")
    assert env_int("AXES_FAILURE_LIMIT", 5, environ={"AXES_FAILURE_LIMIT_FILE": str(limit)}) == 7


@pytest.mark.parametrize("text", ["1", "true", "TRUE", "yes", "on", " On "])
def test_env_bool_reads_true_words(text):
    assert env_bool("DEBUG", False, environ={"DEBUG": text}) is True


@pytest.mark.parametrize("text", ["0", "false", "False", "no", "off", ""])
def test_env_bool_reads_false_words(text):
    assert env_bool("DEBUG", True, environ={"DEBUG": text}) is False


def test_env_bool_uses_the_default_when_absent():
    assert env_bool("DEBUG", False, environ={}) is False
    assert env_bool("DEBUG", True, environ={}) is True


@pytest.mark.parametrize("text", ["maybe", "2", "y", "enabled"])
def test_env_bool_refuses_anything_else_and_names_the_variable(text):
    with pytest.raises(ImproperlyConfigured) as caught:
        env_bool("DEBUG", False, environ={"DEBUG": text})
    assert str(caught.value) == f"DEBUG must be one of 1/0, true/false, yes/no or on/off, not {text!r}."


def test_env_int_parses_whole_numbers_and_defaults_when_absent_or_empty():
    assert env_int("AXES_FAILURE_LIMIT", 5, environ={"AXES_FAILURE_LIMIT": "12"}) == 12
    assert env_int("AXES_FAILURE_LIMIT", 5, environ={}) == 5
    assert env_int("AXES_FAILURE_LIMIT", 5, environ={"AXES_FAILURE_LIMIT": ""}) == 5


@pytest.mark.parametrize("text", ["abc", "1.5", "ten", "5 attempts"])
def test_env_int_refuses_text_that_is_not_a_whole_number(text):
    with pytest.raises(ImproperlyConfigured, match=f"AXES_FAILURE_LIMIT must be a whole number, not '{text}'"):
        env_int("AXES_FAILURE_LIMIT", 5, environ={"AXES_FAILURE_LIMIT": text})


def test_env_int_refuses_a_number_below_the_minimum():
    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT must be at least 1, not 0"):
        env_int("AXES_FAILURE_LIMIT", 5, minimum=1, environ={"AXES_FAILURE_LIMIT": "0"})
    assert env_int("AXES_FAILURE_LIMIT", 5, minimum=1, environ={"AXES_FAILURE_LIMIT": "1"}) == 1


def test_env_list_splits_on_commas_and_drops_blanks():
    environ = {"ALLOWED_HOSTS": " hub.example.org, ,www.hub.example.org ,"}
    assert env_list("ALLOWED_HOSTS", [], environ=environ) == ["hub.example.org", "www.hub.example.org"]


def test_env_list_returns_a_copy_of_the_default_when_absent():
    default = ["localhost"]
    result = env_list("ALLOWED_HOSTS", default, environ={})
    assert result == ["localhost"]
    result.append("changed")
    assert default == ["localhost"]


def test_env_list_refuses_a_wildcard_host():
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS must list real host names; '\\*' is not allowed"):
        env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "hub.example.org,*"})


def test_env_url_accepts_an_allowed_scheme_and_drops_a_trailing_slash():
    environ = {"SITE_URL": "https://hub.example.org/"}
    assert env_url("SITE_URL", None, schemes=("http", "https"), environ=environ) == "https://hub.example.org"


def test_env_url_returns_none_when_absent_without_default():
    assert env_url("REDIS_URL", None, schemes=("redis",), environ={}) is None


def test_env_url_refuses_another_scheme():
    with pytest.raises(
        ImproperlyConfigured, match="SITE_URL must start with one of http://, https://; got 'hub.example.org'"
    ):
        env_url("SITE_URL", None, schemes=("http", "https"), environ={"SITE_URL": "hub.example.org"})


def test_env_url_refuses_a_web_address_without_a_host():
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must include a host name"):
        env_url("SITE_URL", None, schemes=("http", "https"), environ={"SITE_URL": "https:///path"})


def test_env_url_keeps_non_web_addresses_as_given():
    environ = {"REDIS_URL": "redis://cache.internal:6379/1"}
    assert env_url("REDIS_URL", None, schemes=("redis",), environ=environ) == "redis://cache.internal:6379/1"


def test_email_settings_for_smtp_with_starttls_and_encoded_credentials():
    result = email_settings("smtp+tls://hub%40example.org:p%3Ass@mail.example.org:2525?from=hub@example.org")
    assert result == {
        "DEFAULT_FROM_EMAIL": "hub@example.org",
        "SERVER_EMAIL": "hub@example.org",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "hub@example.org",
        "EMAIL_HOST_PASSWORD": "p:ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 20,
    }


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://mail.example.org", 25, False, False),
        ("smtp+tls://mail.example.org", 587, True, False),
        ("smtp+ssl://mail.example.org", 465, False, True),
    ],
)
def test_email_settings_default_port_follows_the_scheme(url, port, tls, ssl):
    result = email_settings(url)
    assert (result["EMAIL_PORT"], result["EMAIL_USE_TLS"], result["EMAIL_USE_SSL"]) == (port, tls, ssl)
    assert result["EMAIL_HOST_USER"] == ""
    assert "DEFAULT_FROM_EMAIL" not in result


def test_email_settings_for_the_development_backends(tmp_path):
    assert email_settings("console://")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert email_settings("locmem://")["EMAIL_BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"
    folder = tmp_path / "mail"
    result = email_settings(f"file://{folder}")
    assert result == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder),
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://mail.example.org", "EMAIL_URL scheme 'ftp' is not supported"),
        ("smtp://", "EMAIL_URL must name the mail server"),
        ("smtp://mail.example.org:port", "EMAIL_URL has a port that is not a number"),
        ("file://", "EMAIL_URL file:// needs a folder path"),
    ],
)
def test_email_settings_refuse_unusable_addresses_with_a_clear_message(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        email_settings(url)
