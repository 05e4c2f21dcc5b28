"""Settings for the test suite: the production settings with test-friendly environment defaults.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so CI runs the same suite on
PostgreSQL and Redis (see .ci/run)."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; never outside tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The test client and the browser tests' live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files straight from static/ (no collectstatic before tests; the e2e server needs them).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Failures that production only logs raise in tests (issue 14, item 7): a task queued on commit or
# run eagerly that raises fails the test that caused it (tests/conftest.py also fails a test that
# logged an ERROR it did not declare).
ROBUST_ON_COMMIT = False
CELERY_TASK_EAGER_PROPAGATES = True
