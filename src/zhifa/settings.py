"""Django settings, read from the environment with safe development defaults.

Production is any run with ``ZHIFA_DEBUG=0``; it then requires a real secret key and host
names, and turns on the fixed security block below.
"""

from pathlib import Path

import dj_database_url

from zhifa import env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

# One folder holds the SQLite file and the stored files, so an installation is copied or
# reset by copying or removing that folder.
DATA_DIR = Path(env.read_str("ZHIFA_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.read_bool("ZHIFA_DEBUG", True)

_DEV_SECRET = "dev-only-insecure-key-" + "x" * 40
SECRET_KEY = env.read_str("ZHIFA_SECRET_KEY", _DEV_SECRET)
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise env.ConfigurationError(
        "ZHIFA_SECRET_KEY must be set to a random value of at least 50 characters when "
        "ZHIFA_DEBUG=0."
    )

ALLOWED_HOSTS = env.read_list("ZHIFA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.read_list("ZHIFA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "zhifa.core",
    "zhifa.agencies",
    "zhifa.accounts",
    "zhifa.catalog",
    "zhifa.cases",
    "zhifa.licensing",
    "zhifa.coercion",
    "zhifa.levies",
    "zhifa.remedies",
    "zhifa.evidence",
    "zhifa.review",
    "zhifa.publicity",
    "zhifa.supervision.reports",
    "zhifa.supervision.alerts",
    "zhifa.supervision.complaints",
    "zhifa.supervision.evaluation",
    "zhifa.supervision.guidance",
    "zhifa.archives.casefiles",
    "zhifa.archives.retention",
    "zhifa.archives.checks",
    "zhifa.archives.handover",
    "zhifa.archives.disposition",
    "zhifa.archives.use",
    "zhifa.portal",
    "zhifa.backoffice",
    "zhifa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhifa.core.middleware.SecurityHeadersMiddleware",
    "zhifa.core.middleware.SharedCalendarMiddleware",
    "axes.middleware.AxesMiddleware",
    "zhifa.accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "zhifa.urls"
WSGI_APPLICATION = "zhifa.wsgi.application"

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
                "zhifa.core.context_processors.site",
                "zhifa.backoffice.navigation.office_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.read_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=env.read_int("ZHIFA_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; the timeout waits for that writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhifa.accounts.passwords.CharacterClassValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request; every request renews the idle timer.
SESSION_COOKIE_AGE = env.read_int("ZHIFA_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock an account and address pair after repeated failures.
AXES_FAILURE_LIMIT = env.read_int("ZHIFA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.read_int("ZHIFA_LOGIN_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Reverse proxies in front of the platform whose X-Forwarded-For entries are trusted; 0 means
# the platform is reached directly and REMOTE_ADDR is the client (see zhifa.core.client_address).
ZHIFA_TRUSTED_PROXY_COUNT = env.read_int("ZHIFA_TRUSTED_PROXY_COUNT", 0)
if ZHIFA_TRUSTED_PROXY_COUNT < 0:
    raise env.ConfigurationError("ZHIFA_TRUSTED_PROXY_COUNT must be 0 or a positive integer.")
AXES_CLIENT_IP_CALLABLE = "zhifa.core.client_address.client_ip"

# Default lifetime of a new API token, in days.
ZHIFA_API_TOKEN_DAYS = env.read_int("ZHIFA_API_TOKEN_DAYS", 90)
if ZHIFA_API_TOKEN_DAYS < 1:
    raise env.ConfigurationError("ZHIFA_API_TOKEN_DAYS must be a positive number of days.")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise warns on every request when this folder is missing; collectstatic fills it.
STATIC_ROOT.mkdir(exist_ok=True)
# The shared CSS and vendored scripts live in the project package, outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "files"

_STORAGE_BACKEND = env.read_str("ZHIFA_STORAGE", "local")
_S3_OPTIONS: dict[str, object] = {
    "bucket_name": env.read_str("ZHIFA_S3_BUCKET", ""),
    "endpoint_url": env.read("ZHIFA_S3_ENDPOINT_URL"),
    "access_key": env.read("ZHIFA_S3_ACCESS_KEY"),
    "secret_key": env.read("ZHIFA_S3_SECRET_KEY"),
    "region_name": env.read("ZHIFA_S3_REGION"),
    "default_acl": "private",
    "querystring_auth": True,
    "file_overwrite": False,
}
if _STORAGE_BACKEND == "s3":
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _S3_OPTIONS,
    }
elif _STORAGE_BACKEND == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise env.ConfigurationError(f"ZHIFA_STORAGE={_STORAGE_BACKEND!r}: use 'local' or 's3'.")

# Evidence content (audio-video files) is stored by digest in its own storage, so that it can
# live in an object store with its own retention and access policy.
if _STORAGE_BACKEND == "s3":
    _evidence_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_OPTIONS,
            "bucket_name": env.read_str(
                "ZHIFA_S3_EVIDENCE_BUCKET", env.read_str("ZHIFA_S3_BUCKET", "")
            ),
            "location": "evidence",
            "file_overwrite": True,
        },
    }
else:
    _evidence_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "evidence"), "base_url": None},
    }

STORAGES = {
    "default": _default_storage,
    "evidence": _evidence_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Digests of stored content (摘要值) and of the ledger: SM3 by default, SHA-256 available.
ZHIFA_DIGEST_ALGORITHM = env.read_str("ZHIFA_DIGEST_ALGORITHM", "sm3")
ZHIFA_LEDGER_ALGORITHM = env.read_str("ZHIFA_LEDGER_ALGORITHM", "sm3")
# The daily signed tree head: "sm2" (default) or "ed25519", with the private key in a file.
ZHIFA_LEDGER_SIGNATURE = env.read_str("ZHIFA_LEDGER_SIGNATURE", "sm2")
ZHIFA_LEDGER_KEY_FILE = Path(
    env.read_str("ZHIFA_LEDGER_KEY_FILE", str(DATA_DIR / "keys" / "ledger_signing.key"))
)
# Parts of uploads in progress. Every application server must see the same folder.
ZHIFA_UPLOAD_DIR = Path(env.read_str("ZHIFA_UPLOAD_DIR", str(DATA_DIR / "uploads")))
# Limits checked when an upload starts or a file is stored: the largest file in bytes (64 GiB,
# hours of body-worn camera video), and the most pixels of a photo. 50 million pixels covers
# the usual phone and body-worn camera photos (an estimate: 12 to 50 million). It also bounds
# the memory a download watermark needs. Raise it for larger cameras.
ZHIFA_UPLOAD_MAX_BYTES = env.read_int("ZHIFA_UPLOAD_MAX_BYTES", 64 * 1024**3)
ZHIFA_PHOTO_MAX_PIXELS = env.read_int("ZHIFA_PHOTO_MAX_PIXELS", 50_000_000)

# Background work (finishing large uploads) runs in the task library's database worker
# (`zhifa db_worker`); tests run tasks at once.
TASKS = {
    "default": {"BACKEND": env.read_str("ZHIFA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}

EMAIL_BACKEND = env.read_str(
    "ZHIFA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.read_str("ZHIFA_FROM_EMAIL", "zhifa@localhost")

# Outbound alert channels besides the in-app list and email: dotted paths of classes with
# ``send(message)`` (see zhifa.supervision.alerts.channels). The default only writes a log
# line. An SMS or government messaging gateway plugs in here.
ZHIFA_ALERT_CHANNELS = env.read_list(
    "ZHIFA_ALERT_CHANNELS", ["zhifa.supervision.alerts.channels.LogChannel"]
)
# The platform's address as users reach it, e.g. https://zhifa.qingpu.gov.cn, for links in
# emails and messages sent outside a request; empty gives paths only.
ZHIFA_SITE_URL = env.read_str("ZHIFA_SITE_URL", "").rstrip("/")

# How many complaints, lookups and ratings one client address may send to the portal per hour.
ZHIFA_COMPLAINT_POSTS_PER_HOUR = env.read_int("ZHIFA_COMPLAINT_POSTS_PER_HOUR", 5)
ZHIFA_COMPLAINT_LOOKUPS_PER_HOUR = env.read_int("ZHIFA_COMPLAINT_LOOKUPS_PER_HOUR", 20)
ZHIFA_RATINGS_PER_HOUR = env.read_int("ZHIFA_RATINGS_PER_HOUR", 30)
# Rejected complaint submissions (wrong challenge answer, honeypot, invalid fields) per hour.
ZHIFA_COMPLAINT_FAILED_POSTS_PER_HOUR = env.read_int("ZHIFA_COMPLAINT_FAILED_POSTS_PER_HOUR", 30)

# Archiving (归档): audio-video items larger than this many bytes go into a handover package
# as a reference with digest instead of their content.
ZHIFA_ARCHIVE_INLINE_AV_MAX_BYTES = env.read_int(
    "ZHIFA_ARCHIVE_INLINE_AV_MAX_BYTES", 512 * 1024 * 1024
)
# A virus scanner run by the security check (安全性检测) on every archived file, e.g.
# "clamscan --no-summary"; empty looks for clamscan on the PATH and skips the scan without it.
ZHIFA_ARCHIVE_VIRUS_SCANNER = env.read_str("ZHIFA_ARCHIVE_VIRUS_SCANNER", "")
# Where ``zhifa archives export`` and the export page write handover packages.
ZHIFA_ARCHIVE_EXPORT_DIR = Path(
    env.read_str("ZHIFA_ARCHIVE_EXPORT_DIR", str(DATA_DIR / "handover"))
)

# The district this installation serves; shown on the portal and in documents.
ZHIFA_DISTRICT_NAME = env.read_str("ZHIFA_DISTRICT_NAME", "上海市青浦区")
ZHIFA_DISTRICT_GOVERNMENT_NAME = env.read_str(
    "ZHIFA_DISTRICT_GOVERNMENT_NAME", f"{ZHIFA_DISTRICT_NAME}人民政府"
)

# Lookups on the public credential search, per address and hour, so that it cannot be used
# to enumerate officers.
ZHIFA_CREDENTIAL_SEARCH_LIMIT = env.read_int("ZHIFA_CREDENTIAL_SEARCH_LIMIT", 30)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "zhifa_cache",
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    if ALLOWED_HOSTS == ["127.0.0.1", "localhost", "[::1]"] and not env.read_bool(
        "ZHIFA_ALLOW_LOCAL_HOSTS", False
    ):
        raise env.ConfigurationError("ZHIFA_ALLOWED_HOSTS must name the public host names.")
    SECURE_SSL_REDIRECT = env.read_bool("ZHIFA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.read_int("ZHIFA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.read_str("ZHIFA_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Opens the append-only tables' DELETE door (see zhifa.core.append_only); only tests set it.
ZHIFA_ALLOW_PURGE = False
