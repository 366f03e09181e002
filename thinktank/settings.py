"""Settings for thinktank.

Every value comes from the environment (see README and the contracts); the
defaults are the embedded ones `make run` uses, and are safe: DEBUG is off
unless asked for, and a SECRET_KEY is then required.
"""

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp_constants
from kombu import Queue

from thinktank.s3 import bucket_origins, s3_storages

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
# The embedded defaults (SQLite, broker, mail, media) live here. A production
# set-up that configures all of them may leave it read-only or absent.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))


def _owner_only_dir(path):
    """Create `path` readable by its owner only (the database, mail and secret live there)."""
    with contextlib.suppress(OSError):
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)


_owner_only_dir(VAR_DIR)

# --- Core ---------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key():
    """A key generated once into var/ so `make run` needs no set-up."""
    path = VAR_DIR / "secret_key"
    # Created 0600 in one step: never readable by others, not even briefly.
    with contextlib.suppress(FileExistsError):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w") as out:
            out.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or (_local_secret_key() if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="IFANS")
SITE_LONG_NAME = env.str("SITE_LONG_NAME", default="Korea National Diplomatic Academy · IFANS")
# The full name in each edition's language (SITE_LONG_NAME_KO for the Korean one).
SITE_LONG_NAMES = {
    "en": SITE_LONG_NAME,
    "ko": env.str("SITE_LONG_NAME_KO", default="국립외교원 외교안보연구소"),
}
# The publisher named in citations (citation_technical_report_institution, BibTeX, RIS,
# CSL, JSON-LD), in the language of the article cited (INSTITUTE_NAME_KO for Korean ones).
INSTITUTE_NAME = env.str(
    "INSTITUTE_NAME",
    default="Institute of Foreign Affairs and National Security, Korea National Diplomatic Academy",
)
INSTITUTE_NAMES = {
    "en": INSTITUTE_NAME,
    "ko": env.str("INSTITUTE_NAME_KO", default="국립외교원 외교안보연구소"),
}
# KakaoTalk sharing through Kakao's JavaScript SDK (loaded on click) when set;
# otherwise the share link is a plain link (templates/publications/includes/share_links.html).
KAKAO_JS_KEY = env.str("KAKAO_JS_KEY", default="")
# The masthead's mark: a static file path (replace static/img/mark.svg, or name
# another) or an absolute URL / path of an SVG.
SITE_MARK = env.str("SITE_MARK", default="img/mark.svg")
# Where readers report a problem with the site (the accessibility statement names it).
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="webmaster@localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "ckeditor",
    "axes",
    "csp",
    "reversion",  # article revisions (publications/revisions.py)
    "reversion_compare",
    "thinktank",  # site-wide: robots.txt, context processor, ensure_local_admin
    "publications",
    "mailing",
    "search",
    "images",  # the image library: uploads, renditions
    "redirects",  # old addresses answer 301 with their new one
]

# Revisions compare a series or an author by id, not by the whole record it
# was saved with (which marks every revision's series as changed).
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

MIDDLEWARE = [
    "thinktank.request_log.RequestLogMiddleware",
    "thinktank.middleware.TrustedProxyHeadersMiddleware",  # before anything reads the scheme
    # Cached public pages for anonymous readers, before the rest does its work.
    "publications.fast_path.FastPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Below CSPMiddleware, so its response phase runs first: it picks the
    # admin's looser policy and adds Permissions-Policy.
    "thinktank.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees a 404 first: only unanswered addresses look a redirect up.
    "redirects.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "thinktank.urls"
WSGI_APPLICATION = "thinktank.wsgi.application"

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
                "thinktank.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers arrive in bursts: WAL lets them read while one writes, IMMEDIATE
    # takes the write lock up front (no upgrade deadlocks) and the timeout
    # makes a writer wait for its turn instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    # No per-request health check: it is a `SELECT 1` on every request that
    # reuses a connection. A connection that broke (database restart) fails
    # one request, is marked unusable and replaced; /readyz tells the load balancer.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "thinktank.redis_cache.SharedClientRedisCache"
# Public pages (articles, lists, feeds, sitemap) are cached whole for anonymous
# readers (publications/page_cache.py, fast_path.py) only when every process
# shares the cache, so an edit or unpublish made in one process is seen by all
# of them at once. ARTICLE_PAGE_CACHE is its old name, still read.
PAGE_CACHE = env.bool(
    "PAGE_CACHE",
    default=env.bool(
        "ARTICLE_PAGE_CACHE",
        default=not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")),
    ),
)
# Hit counts are buffered in Redis when the cache is Redis (see publications/hits.py).
HIT_BUFFER_URL = (
    CACHES["default"]["LOCATION"] if "redis" in CACHES["default"]["BACKEND"].lower() else ""
)
if isinstance(HIT_BUFFER_URL, list):
    HIT_BUFFER_URL = HIT_BUFFER_URL[0]

# --- Auth, i18n ---------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Two editions, Korean first: /ko/... and /en/... (i18n_patterns). LANGUAGE_CODE
# is the edition for readers whose browser prefers neither, and the admin's default.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ko")
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Seoul")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files only staff may fetch, through views that check access (rendered PDFs,
# export ZIPs; thinktank/storage.py). Never under MEDIA_ROOT, so a web
# server that serves media cannot leak them.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")))
# With a bucket, media and private files live in S3-compatible object storage
# (django-storages), shared by every web process and worker on every machine.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="")
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage, _private_storage = s3_storages(
        AWS_STORAGE_BUCKET_NAME,
        endpoint_url=AWS_S3_ENDPOINT_URL,
        access_key=env.str("AWS_ACCESS_KEY_ID", default=""),
        secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=""),
        region=AWS_S3_REGION_NAME,
        private_bucket=env.str("AWS_PRIVATE_BUCKET_NAME", default=""),
    )
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private_storage = {"BACKEND": "thinktank.storage.PrivateFileSystemStorage"}
# Attachment downloads are counted, then either streamed by the web process
# ("stream") or redirected to a signed URL of the object store valid for
# ATTACHMENT_SIGNED_URL_SECONDS ("redirect"; local files are always streamed).
ATTACHMENT_DOWNLOADS = env.str("ATTACHMENT_DOWNLOADS", default="stream")
if ATTACHMENT_DOWNLOADS not in {"stream", "redirect"}:
    raise environ.ImproperlyConfigured("ATTACHMENT_DOWNLOADS must be 'stream' or 'redirect'.")
ATTACHMENT_SIGNED_URL_SECONDS = env.int("ATTACHMENT_SIGNED_URL_SECONDS", default=60)
STORAGES = {
    "default": _media_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=50 * 1024 * 1024)
# Images (images/): refused above this size, or above this many pixels (a
# decompression bomb declares far more than it weighs); renditions at these widths.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_RENDITION_WIDTHS = env.list("IMAGE_RENDITION_WIDTHS", cast=int, default=[480, 960, 1440])
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Security -----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# The CSRF cookie lives no longer than the browser session (the login
# session cookie's own lifetime is SESSION_COOKIE_AGE).
CSRF_COOKIE_AGE = None
# Proxies (load balancer, nginx) whose X-Forwarded-For / X-Forwarded-Proto are
# believed: addresses or networks. thinktank/client.py reads the client address.
TRUSTED_PROXIES = env.list(
    "TRUSTED_PROXIES", default=env.list("MAILING_TRUSTED_PROXIES", default=[])
)
if SITE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [SITE_URL]
    # Behind a proxy that already redirects to https, set SECURE_SSL_REDIRECT=0.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers poll the health endpoints over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if TRUSTED_PROXIES:
        # Only safe when gunicorn is reachable through the proxy alone (deploy/).
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): no inline or eval'd scripts on public
# pages; an inline script would carry request.csp_nonce. The admin's editor
# (CKEditor 4) gets a looser policy, in thinktank/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}
if AWS_STORAGE_BUCKET_NAME:
    # Images in article bodies redirect to signed URLs of the bucket (thinktank/media.py).
    _images = CONTENT_SECURITY_POLICY["DIRECTIVES"]
    _images["img-src"] = [
        *_images["img-src"],
        *bucket_origins(
            AWS_STORAGE_BUCKET_NAME, endpoint_url=AWS_S3_ENDPOINT_URL, region=AWS_S3_REGION_NAME
        ),
    ]
if KAKAO_JS_KEY:
    # Kakao's SDK (loaded only when a reader clicks KakaoTalk) and what it talks to.
    _kakao = CONTENT_SECURITY_POLICY["DIRECTIVES"]
    _kakao["script-src"] = [*_kakao["script-src"], "https://t1.kakaocdn.net"]
    _kakao["connect-src"] = [*_kakao["connect-src"], "https://kapi.kakao.com"]
    _kakao["img-src"] = [*_kakao["img-src"], "https://*.kakaocdn.net"]

# --- Sign-in throttling (django-axes) -------------------------------------------

# Too many wrong passwords lock the username, and the client address, out of
# the admin for AXES_COOLOFF_TIME. Unlock early: manage.py axes_reset_username
# NAME, axes_reset_ip ADDRESS, or axes_reset (everything).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "thinktank.client.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

# --- Rich text editor (publications/editor.py is the only place that knows it) --

CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Editorial",
        "toolbar_Editorial": [
            ["Format"],
            ["Bold", "Italic", "Underline", "Subscript", "Superscript", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule"],
            ["Undo", "Redo"],
        ],
        "format_tags": "p;h2;h3;h4",
        # Advanced Content Filter stays on (no allowedContent: true); no source
        # mode, no full-page editing, nothing that embeds foreign content.
        "removePlugins": "sourcearea,iframe,flash,forms,templates,newpage,preview,save",
        "fullPage": False,
        "height": 420,
        "width": "100%",
    }
}
SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001 warns that CKEditor 4 is end-of-life. We keep it because
    # the stack requires django-ckeditor; the editor is confined to
    # publications/editor.py, runs with the restricted config above, and the
    # server sanitises every body with nh3 (publications/sanitize.py), so the
    # editor is never trusted to make HTML safe.
    "ckeditor.W001",
]

# --- Mail ---------------------------------------------------------------------

_EMAIL_URL = env.str("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")
EMAIL_CONFIG = env.email_url_config(_EMAIL_URL)
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG.get("EMAIL_BACKEND", "").endswith("filebased.EmailBackend"):
    EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
    # django-environ drops the leading "/" of filemail:///abs/path; put it back.
    if _EMAIL_URL.startswith("filemail:///") and not EMAIL_FILE_PATH.startswith("/"):
        EMAIL_FILE_PATH = "/" + EMAIL_FILE_PATH
    _owner_only_dir(Path(EMAIL_FILE_PATH))  # mails hold readers' addresses and messages
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

MAILING_RATE_PER_IP = env.str("MAILING_RATE_PER_IP", default="10/h")
MAILING_RATE_PER_RECIPIENT = env.str("MAILING_RATE_PER_RECIPIENT", default="3/d")
MAILING_RATE_SITE_PER_HOUR = env.int("MAILING_RATE_SITE_PER_HOUR", default=500)
# A form older than this is treated like a bot's replayed one (nothing is sent).
MAILING_FORM_MAX_AGE_SECONDS = env.int("MAILING_FORM_MAX_AGE_SECONDS", default=24 * 60 * 60)
# A person needs at least this long to fill the form; faster is a bot.
MAILING_MIN_FILL_SECONDS = env.float("MAILING_MIN_FILL_SECONDS", default=3.0)
# Transient SMTP errors: retry after base, 2*base, 4*base... seconds, capped.
MAILING_MAX_ATTEMPTS = env.int("MAILING_MAX_ATTEMPTS", default=8)
MAILING_RETRY_BASE_SECONDS = env.float("MAILING_RETRY_BASE_SECONDS", default=15.0)
MAILING_RETRY_MAX_SECONDS = env.float("MAILING_RETRY_MAX_SECONDS", default=600.0)

# --- Celery -------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # Exchange tables; kombu's default is ./control in whatever the cwd is.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Longer than the longest retry countdown, so Redis never redelivers a
    # task that is merely waiting for its retry time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers log through settings.LOGGING (request ids, LOG_FORMAT=json), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# PDF rendering has a queue of its own, so a bulk export never delays mail. A
# worker started without -Q consumes both; production may run one per queue
# (docs/deploy.md: -Q celery for mail and sweeps, -Q pdf for rendering).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue("celery"), Queue("pdf")]
CELERY_TASK_ROUTES = {
    "publications.tasks.run_pdf_export": {"queue": "pdf"},
    "publications.tasks.warm_article_pdfs": {"queue": "pdf"},
    # Rendering too: share cards wait behind PDFs, never in front of mail.
    "publications.share_card.tasks.warm_share_cards": {"queue": "pdf"},
    # And search indexing (attachment text takes seconds): the "celery" queue is mail's.
    "search.tasks.index_articles": {"queue": "pdf"},
    "search.tasks.extract_attachment_text": {"queue": "pdf"},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-mail": {"task": "mailing.tasks.requeue_stuck_mail", "schedule": 60.0},
}
if HIT_BUFFER_URL:  # without Redis, hits go straight to the database
    CELERY_BEAT_SCHEDULE["flush-hit-counts"] = {
        "task": "publications.tasks.flush_hits",
        "schedule": 15.0,
    }

# --- Logging ------------------------------------------------------------------

# One line per request (thinktank.request) and per task (thinktank.task), each
# with the request id; LOG_FORMAT=json for log collectors (thinktank/request_log.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "thinktank.request_log.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "thinktank.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs seven steps per PDF at INFO; bulk exports render thousands.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Editors find in the admin what readers find on the site (search/services.py).
ARTICLE_ADMIN_SEARCH = "search.services.admin_search"

# --- Tags ---------------------------------------------------------------------

TAGGIT_CASE_INSENSITIVE = True
