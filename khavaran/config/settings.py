"""Django settings, all read from the environment (see `environment.SETTINGS`)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import cast

import dj_database_url

from khavaran.accounts.passwords import PASSWORD_VALIDATORS
from khavaran.config.environment import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    redacted,
)
from khavaran.config.proxies import parse_proxies

DATA_DIR = data_dir()
BASE_DIR = Path(__file__).resolve().parent.parent


def _secret_key() -> str:
    key = env_str("KHAVARAN_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.touch(mode=0o600)
    path.write_text(key)
    return key


ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def _parsed_database_url(url: str) -> dict[str, object]:
    """The URL as Django's DATABASES entry; one line naming the URL (no password) if wrong."""
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url))
    except ValueError:
        config = {}
    if config.get("ENGINE") not in ENGINES:
        raise SystemExit(
            f"KHAVARAN_DATABASE_URL {redacted(url)!r} is not a database Khavaran can use: "
            "write postgres://user:password@host:5432/name or sqlite:////path/to/file"
        )
    return config


def _database() -> dict[str, object]:
    url = env_str("KHAVARAN_DATABASE_URL")
    if not url:
        url = f"sqlite:///{DATA_DIR / 'khavaran.sqlite3'}"
    config = _parsed_database_url(url)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Kept five minutes, and checked before a request reuses it: after a PostgreSQL
        # restart the first request on each worker got the dead connection and a 500.
        config["CONN_MAX_AGE"] = 300
        config["CONN_HEALTH_CHECKS"] = True
        # A server that drops packets would hold every command for minutes, saying nothing.
        options = cast(dict[str, object], config.get("OPTIONS") or {})
        config["OPTIONS"] = {"connect_timeout": 10, **options}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
        # failing with "database is locked" half-way through a transaction.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
        # Keep the connection: closing the last one checkpoints and deletes the WAL, and the
        # next write re-creates it (10-20 ms a request under gunicorn's sync workers).
        config["CONN_MAX_AGE"] = None
        config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    config["TEST"] = {"NAME": None}
    return config


SECRET_KEY = _secret_key()
# Keys replaced (a person who could read the old one left): what they signed, and the public
# site's record ids (khavaran.public_ids), keep working for as long as they are listed.
SECRET_KEY_FALLBACKS = env_list("KHAVARAN_SECRET_KEY_FALLBACKS")
DEBUG = env_bool("KHAVARAN_DEBUG")
ALLOWED_HOSTS = env_list("KHAVARAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
MAX_FILE_BYTES = env_int("KHAVARAN_MAX_FILE_BYTES", 1024**3)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "khavaran.config",
    "khavaran.accounts",
    "khavaran.audit",
    "khavaran.search",
    "khavaran.evidence",
    "khavaran.records",
    "khavaran.extract",
    "khavaran.web",
    "khavaran.analysis",
    # Web (issue 3): login throttling and the optional TOTP second factor.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    # First: nothing may read X-Forwarded-Proto or -For before an untrusted one is dropped.
    "khavaran.config.proxies.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Django's, except that a session a full disk kept from being saved does not cost the page.
    "khavaran.web.full_disk.FullDiskSessionMiddleware",
    "khavaran.web.sessions.RenewSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A view that finds the disk full: 507 and one sentence. Before the upload check, whose
    # process_exception (run from the last middleware up) answers an upload's in its own words.
    "khavaran.web.full_disk.FullDiskMiddleware",
    # Before the CSRF check, which would read (and spool) the whole body of a refused upload.
    "khavaran.web.uploads.UploadLimitMiddleware",
    # After the size check: it reads the form, which a refused upload must not be.
    "khavaran.web.null_bytes.RefuseNullBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After sign-in and the second factor: a one-time password sends its user to choose one.
    "khavaran.web.sessions.OneTimePasswordMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: a form sent twice (Back, then Save) is refused, pointing at the first.
    "khavaran.web.once.OnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khavaran.config.urls"
WSGI_APPLICATION = "khavaran.config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ]
        },
    }
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The same rules everywhere a password is set (khavaran/accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fa", "فارسی")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refused_host": {"()": "khavaran.config.proxies.RefusedHostFilter"}},
    "formatters": {"utc": {"()": "khavaran.config.log_lines.UtcFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # A request for another host is a scanner's, not an error: one line, not a traceback.
    "loggers": {"django.security.DisallowedHost": {"filters": ["refused_host"]}},
}

# --- Deployment: HTTPS, the reverse proxy, uploads (docs/deployment.md) ---
HTTPS = env_bool("KHAVARAN_HTTPS")
TRUSTED_PROXIES = parse_proxies(env_str("KHAVARAN_TRUSTED_PROXIES", "127.0.0.1,::1"))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# A TLS-terminating proxy talks plain HTTP to the app and says "https" in this header; it is
# dropped from any sender not in TRUSTED_PROXIES (proxies.ForwardedHeadersMiddleware).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("KHAVARAN_HSTS_SECONDS", 365 * 24 * 3600, "seconds") if HTTPS else 0
# Read (and checked) even without HTTPS, so that a wrong value is said at once.
SECURE_SSL_REDIRECT = env_bool("KHAVARAN_SSL_REDIRECT") and HTTPS
# A monitor on the server asks gunicorn directly, in plain HTTP: /health answers it there.
SECURE_REDIRECT_EXEMPT = [r"^health$"]


def _csrf_trusted_origins() -> list[str]:
    """The allowed hosts as origins, so a proxy that rewrites Host still accepts our forms,
    and the origins KHAVARAN_CSRF_TRUSTED_ORIGINS adds (another port, another name)."""
    scheme = "https" if HTTPS else "http"
    hosts = [h for h in ALLOWED_HOSTS if h != "*"]
    # ".example.org" in ALLOWED_HOSTS is the domain and every name under it.
    derived = [f"{scheme}://{h.lstrip('.')}" for h in hosts]
    derived += [f"{scheme}://*{h}" for h in hosts if h.startswith(".")]
    added = env_list("KHAVARAN_CSRF_TRUSTED_ORIGINS")
    for origin in added:
        if not origin.startswith(("https://", "http://")):
            raise SystemExit(
                f"KHAVARAN_CSRF_TRUSTED_ORIGINS: {origin!r} is not an origin; write it as "
                "the browser's address bar starts, e.g. https://khavaran.example.org:8443"
            )
    return derived + added


CSRF_TRUSTED_ORIGINS = _csrf_trusted_origins()
CSRF_FAILURE_VIEW = "khavaran.web.views.errors.csrf_failure"
# Sign-in throttling counts per client, not per proxy.
AXES_CLIENT_IP_CALLABLE = "khavaran.web.signin.client_address"
AXES_CLIENT_STR_CALLABLE = "khavaran.web.signin.client_str"
AXES_USERNAME_CALLABLE = "khavaran.web.signin.stored_name"

# The memorial's and lists' orders of names (`web.queries.cached_order`), on disk so that every
# server process reads the order one of them computed (about a second at 50,000 victims),
# instead of each computing it after every change. Private to the data dir (0700/0600).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "orders": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "orders"),
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# Uploads are spooled inside the private data dir, never in the system's /tmp, and refused as
# soon as they pass MAX_FILE_BYTES (khavaran/web/uploads.py).
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "uploads")
FILE_UPLOAD_HANDLERS = [
    "khavaran.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "khavaran.web.uploads.PrivateTemporaryFileUploadHandler",
]

# --- Web (issue 3) ---
# The public site and the workspace share the app's own static folder; see khavaran/web/static.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user with a prepared statement.
    "khavaran.web.signin.PreparedModelBackend",
]
# Five wrong passwords for one name from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "khavaran/locked.html"
AXES_VERBOSE = False
# A password an admin gave (and sent, by chat or mail) signs in this long, then must be given
# again (`user password`): an old message must not still open the account.
ONE_TIME_PASSWORD_HOURS = env_int("KHAVARAN_ONE_TIME_PASSWORD_HOURS", 72, "hours", positive=True)
# Idle timeout: requests renew the session (at most once a minute, see web/sessions.py);
# 30 minutes without one signs the user out.
SESSION_COOKIE_AGE = 30 * 60
# Django's database sessions, read with one prepared statement (web/sessions.py).
SESSION_ENGINE = "khavaran.web.sessions"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False
OTP_TOTP_ISSUER = "Khavaran"
# Strict CSP: scripts and styles only from our own static files, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
