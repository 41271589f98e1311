"""Settings shared by every environment. Everything that differs between machines is an environment value."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The Sites framework's one site: allauth and Django name it in emails and keys. Its name and domain are set from
# SITE_URL on every migrate (accounts.apps), never from a request's Host.
SITE_ID = 1
SITE_NAME = "Debrief"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# Our own apps, bottom floor first: each imports only the ones before it (accounts <- interviews <- composer and
# reminders, side by side and neither importing the other <- followups <- insight, search, monitoring: the top floor,
# where none imports another), and config wires them all.
# Own-your-data (accounts.data) exports and deletes the rows of these apps.
LOCAL_APPS = ["accounts", "interviews", "composer", "reminders", "followups", "insight", "search", "monitoring"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    *LOCAL_APPS,
]

MIDDLEWARE = [
    # /healthz and /metrics, answered before the host check and the HTTPS redirect (a load balancer probes by IP).
    "monitoring.middleware.OperatorEndpointsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
# Links from a page of a lower app to a page of an app above it. A lower app never names an upper app's URLs: its
# template shows what config hands it here, by place ({% page_links %}, accounts/templatetags/page_links.py). Each
# link is (label, URL name, test id); on a page about one object the URL takes that object's id.
PAGE_LINKS = {
    "interview": [  # interviews: the interview page, for its owner
        ("Thank-you notes & follow-up", "followups:interview", "follow-up-link"),
        ("Add to calendar (.ics)", "followups:interview_ics", ""),
    ],
    # interviews: the interview page, for a linked recruiter (back to the candidate on the desk)
    "recruiter_interview": [("← This candidate's history", "insight:candidate", "back-link")],
    "follow_up": [("← Today", "home", "")],  # followups: the follow-up page of an interview
    "offer": [("Compare it with your other offers", "insight:offers", "offers-link")],  # followups: an offer
    "profile": [("Reminder emails and calendar feed", "followups:settings", "reminder-settings-link")],  # accounts
    "links": [("Choose which recruiter emails you get", "interviews:notification_settings", "recruiter-emails-link")],
    # accounts: each live link on the candidate's links page (by its id): that recruiter's candidate page, previewed
    "link": [("See exactly what they see", "insight:link_preview", "link-preview")],
    # followups: each answer link in a check-in email (by its signed token), the page that records the answer
    "check_in_answer": [("Answer", "insight:check_in_answer", "")],
}
# A panel a lower page shows, made by an app above it, the same way: the place, and the dotted path of a function of
# (request, object) that returns the panel's HTML ({% page_panel %}, accounts/templatetags/page_links.py).
PAGE_PANELS = {
    "interview": "followups.panels.interview_owed",  # interviews: the interview page shows what it still owes
}
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# The embedded default keeps everything in var/ so a fresh clone runs with no server to install.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'debrief.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds login rate-limit counters. It lives in the database so that every web worker shares it
# and the site keeps working (and keeps limiting) while Redis is down, and it never culls a live counter
# (accounts.cache): past MAX_ENTRIES rows, a write deletes only the expired ones.
CACHES = {
    "default": {
        "BACKEND": "accounts.cache.CounterCache",
        "LOCATION": "debrief_cache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the login, addresses are verified, the failed-login limit is 5 per 15 minutes
# per account and per IP, and a reset request for an unknown address answers exactly like a known one.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# No mail to addresses without an account: the reset form must not become a way to send mail to strangers.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SESSION_REMEMBER = None
# Reauthentication (before a sensitive change) is by password only. Every account has a password, and a code
# mailed to the inbox would be a second, weaker way in for whoever reads that inbox. allauth 65.22 always routes
# /accounts/reauthenticate/code/ and its confirm page; with "code" left out here both answer 403.
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Debrief] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/15m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/5m/key",
    "signup": "20/m/ip",
    # accounts.views (own your data): an export reads the whole account, an import writes it.
    "debrief_data_export": "20/h/user",
    "debrief_data_import": "10/h/user",
}
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
# Behind a reverse proxy every request arrives from the proxy's address: count the proxies so the per-IP login
# limit reads the client's address from X-Forwarded-For instead of blocking everyone at once.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Hashed names (cache-busting, served for ten years) and gzip and brotli copies, written by collectstatic; whitenoise
# serves them. With DEBUG on (make web) Django names the plain files and whitenoise serves them from static/.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Django's renderer, with every <select> written in one pass instead of two templates per option (config/forms.py).
FORM_RENDERER = "config.forms.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Email: EMAIL_URL names an SMTP server (smtp://user:pass@host:port, smtp+tls://…); unset, each message is
# written as a file under var/mail/.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = _email.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Debrief <debrief@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: REDIS_URL is the broker; unset, an SQLite file under var/ is the broker so no server is needed.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# A task message is a nudge, never the record: the sweep's due times, claims and leases live in the database, so a
# lost message only delays a reminder until the next beat tick, and late acknowledgement buys nothing. Both
# settings below keep a Redis restart from taking the worker down with it (seen in the fault drill, 1 run in 7):
# on a lost connection Celery 5.7 collects the kombu connection (its transport forgets the broker's address) and
# then closes it, and closing restores every message still unacknowledged through that forgotten address, raising
# AttributeError ('NoneType' object has no attribute 'hostname'), which Celery treats as unrecoverable. The same
# error on another path: celery/kombu#582. Acking early leaves almost nothing unacknowledged; without kombu's ack
# emulation (a Redis option) acknowledging and restoring never need the connection, and a message kombu cannot
# put back is dropped, which only delays the next sweep. tests/config/test_celery_worker.py holds the case.
CELERY_TASK_ACKS_LATE = False
REDIS_BROKER_TRANSPORT_OPTIONS = {"ack_emulation": False}
# (SQLAlchemy's transport, the embedded broker, would hand Redis' options to create_engine and fail.)
CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS if REDIS_URL else {}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
REMINDER_SWEEP_SECONDS = env.float("REMINDER_SWEEP_SECONDS", default=60.0)
# Every periodic job, in one place. Beat only nudges: the due times live in the database.
CELERY_BEAT_SCHEDULE = {
    "health-heartbeat": {"task": "config.celery_app.health", "schedule": crontab(minute="*/30")},
    # reminders.sweep.reminders_send_due finds due reminders in the database: a missed tick only delays them,
    # and a tick queued while no worker ran expires instead of piling up.
    "followups-send-due-reminders": {
        "task": "followups.tasks.send_due_reminders",
        "schedule": REMINDER_SWEEP_SECONDS,
        "options": {"expires": 55},
    },
    # accounts.services.links_expire: a link past its expiry is closed and its recruiter emailed, once.
    "accounts-expire-links": {
        "task": "accounts.tasks.expire_links",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 240},
    },
}

# The reminder sweep (reminders.sweep). While one sweep sends a reminder, its row is leased this long: it must
# outlast a whole SMTP exchange (a few EMAIL_TIMEOUTs), or a slow send could be picked up again. A failed send is
# retried after 1, 2, 4 … (at most 60) times the retry unit. The fault drill shortens both; production leaves them.
REMINDER_CLAIM_LEASE_SECONDS = env.int("REMINDER_CLAIM_LEASE_SECONDS", default=600)
REMINDER_RETRY_UNIT_SECONDS = env.float("REMINDER_RETRY_UNIT_SECONDS", default=60.0)
# A reminder whose own handling fails this many times (its data, its template, a 5xx for its recipient) is parked
# (state "parked", in the admin's state filter). An SMTP outage fails every reminder alike and parks none.
REMINDER_PARK_AFTER = env.int("REMINDER_PARK_AFTER", default=5)

# The operator's view (monitoring/): /healthz fails when the last sweep is older than this (a few beat ticks, and
# never before the web process has been up this long: a fresh start has not swept yet). Its broker check gives up
# after the timeout. /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404.
SWEEP_STALE_AFTER_SECONDS = env.int("SWEEP_STALE_AFTER_SECONDS", default=max(300, int(3 * REMINDER_SWEEP_SECONDS)))
HEALTHZ_BROKER_TIMEOUT_SECONDS = env.float("HEALTHZ_BROKER_TIMEOUT_SECONDS", default=2.0)
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# Security headers everywhere; production.py turns on the HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self' mailto:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

ADMIN_URL = env("DJANGO_ADMIN_URL", default="manage-7f3a/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR"}},
}
