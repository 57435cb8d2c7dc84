"""Django settings, all read from the environment (see `environment.SETTINGS`)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from khavaran.config.environment import data_dir, env_bool, env_int, env_str

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


def _database() -> dict[str, object]:
    url = env_str("KHAVARAN_DATABASE_URL")
    if not url:
        url = f"sqlite:///{DATA_DIR / 'khavaran.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
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
DEBUG = env_bool("KHAVARAN_DEBUG")
ALLOWED_HOSTS = [
    h for h in env_str("KHAVARAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
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
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khavaran.web.sessions.RenewSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

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
