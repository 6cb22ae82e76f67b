"""Settings shared by every environment. dev, test and production import from here.

Everything that differs between machines comes from the environment:
DATABASE_URL (SQLite by default), SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL-like values.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from elearning.languages import register_extra_languages

register_extra_languages()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before wagtail so its page fields are patched first;
    # its makemigrations/migrate apps replace those commands to sync the Page columns.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "core",
    "elearning",
    "people",
    "courses",
    "offline",
    "scorm",
    "assessments",
    "cohorts",
    "certificates",
    "competencies",
    "planning",
    "evaluations",
    "editorial",
    "search",
    "notifications",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
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
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (static files are, by WhiteNoise's storage). BREACH: Django masks the CSRF token per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "elearning.middleware.SiteCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ApplicationErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    "elearning.csp.AdminContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "elearning.urls"

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
                "django.template.context_processors.i18n",
                "elearning.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "elearning.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'db.sqlite3')}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The laptop demo: a write transaction takes the write lock when it begins (IMMEDIATE), so two
    # requests that read then write queue for up to `timeout` seconds instead of failing with
    # "database is locked"; WAL lets readers go on while one request writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
# Django's own model permissions (used by the Wagtail admin), then the policies of core.permissions.
AUTHENTICATION_BACKENDS = [
    # First: refuses every login attempt of a locked-out account or address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "core.permissions.ModelPermissionBackend",
    "core.permissions.PolicyBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "courses:my_learning"
LOGOUT_REDIRECT_URL = "people:login"
# Whether anyone may create an account: off unless switched on (dev turns it on for the demo), so a
# ministry that assigns accounts never finds strangers in its headcounts.
ALLOW_SIGNUP = env_bool("ALLOW_SIGNUP", False)
# How long the link that confirms a new e-mail address stays valid.
EMAIL_CHANGE_MAX_AGE = timedelta(days=2)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name or from one
# address, that account or address is refused for AXES_COOLOFF_TIME; a success clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; a row per successful login is not needed
AXES_LOCKOUT_CALLABLE = "people.views.locked_out"
# Behind a reverse proxy set AXES_IPWARE_PROXY_COUNT (production reads it from the environment).
# Password-reset e-mails: at most this many per hour per requesting address and per target address.
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_WINDOW = timedelta(hours=1)

# Languages: Khmer and Lao first, English is the source language of content.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("km", _("Khmer")),
    ("lo", _("Lao")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["elearning.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Phnom_Penh"
LANGUAGE_COOKIE_NAME = "elearning_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "km", "lo")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# One page tree for every language: slugs and URL paths are shared, titles and bodies are translated.
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = []
# Serve straight from the apps' static folders when collectstatic has not run (demo, tests, benchmarks).
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Certificate PDFs live outside MEDIA_ROOT and are streamed only by a permission-checked view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
SCORM_ROOT = Path(os.environ.get("SCORM_ROOT", BASE_DIR / "scorm-packages"))  # served only by scorm.views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "certificates": {
        "BACKEND": "certificates.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}

WAGTAIL_SITE_NAME = "PES Learning"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The address people reach the site at, printed in certificate QR codes and verification links.
# Required in production; empty in development, where links follow the address serving the request.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
WAGTAIL_I18N_ENABLED = False  # content is translated field by field (modeltranslation), not by page copies
# Lao is offered too: Wagtail has no Lao catalogue (its own screens stay English), but the
# project's admin screens, forms and messages are translated into Lao.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("km", "ខ្មែរ"), ("lo", "ລາວ")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "csv", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatars from gravatar.com: the admin would send a hash of every officer's e-mail abroad.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Slow work (PDF rendering, imports, e-mail) runs as tasks; immediate unless a settings file says otherwise.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PES Learning <no-reply@example.org>")

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The shared cache: Redis when REDIS_URL is set (production, CI), local memory for the laptop demo.
# Keys are versioned (core.cache): a signal bumps a version and every process sees the change.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis cache, with one client per connection pool (core/redis_cache.py).
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "elearning"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "elearning"}}
CSRF_FAILURE_VIEW = "elearning.views.csrf_failure"

# Content-Security-Policy (django-csp 4): the site's own pages load scripts, styles, fonts and
# images from this site only; lesson videos come from the embed providers below. Inline style
# attributes (chart bars set CSS variables) are allowed, inline scripts are not. The Wagtail admin
# needs inline scripts and styles: elearning.csp.AdminContentSecurityPolicyMiddleware
# loosens the policy for /admin/ and /django-admin/ only.
VIDEO_EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "font-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_EMBED_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "frame-src": ["'self'", "https:"],
    "connect-src": ["'self'", "https://releases.wagtail.org"],  # the admin's "new version" notice
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The admin works offline (ministry offices often have no internet): no Gravatar avatar, no check
# for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The KM/LO/EN field toggles of the page editor keep the editor's last choice from form to form.
WAGTAILMODELTRANSLATION_LOCALE_PICKER_RESTORE = True

# Course evaluations: a group's answers are shown only when it holds at least this many (anonymity).
EVALUATION_MIN_ANSWERS = int(os.environ.get("EVALUATION_MIN_ANSWERS", "5"))
