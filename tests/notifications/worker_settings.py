"""Settings for a real Celery worker started by an integration test (tests/notifications/test_worker.py).

The test's own settings, except that the worker uses the test's database, a real broker (REDIS_URL)
and the test's SMTP server, and reads the test's reminder source. Values come from the environment.
"""

import os

from iau_portal.settings.test import *  # noqa: F403
from iau_portal.settings.test import DATABASES

CELERY_TASK_ALWAYS_EAGER = False
DATABASES["default"]["NAME"] = os.environ["IAU_TEST_DATABASE_NAME"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["IAU_TEST_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = float(os.environ.get("IAU_TEST_EMAIL_TIMEOUT", "5"))
OUTBOX_STUCK_AFTER_SECONDS = int(os.environ.get("IAU_TEST_STUCK_AFTER_SECONDS", "600"))
NOTIFICATION_SOURCE_MODULES = ["tests.notifications.sources"]
