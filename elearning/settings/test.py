"""Test settings: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
SCORM_ROOT = BASE_DIR / ".test-scorm-packages"  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if os.environ.get("TEST_DATABASE_NAME"):  # lets several checkouts test on one PostgreSQL server at once
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"  # noqa: F405
STORAGES["certificates"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
ALLOW_SIGNUP = True  # the sign-up tests need it; test_settings checks production's default
