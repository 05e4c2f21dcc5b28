"""Ruqsat settings: every value comes from the environment (API.md lists them), with embedded
defaults so that `make run` works on a fresh machine without any server."""

import datetime as dt
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RUQSAT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: it patches the admin's forms for the translated fields (permits/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    # Not rest_framework.authtoken: API tokens are accounts.ApiToken (hashed, named, expiring).
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "auditlog",
    "config",  # project-wide wiring: the audit trail, the rule for stored text
    "accounts",
    "organizations",
    "messenger",  # the Telegram channel: linked chats and the Bot API client
    "permits",
    "appeals",
    "reminders",
    "reports",
    "imports",  # above appeals: a history row becomes an application, its decision and its appeal
    # Above the domain apps: they read (and privacy erases) all of them.
    "audit",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-store on everything Django answers (a seized phone's browser cache keeps
    # no page). After whitenoise, so static files keep their caching; outside everything else, so
    # error pages, redirects and refusals from the middleware below are covered too.
    "config.cache_control.NoStoreMiddleware",
    # Every log-out's answer tells the browser to drop what it keeps of the site (a seized phone).
    "config.clear_site_data.ClearSiteDataOnLogoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL in the path, query, headers or form is a 400 before any view or lookup, the session's
    # and the user's included (config/bad_input.py); after LocaleMiddleware for the message's language.
    "config.bad_input.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail's actor is the request's user (config/audit.py registers the models).
    "auditlog.middleware.AuditlogMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: members of a group that requires two-factor set it up first.
    "accounts.middleware.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The navbar bell's unread count (one query, only when a page shows it).
                "reminders.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ruqsat.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A newcomer's `make run` has the web server and the Celery worker writing to one file. SQLite's
    # default (DEFERRED) transactions take the write lock only at their first write, and a reader
    # that must upgrade while another writes fails at once with "database is locked", whatever the
    # timeout: IMMEDIATE takes the lock up front, so writers wait their turn for up to `timeout`
    # seconds instead. WAL lets the pages read while a task writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
# Sign-up and password reset say nothing about which addresses have an account (ASVS 5.0 V6.3):
# signing up with a registered address creates nothing, mails its owner and answers as a fresh
# sign-up does ("check your email"). That holds only if a fresh account cannot log in before its
# address is verified, or logging in afterwards would tell the two apart: hence "mandatory".
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
# Confirming the address in the browser that signed up finishes that sign-up's log-in, and goes on
# to where it was headed (an invitation, say); allauth does so only within that session.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The client's address is the entry of X-Forwarded-For written by the last of this many proxies of
# ours (allauth's setting; DRF's NUM_PROXIES below follows it). 0: no proxy is trusted and the
# header is ignored — a forged one must not hand an attacker a new address per request.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"ALLAUTH_TRUSTED_PROXY_COUNT must be 0 or more, not {ALLAUTH_TRUSTED_PROXY_COUNT}.")
# Failed log-ins (ASVS 5.0 V6.3, accounts/login_lock.py): per address, at most 10 a minute and 60
# an hour, across accounts; per account *from one address* ("key"), 5 failures in 15 minutes lock
# that address out of it until the oldest is 15 minutes old. The owner still logs in from elsewhere,
# and is mailed a one-time link that lifts the lock.
ACCOUNT_RATE_LIMITS = {"login_failed": env_str("LOGIN_FAILED_RATE_LIMITS", "10/m/ip,60/h/ip,5/15m/key")}
# Two-factor (allauth.mfa): an authenticator app and recovery codes. A group can require it
# (Organization.require_two_factor, enforced by accounts.middleware.TwoFactorRequiredMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Ruqsat"

# Internationalization: English, Russian and Kazakh (see issue on localization).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("kk", _("Kazakh"))]
# locale/ first: our own strings (makemessages extracts into it). Then locale_vendor/: Kazakh (and any
# missing Russian) for the strings of allauth and Django that Ruqsat's pages show — allauth ships no
# Kazakh. Both take precedence over the packages' own catalogues; makemessages never writes to the
# second (README, "Translations").
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
FORMAT_MODULE_PATH = ["config.formats"]
SERIALIZATION_MODULES = {"exact_json": "config.serializers.exact_json"}
# Seeded data (refusal reasons, jurisdictions, authorities, deadline rules) in the three languages
# (django-modeltranslation, permits/translation.py): English is the original column; a row without a
# Russian or Kazakh text shows the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# A row someone adds (an authority typed in Russian) gets its text in the English column too, so
# that it reads the same in every language instead of blank in the others.
MODELTRANSLATION_AUTO_POPULATE = "default"
# Time zones come from the pinned `tzdata` package (requirements.txt), never from the system's tz
# database, which zoneinfo would read first: Kazakhstan moved to one zone, UTC+5, on 1 March 2024
# (tzdata 2024a), and a server with an older copy would end a 2025 Almaty deadline an hour early.
# Here because every entry point (manage.py, WSGI, Celery, pytest) loads the settings first.
zoneinfo.reset_tzpath(to=())
zoneinfo.ZoneInfo.clear_cache()
TIME_ZONE = env_str("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Documents are private: they live under MEDIA_ROOT but no URL serves that directory; the
# permission-checked document view streams them (see permits.views.documents).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "documents", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: the embedded default writes each message to var/mail/ and echoes it on the console.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "config.mail.FileAndConsoleEmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ruqsat <noreply@ruqsat.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Telegram (messenger/): without a bot token the channel is not offered at all. Updates arrive at
# /telegram/webhook/ with TELEGRAM_WEBHOOK_SECRET in X-Telegram-Bot-Api-Secret-Token
# (`manage.py telegram_webhook` registers it); the API's address is a setting for the tests' fake.
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_URL = env_str("TELEGRAM_API_URL", "https://api.telegram.org")
TELEGRAM_WEBHOOK_SECRET = env_str("TELEGRAM_WEBHOOK_SECRET")
# The bot's @name for the deep links; asked of Telegram (getMe) when empty.
TELEGRAM_BOT_USERNAME = env_str("TELEGRAM_BOT_USERNAME")
TELEGRAM_TIMEOUT_SECONDS = env_int("TELEGRAM_TIMEOUT_SECONDS", 10)
TELEGRAM_LINK_MINUTES = env_int("TELEGRAM_LINK_MINUTES", 15)
if TELEGRAM_BOT_TOKEN and not TELEGRAM_WEBHOOK_SECRET:
    raise ImproperlyConfigured("TELEGRAM_WEBHOOK_SECRET (1–256 of A–Z a–z 0–9 _ -) must be set with the token.")

# Celery: Redis in production; a broker kept in files under var/ for `make run`.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Without this kombu keeps its exchange table in ./control, relative to the current directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # kombu looks at the folder once a second by default: with tasks acked one at a time, a
        # worker then runs at most about one task a second per process, however short the tasks.
        "polling_interval": 0.2,
    }
    # kombu's filesystem transport, writing each message atomically (config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:AtomicFilesystemTransport"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Work queued on commit (config.celery.enqueue_on_commit) that fails to queue is logged, not raised:
# the request's own writes stand. The test settings raise instead, so no failure hides in a log line.
ROBUST_ON_COMMIT = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Reminders (reminders/sweep.py): sent at REMINDER_SEND_TIME in each recipient's zone; the sweep
# claims REMINDER_CLAIM_BATCH rows at a time (each batch is read and checked in a few queries) and
# renews their lease whenever less than three quarters of it remains, so the lease need only
# outlast one slow send.
try:
    REMINDER_SEND_TIME = dt.time.fromisoformat(env_str("REMINDER_SEND_TIME", "09:00"))
except ValueError:
    raise ImproperlyConfigured(f"REMINDER_SEND_TIME must be HH:MM, got {env_str('REMINDER_SEND_TIME')!r}") from None
REMINDER_SWEEP_INTERVAL_SECONDS = env_int("REMINDER_SWEEP_INTERVAL_SECONDS", 60)
REMINDER_CLAIM_BATCH = env_int("REMINDER_CLAIM_BATCH", 100)
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 10 * 60)
REMINDER_RETRY_BASE_SECONDS = env_int("REMINDER_RETRY_BASE_SECONDS", 60)
REMINDER_RETRY_MAX_SECONDS = env_int("REMINDER_RETRY_MAX_SECONDS", 60 * 60)
REMINDER_FAILURE_REPORT_AFTER_SECONDS = env_int("REMINDER_FAILURE_REPORT_AFTER_SECONDS", 24 * 60 * 60)
REMINDER_RECONCILE_INTERVAL_SECONDS = env_int("REMINDER_RECONCILE_INTERVAL_SECONDS", 60 * 60)
# GET /healthz answers 503 when the last sweep finished longer ago than this, or the broker does
# not answer within HEALTH_BROKER_TIMEOUT_SECONDS.
HEALTH_MAX_SWEEP_AGE_SECONDS = env_int("HEALTH_MAX_SWEEP_AGE_SECONDS", 5 * 60)
HEALTH_BROKER_TIMEOUT_SECONDS = env_int("HEALTH_BROKER_TIMEOUT_SECONDS", 2)
if min(REMINDER_CLAIM_BATCH, REMINDER_LEASE_SECONDS, REMINDER_SWEEP_INTERVAL_SECONDS) < 1:
    raise ImproperlyConfigured(
        "REMINDER_CLAIM_BATCH, REMINDER_LEASE_SECONDS and REMINDER_SWEEP_INTERVAL_SECONDS must be >= 1."
    )
# Celery beat: the sweep every minute, the hourly reconcile as a safety net for lost enqueues. A
# sweep or reconcile queued while no worker ran expires rather than running late in a pile. Both are
# safe with a beat on every machine: the sweep claims rows, the reconcile claims its period.
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "reminders.sweep",
        "schedule": float(REMINDER_SWEEP_INTERVAL_SECONDS),
        "options": {"expires": max(REMINDER_SWEEP_INTERVAL_SECONDS - 1, 1)},
    },
    # The summaries (reminders.digest): each claimed per person and period, so beats may overlap.
    "reminders-send-digests": {
        "task": "reminders.send_digests",
        "schedule": 15 * 60.0,
        "options": {"expires": 14 * 60},
    },
    "reminders-reconcile": {
        "task": "reminders.reconcile",
        "schedule": float(REMINDER_RECONCILE_INTERVAL_SECONDS),
        "options": {"expires": max(REMINDER_RECONCILE_INTERVAL_SECONDS * 5 // 6, 1)},
    },
}
CELERY_TIMEZONE = "UTC"

REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate header from the first class, and without one it
    # answers 403 instead of the 401 API.md promises for missing or revoked credentials.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.AuditedTokenAuthentication",  # the token user is the audit trail's actor
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # JSON only: the browsable API's pages need inline script, which the CSP forbids; people
    # read the API at /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# API tokens (accounts.ApiToken): a new token lives API_TOKEN_LIFETIME_DAYS unless its creator
# picks another lifetime, never more than a year: a forgotten key must not stay a way in for good.
API_TOKEN_MAX_LIFETIME_DAYS = 366
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 90)
if not 1 <= API_TOKEN_LIFETIME_DAYS <= API_TOKEN_MAX_LIFETIME_DAYS:
    raise ImproperlyConfigured(
        f"API_TOKEN_LIFETIME_DAYS must be between 1 and {API_TOKEN_MAX_LIFETIME_DAYS}, got {API_TOKEN_LIFETIME_DAYS}."
    )

# JSON bodies nested deeper than any real object are a 400, not a RecursionError (config/parsers.py).
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "config.parsers.BoundedJSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]
SPECTACULAR_SETTINGS = {
    "TITLE": "Ruqsat API",
    "DESCRIPTION": "Permit applications for public assemblies, their deadlines and appeals.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name for a choice set used by several fields (organization my_role, member role).
    # The timeline returns every kind and takes only those people add by hand (config.api.PartlyWritableChoiceField).
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "organizations.models.Membership.Role",
        "EventTypeEnum": "permits.models.EventType",
        "TimelineEntryKindEnum": "permits.models.TimelineEntry.Kind",
        "ManualTimelineEntryKindEnum": "permits.models.TimelineEntry.manual_kind_choices",
        # Two sets of "language" fields: the site's languages and a filing's (ru, kk only).
        "LanguageEnum": LANGUAGES,
        "FilingLanguageEnum": "permits.filing.answers.FILING_LANGUAGE_CODES",
    },
}
# Every operation documents the 400 the edge may answer (config/bad_input.py, config/parsers.py).
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums",
    "config.api_schema.document_bad_request_everywhere",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_personal_data": {"()": "config.log_privacy.PersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_personal_data"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's defaults give "django" handlers of their own, without the filter (its console under
    # DEBUG, i.e. `make run`, and mail to ADMINS): its records go through the root's instead.
    # ("django.server" keeps its own: runserver's request lines, never in production.)
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # httpx logs each request's URL at INFO, and a Bot API URL holds the bot's token.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

DEFAULT_EXCEPTION_REPORTER_FILTER = "config.log_privacy.NoPersonalDataExceptionReporterFilter"

# Caches hold the log-in rate limits, account lock-outs and API throttles: with several web
# processes they must share one (CACHE_URL=redis://…), or each process counts failures on its own.
CACHE_URL = env_str("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://…, rediss://… or locmem://, not {CACHE_URL!r}.")

# Audit trail (django-auditlog; the models are registered in config/audit.py). No IP addresses:
# a record of where activists connected from is exactly what must not leak. No client-supplied
# correlation id either: it would be stored unchecked (and a long one breaks the insert).
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_CID_HEADER = None

# Backups (privacy/backup.py) are encrypted to these age public keys ("age1…", comma-separated): the
# server can write them and not read them. BACKUP_PASSPHRASE instead suits a small site (in memory).
BACKUP_RECIPIENTS = env_str("BACKUP_RECIPIENTS")
BACKUP_PASSPHRASE = env_str("BACKUP_PASSPHRASE")

# --- Security (Django deployment checklist; OWASP ASVS level 2) ------------------------------
# Production is HTTPS-only; DEBUG (make run) serves plain HTTP on 127.0.0.1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Behind a reverse proxy that terminates TLS and sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends after a day without activity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 24 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True

# API throttling: per user for token and session callers, per address for anonymous ones. A
# member of a group that requires two-factor and has none gets 403 from the API too.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "rest_framework.throttling.AnonRateThrottle",
    "rest_framework.throttling.UserRateThrottle",
]
# Anonymous callers are told apart by the same client address as log-in (DRF's default, None,
# would take a forged X-Forwarded-For as the address).
REST_FRAMEWORK["NUM_PROXIES"] = ALLAUTH_TRUSTED_PROXY_COUNT
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": env_str("API_THROTTLE_ANON", "60/minute"),
    "user": env_str("API_THROTTLE_USER", "600/minute"),
}
REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] = [
    *REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"],
    "accounts.permissions.TwoFactorWhenRequired",
]

# Content-Security-Policy (django-csp): no inline script or style anywhere, nothing from another
# origin — Bootstrap and the API docs are served from static/. `data:` images are Bootstrap's
# own SVG icons embedded in its CSS.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
        # The home-screen manifest and the service worker (config/pwa.py), both from /.
        "manifest-src": [_SELF],
        "worker-src": [_SELF],
    }
}
