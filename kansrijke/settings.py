"""Settings for Kansrijke Start coalitiebeheer: one file, read from the environment.

Every value comes from an environment variable (or an optional `.env` file beside manage.py)
with a default that is safe for development. docs/operations.md lists the variables.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# pytest imports the settings itself; a test run never needs a production secret.
TESTING = "pytest" in sys.modules
# Commands that only read the code (never sign, hash or serve anything) run without a secret,
# so `manage.py makemigrations --check` works in any checkout and CI step.
CODE_ONLY_COMMAND = sys.argv[1:2] == ["makemigrations"]

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
    if not (DEBUG or TESTING or CODE_ONLY_COMMAND):
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt of is onveilig. Zet een lange willekeurige SECRET_KEY in de "
            "omgeving, of DEBUG=true voor ontwikkeling."
        )
    SECRET_KEY = "django-insecure-development-only-never-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "common",
    "kansrijke",
    "kansrijke.notifications",
    # The open data API (issue 18); "ninja" serves Swagger UI from static files, not a CDN.
    "ninja",
    "kansrijke.api",
    "coalitions",
    "partners",
    "pijlers",
    "experiments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # TRACE, PUT, OPTIONS... answer 405 everywhere, static files included (kansrijke/middleware.py).
    "kansrijke.middleware.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages for logged-in users and the workspace/admin: `Cache-Control: private, no-store`.
    "kansrijke.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Puts the user and URL of every request into the audit trail of pghistory's triggers.
    "pghistory.middleware.HistoryMiddleware",
    # Lets the audit log of admin exports know who exported (kansrijke/audit.py).
    "kansrijke.audit.CurrentRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the Dutch lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kansrijke.urls"
WSGI_APPLICATION = "kansrijke.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kansrijke.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL when set, otherwise the embedded PostgreSQL under .data/pg.
EMBEDDED_PGDATA = Path(env.str("EMBEDDED_PGDATA", default=str(BASE_DIR / ".data" / "pg")))
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from kansrijke import embedded_db

    DATABASES = {"default": embedded_db.start(EMBEDDED_PGDATA)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A restarted database server must not need a restarted app.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's own, with a Dutch message (see kansrijke/validators.py).
        "NAME": "kansrijke.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "coalitions:workspace"
LOGOUT_REDIRECT_URL = "coalitions:public_list"

LANGUAGE_CODE = "nl"
# Dutch only: the UI has no English translations, so offering "en" gave English browsers
# lang="en" on Dutch pages with Django's own messages (form errors) in English.
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Private files (agreement PDFs, staged imports; common/storage.py): an S3-compatible bucket
# when AWS_STORAGE_BUCKET_NAME is set (AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY), else the folder PRIVATE_MEDIA_ROOT. Served only through views that
# check permissions; there is no MEDIA_URL on purpose.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    PRIVATE_STORAGE = {
        "BACKEND": "common.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": None,
            # Names are random already; never silently replace an object that exists.
            "file_overwrite": False,
            # Downloads are buffered in memory (0: never spilled to a temporary file on disk).
            "max_memory_size": 0,
        },
    }
else:
    PRIVATE_STORAGE = {"BACKEND": "common.storage.LocalPrivateStorage"}
# Hashed names in production; plain files in development and under the live test server.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Agreement PDFs (experiments/storage.py hands the field's calls to this one).
    "private": PRIVATE_STORAGE,
    # Import files waiting for their check and confirmation: private, and shared by every
    # instance (web and worker), unlike a temporary folder (common.import_jobs).
    "import_export": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Largest agreement PDF an editor may upload (bytes); bigger files are refused with a message.
AGREEMENT_PDF_MAX_BYTES = env.int("AGREEMENT_PDF_MAX_BYTES", default=10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-import-export: one transaction per import, nothing written when a row is bad.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Without these, any staff user who can open a list may import into it (import-export's
# default): an import needs the change right, an export the view right.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Exports escape formulae through common.spreadsheets (import-export's own setting would drop a
# leading "=" and change the data), so IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off.
# Files of this many rows or more are checked and imported by the worker (common.import_jobs).
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=500)
# The background queue: django-tasks' database backend, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The map's tile server; the page stays usable without it.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="&copy; OpenStreetMap-bijdragers")
_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))

# Security headers (see docs/operations.md, "Beveiliging").
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Leaflet and Bootstrap set element styles; styles cannot run code.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", _tile_origin],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# `make bench` only: a one-query view that shows what Django itself can do on this machine.
BENCH_MINIMAL_VIEW = env.bool("BENCH_MINIMAL_VIEW", default=False)


# --- Security, privacy and reliability (issue 9; docs/operations.md "Beveiliging") ---

# Login lock-out (django-axes, kansrijke/lockout.py): after AXES_FAILURE_LIMIT wrong passwords
# for one username from one address, that combination is locked for AXES_COOLOFF_HOURS; after
# AXES_ADDRESS_FAILURE_LIMIT wrong passwords on any usernames, the address is. The address limit
# is high because a whole town hall may share one address; locking the username everywhere
# would let anyone lock out any colleague. The test client's `client.login()` calls authenticate()
# without a request, which axes refuses, so tests run with axes off unless a test switches it
# on (tests/security/test_login_protection.py does).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=not TESTING)
LOGIN_FAILURE_LIMIT_PER_USERNAME = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_FAILURE_LIMIT = "kansrijke.lockout.failure_limit"
AXES_HANDLER = "kansrijke.lockout.LockoutHandler"
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    # The client's address is the first one in X-Forwarded-For set by our own proxy.
    AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=1)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Optional single sign-on (mozilla-django-oidc) with a municipality's own identity provider:
# on only when OIDC_RP_CLIENT_ID is set. Users are matched on e-mail address and are not
# created automatically (OIDC_CREATE_USER=false): roles are still given in the admin.
OIDC_ENABLED = bool(env.str("OIDC_RP_CLIENT_ID", default=""))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("mozilla_django_oidc.auth.OIDCAuthenticationBackend")
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
    OIDC_CREATE_USER = env.bool("OIDC_CREATE_USER", default=False)
    OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
    OIDC_LOGIN_LABEL = env.str("OIDC_LOGIN_LABEL", default="Inloggen met uw organisatieaccount")
    LOGIN_REDIRECT_URL_FAILURE = "login"
    # Tells an unknown person, in Dutch, why the login failed (kansrijke/accounts/oidc.py).
    OIDC_CALLBACK_CLASS = "kansrijke.accounts.oidc.CallbackView"

# --- E-mail, team, accounts and notifications (issue 21; docs/operations.md "E-mail") ---
# EMAIL_URL configures Django's mail backend (django-environ): smtp+tls://user:pass@host:587,
# smtp://host:25; the default prints mails on the console (make run). Tests use locmem.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kansrijke Start <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Links in mails sent without a request (manage.py send_notifications): scheme and host.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A password-reset link works this long (Django's setting; seconds).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

# Audit log (kansrijke.models.AuditLogEntry): logins, failed logins, exports, erasures; changes
# are pghistory's events. `manage.py purge_audit_log` removes entries older than this.
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=2 * 365)
# The admin's "Wijzigingen" page: every change with the user and the page that made it,
# filterable by period and user and exportable as CSV.
PGHISTORY_ADMIN_MODEL = "coalitions.AuditEvent"
PGHISTORY_ADMIN_CLASS = "kansrijke.admin.ChangeEventsAdmin"

# Backups (manage.py backup / restore): pg_dump and pg_restore from PG_BIN_DIR, else the ones
# that come with the embedded PostgreSQL, else the ones on PATH.
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / ".data" / "backups")))

# HSTS preload binds the whole domain (often the municipality's own) to HTTPS in browsers for
# good and is hard to undo: the operator opts in with SECURE_HSTS_PRELOAD=true; until then
# `check --deploy` should not nag about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

if TESTING:
    # Tests create many users; PBKDF2's deliberate slowness costs ~0.3 s per user there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Scale out (issue 20; docs/operations.md "Meerdere instanties") -------------------------
# Several instances behind a load balancer share everything through services: the database,
# the private files (PRIVATE_STORAGE above), the cache and the sessions; nothing else is
# written to local disk at run time.

# The cache shared by every instance through CACHE_URL (redis://host:6379/0, Redis or Valkey);
# without it each process keeps its own in memory (fine for one process, `make run`).
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A cache that does not answer must fail fast, not hang every request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions in the database: every instance sees every login, and a restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A database that does not answer makes /readyz fail within seconds instead of hanging.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
)

# Health (kansrijke/health.py): /healthz and /readyz, answered before the host check, the
# HTTPS redirect, login, lock-out, metrics and logging: probes come from the pod network.
MIDDLEWARE.insert(0, "kansrijke.health.HealthCheckMiddleware")

# Metrics (kansrijke/metrics.py): Prometheus at /metrics for `Authorization: Bearer
# METRICS_TOKEN`; absent (404) without a token. Several gunicorn workers in one container
# share their counters through PROMETHEUS_MULTIPROC_DIR (deploy/gunicorn.conf.py).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
INSTALLED_APPS.append("django_prometheus")
MIDDLEWARE.insert(1, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")

# Logs (kansrijke/logs.py): JSON lines on stdout (LOG_FORMAT=text for people), every line with
# the request id (X-Request-ID from the caller, or made here, echoed in the response), and one
# access line per request when ACCESS_LOG is on (gunicorn's own access log stays off).
MIDDLEWARE.insert(2, "kansrijke.logs.RequestIdMiddleware")
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kansrijke.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "kansrijke.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "kansrijke.access": {
            "level": "INFO" if env.bool("ACCESS_LOG", default=not (DEBUG or TESTING)) else "WARNING"
        },
    },
}

# --- Open data API (issue 18; docs/operations.md "Open data-API") ---
# Requests per client address (proxy-aware, as the login lock-out counts them) to /api/, in
# django-ninja's notation: "60/m" is sixty a minute. Counted in the shared cache.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="60/m")

# --- Exact page caching (issue 19; docs/development.md "Page caches") ---
# Rendered fragments of the heavy pages live in the cache above under versions the database
# bumps (common/page_cache.py), so they are never stale; this only bounds how long an unused
# one takes memory. The local date is part of every key, so a day is enough.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60)
