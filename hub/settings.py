"""Settings for the Safeguarding Partnership Hub.

One module for every environment: each deployment value comes from the environment through the
strict helpers in ``hub.env``. Production fails closed: DEBUG is off unless asked for, and with
DEBUG off a missing SECRET_KEY, SITE_URL or ALLOWED_HOSTS stops start-up with a clear message.
"""

from __future__ import annotations

import base64
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from hub.env import email_settings, env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
TESTING = "pytest" in sys.modules or env_bool("HUB_TESTING", False)

# ``makemigrations`` only reads the models: it signs, serves and sends nothing, so it runs with the
# development defaults rather than asking for a secret key, hosts and a mail server.
MODELS_ONLY = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]
DEBUG = env_bool("DEBUG", False) or MODELS_ONLY

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests-" + "x" * 20

# The key that encrypts sensitive fields at rest (the NHS numbers of child death records): a
# Fernet key, 32 random bytes in URL-safe base64. Losing it loses those fields; see
# docs/operations/configuration.md before rotating it.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be set when DEBUG is off. Generate one with: "
            'python -c "import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"'
        )
    FIELD_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQtYW5kLXRlc3RzLW9ubHktbm90LXM="
try:
    if len(base64.urlsafe_b64decode(FIELD_ENCRYPTION_KEY.encode())) != 32:
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEY must be 32 random bytes in URL-safe base64 (44 characters ending in '=')."
    ) from None
# Keys used before a rotation, still accepted for reading until ``manage.py reencrypt_fields`` has run.
FIELD_ENCRYPTION_OLD_KEYS = env_list("FIELD_ENCRYPTION_OLD_KEYS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEBUG or TESTING) else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the Hub is served on when DEBUG is off.")

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000" if (DEBUG or TESTING) else None, schemes=("http", "https"))
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set (for example https://hub.example.org) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "hub.core",
    "hub.governance",
    "hub.training",
    "hub.website",
    "hub.scorecards",
    "hub.learning",
    "hub.restraint",
    "hub.reviews",
    "hub.tools",
    "hub.reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "hub.core.apps.HubUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers anonymous visitors from the page cache before sessions, users or CSP are touched.
    "hub.website.cache.AnonymousPageCacheMiddleware",
    # The site and settings every public page reads, from the cache (hub/website/fragments.py).
    "hub.website.fragments.SiteAndSettingsMiddleware",
    "hub.core.middleware.HubCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hub.core.middleware.IdleTimeoutMiddleware",
    "hub.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wagtail.contrib.settings.context_processors.settings",
                "hub.core.context_processors.hub",
            ],
            # GOV.UK-style formatting filters (govuk_time) are available in every template.
            "builtins": ["hub.core.templatetags.hub_format"],
        },
    },
]
FORM_RENDERER = "hub.core.forms.renderers.GovukFormRenderer"

# Database: SQLite under var/ by default; PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hub.sqlite3'}"
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address the Hub understands: {exc}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers queue instead of
    # failing on a lock upgrade; WAL lets readers carry on while one request writes. A connection is
    # kept between requests like PostgreSQL's: opening one reads the whole schema (about 10 ms for
    # the Hub's), and an idle connection outside a transaction holds no lock under WAL. Pages are
    # read through a memory map (up to 256 MiB, shared by every process through the OS's cache)
    # into a page cache of up to 32 MiB a connection: with SQLite's default 2 MiB a filtered list
    # of the resource library re-read over a thousand pages a request with one system call each.
    if _database["NAME"] and _database["NAME"] != ":memory:":
        # A fresh checkout has no var/ folder yet; SQLite will not create the folder itself.
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768;"
        ),
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    _database["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite (sqlite:///path) or PostgreSQL (postgres://...).")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and sign-in.
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hub.core.auth.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:account"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
EMAIL_VERIFICATION_MAX_AGE = 60 * 60 * 48

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
# Lock the account, not the address: practitioners in one agency often share an outgoing IP
# address, and locking it would shut out a whole office after one person's typing mistakes.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",  # lockout by username alone, on purpose (docs/decisions/0004-lockout-per-account.md)
    # HSTS preloading is a one-way commitment for the whole domain, often a council's, so it is left
    # to each deployment (SECURE_HSTS_PRELOAD); the reminder would otherwise fail the deploy check.
    "security.W021",
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Safeguarding Partnership Hub")

SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "hub_session"
CSRF_COOKIE_NAME = "hub_csrf"
CSRF_FAILURE_VIEW = "hub.core.views.pages.csrf_failure"
# Messages travel in the session rather than a cookie of their own, so the cookies page can promise
# only the two essential cookies above.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Business-unit staff and restricted roles are signed out after this long without a request.
STAFF_IDLE_TIMEOUT = timedelta(minutes=env_int("STAFF_IDLE_TIMEOUT_MINUTES", 30, minimum=1))

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if (DEBUG or TESTING) else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE is replaced by each response's nonce when a template used it (request.csp_nonce);
        # without it the layout's inline scripts would be blocked.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# E-mail.
_email_url = env_str("EMAIL_URL") or ("locmem://" if TESTING else "console://" if DEBUG else None)
if not _email_url:
    raise ImproperlyConfigured(
        "EMAIL_URL must be set when DEBUG is off, for example smtp+tls://user:pass@mail.example.org:587."
    )
globals().update(email_settings(_email_url))
DEFAULT_FROM_EMAIL = globals().get("DEFAULT_FROM_EMAIL", env_str("DEFAULT_FROM_EMAIL", "hub@localhost"))
SERVER_EMAIL = globals().get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Cache: Redis when REDIS_URL is given, local memory otherwise.
REDIS_URL = env_url("REDIS_URL", None, schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous visitors get public pages from the cache for up to this long after they were
# rendered; publishing clears it sooner (docs/operations/caching.md). 0 turns the cache off,
# the default under test so that one test's cached pages never answer another's requests.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if TESTING else 300, minimum=0)

# Background work: run at once in development and tests, through the database queue in production.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND")
        or (
            "django_tasks.backends.immediate.ImmediateBackend"
            if (DEBUG or TESTING)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Static and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "hub" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE_MB", 20, minimum=1) * 1024 * 1024

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Wagtail.
WAGTAIL_SITE_NAME = "Safeguarding Partnership Hub"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_DOCUMENT_MODEL = "website.HubDocument"
# Documents are checked by content (hub.website.documents); only PDFs open in the browser, every
# other kind downloads, and nothing is ever served inline as HTML or SVG.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "hub.website.documents.HubDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_SIZE
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "core:sign-in"
WAGTAIL_FRONTEND_LOGIN_URL = "core:sign-in"
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
