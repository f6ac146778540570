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

# True only in settings/production.py: demo tooling (seed_demo) refuses to run there.
PRODUCTION = False

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
    "apps.brokering",  # "ask the knowledge brokers": links requests to people, publications, pages
    "apps.notifications",
    "apps.staff",  # the staff area: composes what the apps offer (figures, waiting work, texts)
    "apps.messaging",  # messages to a group: the Link group, the RUG, a community, a seminar's registrants
    "apps.evidence",  # impact evidence: changes outside the unit, what led to them and the proof
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions and users exist: nothing below runs for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, whose request.user has no staff powers until the second factor.
    "apps.accounts.middleware.SecondFactorAuthenticationMiddleware",
    # Cache-Control: no-store on personal, staff and admin responses; Permissions-Policy on every page.
    # It asks who is signed in, so it must sit below AuthenticationMiddleware (and so below WhiteNoise).
    "apps.accounts.middleware.PrivacyHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff: sessions that time out, and a second factor before the admin or a staff page opens.
    "apps.accounts.middleware.StaffSessionTimeoutMiddleware",
    "apps.accounts.middleware.StaffSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last but one, so it sees the signed-in user and the page before any cookie is added
    # (apps/core/page_cache.py); a 503 from the database middleware below is never cached.
    "apps.core.page_cache.PublicPageCacheMiddleware",
    # Innermost, so it sees a view's database errors first: a friendly 503 while PostgreSQL is away.
    "apps.core.middleware.DatabaseUnavailableMiddleware",
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
    # Seconds to wait for PostgreSQL to answer a new connection before showing the 503 page.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
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
ACCOUNT_FORMS = {
    "login": "apps.accounts.forms.PortalLoginForm",
    # Sign-in codes and reset links: refused, and said so next to the field, over the limits below.
    "request_login_code": "apps.accounts.forms.PortalRequestLoginCodeForm",
    "reset_password": "apps.accounts.forms.PortalResetPasswordForm",
}
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

# Abuse limits and the client's address behind proxies (apps.core.limits). Counters live in the cache.
# How many proxies we run in front of gunicorn (Caddy in docker-compose: 1). 0 means X-Forwarded-For is
# ignored (anyone can send it); with N, the client is the N-th address from the right of that header.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# A password reset or sign-in code asked for an address with no account sends nothing (allauth would
# otherwise mail a stranger "you have no account" as often as someone types their address).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# At most this many account emails (codes, resets) to one address per hour, whoever asks; strangers share
# half of it, the rest is kept for the holder's own browser (apps/accounts/email_limits.py).
ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = env.int("ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR", default=6)
# And at most this many asked for from one client address (an IPv6 /64) per hour, to any addresses.
ACCOUNT_EMAILS_PER_REQUESTER_PER_HOUR = env.int("ACCOUNT_EMAILS_PER_REQUESTER_PER_HOUR", default=10)
# Seminar registrations accepted per hour from one client address, and for one email address.
SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = env.int("SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR", default=20)
SEMINAR_REGISTRATIONS_PER_EMAIL_PER_HOUR = env.int("SEMINAR_REGISTRATIONS_PER_EMAIL_PER_HOUR", default=5)
# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes. Staff must have one
# before the admin or a staff page opens (apps.accounts.middleware); members may turn it on at /me/.
MFA_ADAPTER = "apps.accounts.adapters.MFAAdapter"
MFA_FORMS = {"activate_totp": "apps.accounts.forms.PortalActivateTOTPForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IAU Portal"
# One 30-second step either side, for phones whose clocks drift a little.
MFA_TOTP_TOLERANCE = 1
# People are told by email when their password, email address or two-factor sign-in changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
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
# Files with no public URL (meeting papers, expense receipts): beside, never inside, MEDIA_ROOT, so
# nothing that serves /media/ can reach them; only permission-checked views read them. Back it up.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(MEDIA_ROOT.parent / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": {"BACKEND": "apps.core.storage.PrivateStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Anonymous pages from the cache (apps/core/page_cache.py). Pages live at most this many seconds (0 turns
# the page cache off); any save or delete of a model in PUBLIC_PAGE_CACHE_SOURCES renders them again at once.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# The views (URL names) whose anonymous responses may be cached; a page that renders a form (a CSRF
# token) is never stored, whatever this list says.
PUBLIC_PAGE_CACHE_VIEWS = [
    "pages:home",
    "pages:list",
    "pages:detail",
    "pages:search",
    "pages:sitemap",
    "communities:list",
    "communities:detail",
    "communities:meeting",
    "people:list",
    "people:detail",
    "publications:list",
    "publications:detail",
    "publications:item_export",
    "seminars:list",
    "seminars:detail",
    "seminars:feed",
    "seminars:event_ics",
    "involvement:index",
    # The impact log and answered questions (/ask/ itself has a form, so it is never listed).
    "impact:list",
    "impact:detail",
    "brokering:answered_list",
    "brokering:answered_detail",
    # Stories of what changed (public impacts; the search box is a GET form, with no token).
    "stories:list",
    "stories:detail",
]
# What those pages show: apps ("people") or single models ("core.Topic").
PUBLIC_PAGE_CACHE_SOURCES = [
    "accounts.User",
    "core.Topic",
    "people",
    "communities",
    "involvement",
    "publications",
    "seminars",
    "impact",
    "pages",
    "brokering",
    # Impact stories, and the story links on publication and community pages.
    "evidence",
]
# The publications export (export.bib/.ris) is streamed, reading this many publications at a time.
PUBLICATIONS_EXPORT_CHUNK_SIZE = env.int("PUBLICATIONS_EXPORT_CHUNK_SIZE", default=500)
# Sessions live in the cache and are written through to the database: a signed-in page reads no
# session row, and a cache flush signs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Email: EMAIL_URL is a django-environ email URL (smtp://, smtp+tls://, consolemail://, filemail://).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IAU Portal <portal@iau.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where mail about the unit's own work goes (new applications, expense claims).
COORDINATOR_EMAIL = env("COORDINATOR_EMAIL", default="involvement@iau.example")
# Where replies to the portal's emails go (emails invite people to reply).
REPLY_TO_EMAIL = env("REPLY_TO_EMAIL", default=COORDINATOR_EMAIL)
# The address the public pages give for writing to the unit (contact page, error pages).
CONTACT_EMAIL = env("CONTACT_EMAIL", default=COORDINATOR_EMAIL)
# Shown with the email address in every page's footer when set (many members would rather phone or write).
CONTACT_PHONE = env("CONTACT_PHONE", default="")
CONTACT_ADDRESS = env("CONTACT_ADDRESS", default="")

# Communities: requests to join from people without an account, per client address per hour
# (only forms that pass validation count).
COMMUNITIES_JOIN_REQUEST_RATE_LIMIT = env.int("COMMUNITIES_JOIN_REQUEST_RATE_LIMIT", default=5)

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
    # Tasks are acknowledged when they end (CELERY_TASK_ACKS_LATE): Redis hands an unacknowledged task to
    # another worker after this long, so it is far longer than any task runs. No task waits in the queue
    # with a countdown or ETA (retries are outbox rows picked up by outbox_dispatch_due).
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
    # Removes the text of emails older than OUTBOX_BODY_RETENTION_DAYS (the record of each stays). Daily.
    "outbox-purge-old-bodies": {
        "task": "core.outbox_purge_old_bodies",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 23 * 60 * 60},
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
    # "Waiting for you": Monday 07:30 London, each member of staff who chose it gets the week's list once
    # (the outbox key carries the week; `manage.py send_waiting_digest` does the same by hand).
    "staff-send-waiting-emails": {
        "task": "staff.send_waiting_emails",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
        "options": {"expires": 6 * 60 * 60},
    },
}
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_STUCK_AFTER_SECONDS = env.int("OUTBOX_STUCK_AFTER_SECONDS", default=10 * 60)
# Days the text of a sent or failed email is kept for staff to check; then only its record stays.
OUTBOX_BODY_RETENTION_DAYS = env.int("OUTBOX_BODY_RETENTION_DAYS", default=90)

# Reminders (apps.notifications): how long before an occasion they go. Online and hybrid seminars also
# get one an hour before (REMINDER_SHORT_NOTICE, by source and delivery mode).
REMINDER_OFFSETS = [timedelta(days=7), timedelta(days=1)]
REMINDER_SHORT_NOTICE = {"seminar": {"online": [timedelta(hours=1)], "hybrid": [timedelta(hours=1)]}}
# Digests are worked out for this many members at a time (bounded memory, constant queries per batch).
DIGEST_BATCH_SIZE = env.int("DIGEST_BATCH_SIZE", default=500)
# Where reminders and digests come from: None discovers every app's reminders.py and digest.py; a list of
# dotted module paths replaces discovery (tests feed the engine their own occasions this way).
NOTIFICATION_SOURCE_MODULES = None
# The mailto: half of List-Unsubscribe ("" means unsubscribe@ the domain of DEFAULT_FROM_EMAIL).
NOTIFICATION_UNSUBSCRIBE_EMAIL = env("NOTIFICATION_UNSUBSCRIBE_EMAIL", default="")

# The rest of the house (each read here once; code reads settings.X).
# The name the portal signs with (every page, calendar invitations' organiser, error pages).
SITE_NAME = env("SITE_NAME", default="IAU Portal")
# The unit the portal belongs to, as it is named in full (page footers, calendar feeds, structured data,
# reports and letters).
UNIT_NAME = env("UNIT_NAME", default="Impact Accelerator Unit")
# Organiser address on every calendar invitation ("" means the address of DEFAULT_FROM_EMAIL).
CALENDAR_ORGANIZER_EMAIL = env("CALENDAR_ORGANIZER_EMAIL", default="")
# The largest meeting paper a facilitator may upload, in bytes.
COMMUNITIES_PAPER_MAX_BYTES = env.int("COMMUNITIES_PAPER_MAX_BYTES", default=10 * 1024 * 1024)
# How many expressions of interest one address may send in an hour (/involvement/).
INVOLVEMENT_APPLICATION_RATE_LIMIT = env.int("INVOLVEMENT_APPLICATION_RATE_LIMIT", default=5)
# Crossref, for filling in a publication from its DOI in the admin: address, polite contact, seconds.
CROSSREF_API_URL = env("CROSSREF_API_URL", default="https://api.crossref.org")
CROSSREF_MAILTO = env("CROSSREF_MAILTO", default="")
CROSSREF_TIMEOUT = env.float("CROSSREF_TIMEOUT", default=10.0)
# Password of the demo accounts `manage.py seed_demo` creates; it prints the password only when it is
# this public default.
DEMO_PASSWORD_DEFAULT = "knowledge-mobilisation"
DEMO_PASSWORD = env("DEMO_PASSWORD", default=DEMO_PASSWORD_DEFAULT)

# Ask the knowledge brokers (/ask/): questions one address may send in an hour (only accepted forms count).
BROKERING_ASK_RATE_LIMIT = env.int("BROKERING_ASK_RATE_LIMIT", default=5)

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
