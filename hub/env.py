"""Strict readers for settings taken from the environment.

Each helper raises ``ImproperlyConfigured`` with a message naming the variable when a value is
present but unusable, so a mistyped deployment stops at start-up instead of running wrongly.
A ``NAME_FILE`` variable may hold the path of a file containing the value (for secrets).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, environ=os.environ) -> str | None:
    file_name = environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to {file_name!r}, which cannot be read: {exc}") from exc
    value = environ.get(name)
    if value is None:
        return default
    return value.strip()


def env_bool(name: str, default: bool, *, environ=os.environ) -> bool:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None, environ=os.environ) -> int:
    value = env_str(name, environ=environ)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str], *, environ=os.environ) -> list[str]:
    value = env_str(name, environ=environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if "*" in items:
        raise ImproperlyConfigured(f"{name} must list real host names; '*' is not allowed.")
    return items


def env_url(name: str, default: str | None, *, schemes: tuple[str, ...], environ=os.environ) -> str | None:
    value = env_str(name, default, environ=environ)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name} must start with one of {', '.join(s + '://' for s in schemes)}; got {value!r}."
        )
    if parts.scheme in {"http", "https"} and not parts.netloc:
        raise ImproperlyConfigured(f"{name} must include a host name; got {value!r}.")
    return value.rstrip("/") if parts.scheme in {"http", "https"} else value


def email_settings(url: str) -> dict:
    """Translate ``EMAIL_URL`` into Django e-mail settings.

    Supported: ``smtp://user:password@host:port`` (``smtp+tls://`` for STARTTLS, ``smtp+ssl://``
    for implicit TLS), ``console://``, ``locmem://`` and ``file:///path/to/folder``.
    A ``from`` query parameter sets ``DEFAULT_FROM_EMAIL``.
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    settings: dict = {}
    if "from" in query:
        settings["DEFAULT_FROM_EMAIL"] = query["from"][0]
        settings["SERVER_EMAIL"] = query["from"][0]
    if parts.scheme == "console":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    elif parts.scheme == "locmem":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    elif parts.scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL file:// needs a folder path, for example file:///var/mail/hub.")
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        settings["EMAIL_FILE_PATH"] = parts.path
    elif parts.scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL must name the mail server; got {url!r}.")
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
        settings["EMAIL_HOST"] = parts.hostname
        try:
            settings["EMAIL_PORT"] = parts.port or (
                465 if parts.scheme == "smtp+ssl" else 587 if parts.scheme == "smtp+tls" else 25
            )
        except ValueError:
            raise ImproperlyConfigured(f"EMAIL_URL has a port that is not a number: {url!r}.") from None
        settings["EMAIL_HOST_USER"] = unquote(parts.username or "")
        settings["EMAIL_HOST_PASSWORD"] = unquote(parts.password or "")
        settings["EMAIL_USE_TLS"] = parts.scheme == "smtp+tls"
        settings["EMAIL_USE_SSL"] = parts.scheme == "smtp+ssl"
        settings["EMAIL_TIMEOUT"] = 20
    else:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not supported; "
            "use smtp, smtp+tls, smtp+ssl, console, locmem or file."
        )
    return settings
