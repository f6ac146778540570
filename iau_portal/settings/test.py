"""Tests: SQLite unless DATABASE_URL is set; fast hashing; mail kept in memory; Celery runs tasks inline.

Integration tests that need the real broker or SMTP server switch these off for themselves.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
SITE_URL = "https://portal.test"
ALLOWED_HOSTS = ["*"]
ACCOUNT_RATE_LIMITS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "apps.core.storage.PrivateStorage"},
}
MEDIA_ROOT = env("TEST_MEDIA_ROOT", default="/tmp/iau-portal-test-media")
