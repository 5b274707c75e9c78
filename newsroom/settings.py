"""Settings for Newsroom, read from the environment.

With no environment at all the site runs in debug mode on a SQLite file in the
project folder, which is what `make run` needs on a fresh clone. Production sets
DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and
REDIS_URL.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false."
        )
    # Only ever used for a local debug run; production refuses to start without one.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

# Debug shows the site's own 404 and 500 pages (tracebacks go to the log)
# unless this asks for Django's technical ones.
DEBUG_TECHNICAL_ERRORS = env_bool("NEWSROOM_DEBUG_TECHNICAL_ERRORS", False)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)

# Production runs behind NEWSROOM_PROXY_COUNT proxies (a TLS-terminating one in
# front) that set X-Forwarded-Proto and append the address they were connected
# from to X-Forwarded-For. Both headers are believed only when this is set:
# without a proxy a client could write them itself.
PROXY_COUNT = int(os.environ.get("NEWSROOM_PROXY_COUNT", "0" if DEBUG else "1"))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the health checks over plain HTTP (newsroom.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
# A year, as browsers' preload lists require; an operator trying HTTPS out
# first sets a few minutes. Subdomains are included and the site may be
# preloaded: a newsroom has no business serving anything over plain HTTP.
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    # Django's admin on a site that answers malformed parameters with a 400.
    "newsroom.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "taggit",
    "reversion",
    # Only for the Swagger UI it ships (pinned with it in requirements.txt),
    # which /api/docs serves from our own static files.
    "ninja",
    "django_tasks",
    # The task queue's table and its admin (newsroom.tasks, newsroom.admin).
    "newsroom.admin_site.TaskQueueConfig",
    # The infrastructure's own table: the content generation (newsroom.page_cache).
    "newsroom",
    "images",
    "entities",
    "authors",
    "sections",
    "articles",
    "topics",
    "entitypages",
    "authorpages",
    "sectionpages",
    "topicpages",
]

MIDDLEWARE = [
    # These two outside everything that may answer on its own (the HTTPS
    # redirect, whitenoise, the caches, a lockout), so that every answer
    # carries the policy.
    "newsroom.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Also outside all that answers on its own, 304s and stored pages included.
    "newsroom.middleware.ApiCorsMiddleware",
    # Outside all that may fail, and last to see a view's exception.
    "newsroom.middleware.DebugErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /healthz and /readyz, answered before anything below can read the
    # database, the session or the host (newsroom.health).
    "newsroom.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers 304 from the ETag/Last-Modified of the final response, so it wraps
    # everything below it, including the reader cache headers.
    "django.middleware.http.ConditionalGetMiddleware",
    # Below the 304s and above the session: a stored page is served without
    # reading the session or the database, and what it stores is the answer
    # with the headers everything below set (ReaderCacheMiddleware's included).
    "newsroom.page_cache.PageCacheMiddleware",
    "newsroom.resilience.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.routers.ReplicaReadsMiddleware",
    "newsroom.middleware.ReaderCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns the lockout its backend signals into
    # the lockout page, which then gets the headers of the middleware above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "newsroom.context_processors.site",
                "sectionpages.context_processors.header_sections_context",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=DATABASE_CONN_MAX_AGE,
        # A kept connection is checked before reuse, so the site reconnects
        # by itself after the database restarts (see newsroom.resilience).
        conn_health_checks=True,
    )
}
# Statements run often with new values each time (an article page's read,
# articles.page_read) are prepared, so PostgreSQL plans them once per
# connection instead of on every page. The ORM's own queries bind their values
# in the client and are never prepared. Off behind a pooler in transaction
# mode that cannot follow prepared statements (PgBouncer before 1.21, or
# without max_prepared_statements).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)


def _postgresql_options(database: dict) -> None:
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    options = database.setdefault("OPTIONS", {})
    # Any number lets psycopg prepare: newsroom.statements says per statement
    # whether to, and Django's own cursors never do.
    options.setdefault("prepare_threshold", 5 if DATABASE_PREPARED_STATEMENTS else None)
    if DATABASE_PREPARED_STATEMENTS:
        # What is prepared runs its generic plan. Left to choose, PostgreSQL
        # plans the article page's statement afresh on every run, since the
        # generic plan's estimate (the moment of reading unknown) is the
        # higher: planning it costs three times what running it does.
        options.setdefault("options", "-c plan_cache_mode=force_generic_plan")


_postgresql_options(DATABASES["default"])
# An optional streaming replica of the same database: anonymous readers' queries
# go there, writes and staff to the primary (newsroom.routers). Tests never
# create it: it mirrors the primary's test database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
# A replica that refuses, or does not answer within the connect timeout (libpq
# counts whole seconds, 2 at least), is left out of reads for the retry
# interval: readers read the primary meanwhile (newsroom.routers).
REPLICA_CONNECT_TIMEOUT_SECONDS = int(
    os.environ.get("NEWSROOM_REPLICA_CONNECT_TIMEOUT_SECONDS", "2")
)
REPLICA_RETRY_SECONDS = float(os.environ.get("NEWSROOM_REPLICA_RETRY_SECONDS", "30"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=DATABASE_CONN_MAX_AGE,
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
    _postgresql_options(DATABASES["replica"])
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", REPLICA_CONNECT_TIMEOUT_SECONDS
        )
    DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
# How far the replica may lag behind: for this long after a change to what
# readers see, readers read the primary, so no page is built (and stored) from
# a replica that has not replayed the change.
REPLICA_LAG_SECONDS = float(os.environ.get("NEWSROOM_REPLICA_LAG_SECONDS", "2"))

# Background tasks (newsroom.tasks): `immediate` runs each in the process that
# asks for it, after its transaction commits, so `make run` needs no worker;
# `database` queues them in the database for `manage.py db_worker` to run.
TASKS_MODE = os.environ.get("NEWSROOM_TASKS", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_MODE not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS must be immediate or database, not {TASKS_MODE!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_MODE]}}
# A failing task is tried this many times in all, the n-th retry after
# TASK_BACKOFF_SECONDS × 2^(n-1): 30 s, 1 min, 2 min by default.
TASK_ATTEMPTS = int(os.environ.get("NEWSROOM_TASK_ATTEMPTS", "4"))
TASK_BACKOFF_SECONDS = float(os.environ.get("NEWSROOM_TASK_BACKOFF_SECONDS", "30"))

# Bulk writes of at least this many rows ANALYZE the tables they wrote on
# PostgreSQL once they commit (newsroom.statistics).
STATISTICS_ANALYZE_ROWS = int(os.environ.get("NEWSROOM_ANALYZE_ROWS", "1000"))

REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds a Redis call may wait to connect or for an answer: Redis answers in
# well under a millisecond, and a dead one must not hold pages up.
REDIS_TIMEOUT_SECONDS = float(os.environ.get("NEWSROOM_REDIS_TIMEOUT_SECONDS", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, made to treat an unreachable Redis as a miss
            # (newsroom.cache), so the site serves from the database without it.
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The admin's sign-in is the site's only one: it lands there when its `next`
# is missing or points elsewhere (another site), not on Django's profile URL.
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]

# Admin sign-in throttling (django-axes). A source that fails
# NEWSROOM_LOGIN_FAILURE_LIMIT times for one username is locked out of that
# username for the cool-off; `manage.py axes_reset*` unlock earlier. Counting
# per username and address together means a guesser cannot lock every editor
# out by typing their names, while each guesser gets only so many tries.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(
    minutes=float(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "60"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The banner it would print at every start, each command included, says nothing.
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/login_locked_out.html"

# Uploaded images (the images app). Originals and renditions go through the
# "default" storage: a folder by default, object storage in production
# (docs/operators.md, "Storage for images"). Renditions are named after what
# they are made from, so they can be kept forever wherever they are served from.
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("NEWSROOM_MEDIA_URL", "/media/")
# Django serves the renditions itself (from the storage, whichever it is) in
# debug; production leaves them to object storage, a CDN or the proxy.
SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", DEBUG)
IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", str(30 * 1024**2)))
# Above this an upload is refused from its header, before any decoding: a
# 50-megapixel image takes 150 MB of memory decoded, and Pillow alone only
# refuses past ~179 megapixels.
IMAGE_MAX_PIXELS = 50_000_000
# Where images may come from besides this site: the origin of a MEDIA_URL on
# another host (a CDN), plus any listed in NEWSROOM_IMAGE_ORIGINS.
IMAGE_ORIGINS = env_list("NEWSROOM_IMAGE_ORIGINS", "")
if "://" in MEDIA_URL:
    _media = urlsplit(MEDIA_URL)
    IMAGE_ORIGINS.append(f"{_media.scheme}://{_media.netloc}")

# Content-Security-Policy (django-csp): the site's own files only, nothing
# inline but the blocks a page admits by hash (newsroom/csp.py), never framed.
# The admin runs under the same policy (docs/operators.md, Security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *IMAGE_ORIGINS],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
# "2 Dec 2026, 09:00 UTC" on every admin page: see newsroom/formats/en/formats.py.
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In debug, whitenoise serves straight from the app folders; production serves
# the hashed, compressed copies that collectstatic writes to STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# The language of a piece that names none (BCP 47).
NEWSROOM_LANGUAGE = os.environ.get("NEWSROOM_LANGUAGE", "en")
# How long browsers and shared caches may keep a page for anonymous readers: short,
# so that publishing or withdrawing a piece shows within seconds.
READER_CACHE_SECONDS = int(os.environ.get("NEWSROOM_READER_CACHE_SECONDS", "30"))
# How long the server keeps a whole page for anonymous readers (0: not at all).
# Every change readers can see replaces the stored pages at once, and none
# outlives the next scheduled publication (newsroom.page_cache), so this only
# bounds the memory pages take and how stale an edit made outside the site's
# services (a shell) can be.
PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "300"))
# How long a change may take to show when the cache did not hear of it (Redis
# down, read-only or full): each process asks the database for the content
# generation at most this often, one query by primary key.
PAGE_GENERATION_RECHECK_SECONDS = float(
    os.environ.get("NEWSROOM_GENERATION_RECHECK_SECONDS", "1")
)
# How many answers with free text in their address (searches, a section filter)
# may be stored per PAGE_CACHE_SECONDS: anyone can ask for new ones.
PAGE_CACHE_TEXT_PAGES = int(os.environ.get("NEWSROOM_PAGE_CACHE_TEXT_PAGES", "500"))
SEARCH_RESULTS_PER_PAGE = 20
ARTICLES_PER_PAGE = 20
# A page of the API's lists unless the client asks for another size.
API_PAGE_SIZE = 10
# Where the JSON API lives (newsroom.urls), for the middleware that serves it.
API_PATH = "/api/"
# Coverage lists (actor, combined and author pages) number their first pages;
# deeper ones are reached by "Older" links, which cost the same at any depth
# (articles.pagination). A deeper ?page=N redirects to the last numbered page.
NEWSROOM_NUMBERED_PAGES = int(os.environ.get("NEWSROOM_NUMBERED_PAGES", "10"))
# Cached article cards are keyed on the piece's version and its actors' edit
# times, so this only bounds the memory they take, never their freshness.
CARD_CACHE_SECONDS = int(os.environ.get("NEWSROOM_CARD_CACHE_SECONDS", "3600"))
# Rendered article bodies and structured data are keyed on what they are made
# from, so this too bounds memory, never freshness.
RENDER_CACHE_SECONDS = int(os.environ.get("NEWSROOM_RENDER_CACHE_SECONDS", "3600"))
# How long an actor's counts, chart and co-coverage may be kept: they go stale
# with the stored pages on every write readers see (entitypages.coverage), so
# this too bounds memory, never freshness.
COVERAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_COVERAGE_CACHE_SECONDS", "60"))
# The authority of feed item ids (tag: URIs, RFC 4151). Never change it once feeds
# are out: readers tell new items from seen ones by these ids.
FEED_GUID_AUTHORITY = os.environ.get(
    "NEWSROOM_FEED_GUID_AUTHORITY", "newsroom.example,2026"
)

# Related coverage's settings (RELATED_*) and their defaults: articles/related/conf.py.

# Entity slugs are ASCII so that URLs such as /entities/hamas+hezbollah/ stay simple.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_warning": {"()": "newsroom.log.OneLineWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A request for a host not ours is a warning of one line, not a traceback.
    "loggers": {
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
        # A task's start and end are the worker's to tell (db_worker raises
        # this at its default verbosity); a command running tasks in process
        # says what it did in its own line. Failures are errors, still shown.
        "django_tasks": {"level": "WARNING"},
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
