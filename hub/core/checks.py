"""System checks for settings that are individually valid but wrong together."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    problems = []
    if not settings.DEBUG and not settings.SITE_URL.startswith("https://"):
        problems.append(
            Warning(
                "SITE_URL does not use https:// while DEBUG is off.",
                hint="Serve the Hub over TLS and set SITE_URL to its https:// address.",
                id="hub.W001",
            )
        )
    if not settings.DEBUG and settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend")):
        problems.append(
            Warning(
                "E-mail is not being delivered: EMAIL_URL is console:// or locmem:// while DEBUG is off.",
                hint="Set EMAIL_URL to your mail server, for example smtp+tls://user:pass@mail.example.org:587.",
                id="hub.W002",
            )
        )
    return problems


@register(Tags.database)
def check_sqlite_mode(app_configs, **kwargs):
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and database.get("OPTIONS", {}).get("transaction_mode") != "IMMEDIATE":
        return [
            Error(
                "SQLite must use IMMEDIATE transactions so concurrent bookings cannot fail or overbook.",
                id="hub.E001",
            )
        ]
    return []
