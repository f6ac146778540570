"""Settings shared by every environment. Values come from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# Where links in emails point. Mail is built outside any request, so it cannot guess the host.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "simple_history",
    # Our apps, in dependency order: each may use the ones above it, never below.
    "apps.core",
    "apps.accounts",
    "apps.people",
    "apps.communities",
    "apps.involvement",
    "apps.publications",
    "apps.seminars",
    "apps.impact",  # "you said, we did": uses involvement
    "apps.pages",
    "apps.notifications",
    "apps.staff",  # the staff area: reads every app above it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Cache-Control: no-store on personal, staff and admin responses; Permissions-Policy everywhere.
    "apps.accounts.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff: sessions that time out, and a second factor before the admin or a staff page opens.
    "apps.accounts.middleware.StaffSessionTimeoutMiddleware",
    "apps.accounts.middleware.StaffSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "iau_portal.urls"
WSGI_APPLICATION = "iau_portal.wsgi.application"

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
                "apps.core.context_processors.site",
            ],
        },
    },
]

FORM_RENDERER = "apps.core.forms.PortalFormRenderer"
# Web addresses typed without a scheme are taken as https (Django 6's default, adopted now).
FORMS_URLFIELD_ASSUME_HTTPS = True

# The embedded default is a SQLite file so that `make demo` needs no services.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to the same file: wait for the lock instead of failing,
    # and take the write lock at the start of a transaction so two writers never deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Both backends grant permissions only to active staff accounts (apps/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "apps.accounts.backends.ActiveStaffModelBackend",
    "apps.accounts.backends.PortalAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: email is the login; sign-up is closed (staff invite members); patients who forget
# passwords can sign in with a code sent by email.
SITE_ID = 1
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "apps.accounts.forms.PortalLoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "IAU Portal: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes. Staff must have one
# before the admin or a staff page opens (apps.accounts.middleware); members may turn it on at /me/.
MFA_ADAPTER = "apps.accounts.adapters.MFAAdapter"
MFA_FORMS = {"activate_totp": "apps.accounts.forms.PortalActivateTOTPForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IAU Portal"
# One 30-second step either side, for phones whose clocks drift a little.
MFA_TOTP_TOLERANCE = 1
# Changing email, password or two-factor sign-in asks for the password (or a code) again first.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("ACCOUNT_REAUTHENTICATION_TIMEOUT", default=5 * 60)
# Staff sessions end after this long without a request, and this long after signing in, whatever
# "keep me signed in" says. Members' sessions are not affected.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 60 * 60)
# Pages where staff use their staff powers (regular expressions over the path): a staff account needs a
# second factor, used in this session, before any of them opens. Members are never asked.
STAFF_AREA_PATHS = [
    r"^/admin/",
    r"^/staff/",
    r"^/involvement/finance/",
    r"^/publications/import/",
    r"^/communities/[^/]+/manage/",
]
# The TOTP secret every demo staff account gets from `manage.py seed_demo` (base32, 32+ characters).
# Add it to an authenticator app to sign in to the demo as staff. Never used outside the demo.
DEMO_TOTP_SECRET = env("DEMO_TOTP_SECRET", default="IAUDEMOSTAFFTWOFACTORSECRETK7MQ4")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Email: EMAIL_URL is a django-environ email URL (smtp://, smtp+tls://, consolemail://, filemail://).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IAU Portal <portal@iau.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where mail about the unit's own work goes (new applications, expense claims).
COORDINATOR_EMAIL = env("COORDINATOR_EMAIL", default="involvement@iau.example")
# Where replies to the portal's emails go (emails invite people to reply).
REPLY_TO_EMAIL = env("REPLY_TO_EMAIL", default=COORDINATOR_EMAIL)

# Plain language: the UK reading age public texts should not exceed (apps.core.readability). Staff see
# each text's reading age in the admin; /staff/readability/ lists published texts above this age.
READABILITY_TARGET_AGE = env.int("READABILITY_TARGET_AGE", default=12)

# Celery. With REDIS_URL set, Redis is the broker. Without it the broker is a folder on disk (kombu's
# filesystem transport), so a newcomer's `make demo` runs a real worker and beat with no services.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _queue_folder = BASE_DIR / "var" / "celery-queue"
    # The folders must exist before anything queues a task (a web request, a management command).
    for _folder in ("celery-queue", "celery-processed", "celery-control"):
        (BASE_DIR / "var" / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_folder),
        "data_folder_out": str(_queue_folder),
        "processed_folder": str(BASE_DIR / "var" / "celery-processed"),
        "control_folder": str(BASE_DIR / "var" / "celery-control"),
        "store_processed": False,
    }
else:
    # Longer than any countdown we use for retries, so Redis does not redeliver a waiting task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The console email backend prints to stdout; those lines are mail, not warnings.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Sends mail whose first attempt was lost (worker down, broker flushed) and retries due ones.
    # Expiry: a backlog left while workers were down runs once, not once per missed minute.
    "outbox-dispatch-due": {"task": "core.outbox_dispatch_due", "schedule": 60.0, "options": {"expires": 55}},
    # Puts messages stuck in "sending" (a worker died mid-send) back in the queue.
    "outbox-recover-stuck": {
        "task": "core.outbox_recover_stuck",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # Queues the reminders due now, worked out from each occasion's current start time (never ETA tasks).
    "notifications-send-reminders": {
        "task": "notifications.send_reminders",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # Queues the weekly (Monday 07:00) and monthly (1st, 07:00) round-ups of everyone due one; hourly, so a
    # missed or failed run is made up within the hour.
    "notifications-send-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(minute=15),
        "options": {"expires": 50 * 60},
    },
}
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_STUCK_AFTER_SECONDS = env.int("OUTBOX_STUCK_AFTER_SECONDS", default=10 * 60)

# Reminders (apps.notifications): how long before an occasion they go. Online and hybrid seminars also
# get one an hour before (REMINDER_SHORT_NOTICE, by source and delivery mode).
REMINDER_OFFSETS = [timedelta(days=7), timedelta(days=1)]
REMINDER_SHORT_NOTICE = {"seminar": {"online": [timedelta(hours=1)], "hybrid": [timedelta(hours=1)]}}
# Digests are worked out for this many members at a time (bounded memory, constant queries per batch).
DIGEST_BATCH_SIZE = env.int("DIGEST_BATCH_SIZE", default=500)

# Content Security Policy (django-csp 4): no inline script or style anywhere, ever.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Browser features the portal never uses are turned off for every page (PrivacyHeadersMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
