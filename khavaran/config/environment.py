"""Typed readers for the environment variables Khavaran understands.

Every setting a person can change is listed in `SETTINGS` so that the docs test can check each
one is documented.
"""

from __future__ import annotations

import os
from pathlib import Path

SETTINGS = {
    "KHAVARAN_DATA_DIR": "Folder holding originals, the embedded database and the secret key.",
    "KHAVARAN_DATABASE_URL": "Database URL (postgres://… or sqlite:///…); default: SQLite in "
    "the data dir.",
    "KHAVARAN_USER": "Who is acting on the command line, for the audit log (else the OS user).",
    "KHAVARAN_SECRET_KEY": "Django secret key; default: generated once into the data dir.",
    "KHAVARAN_SECRET_KEY_FALLBACKS": "Comma-separated earlier secret keys, still accepted after "
    "a change: their signed cookies and the public site's record ids keep working.",
    "KHAVARAN_MAX_FILE_BYTES": "Largest file ingest accepts, in bytes (default 1 GiB).",
    "KHAVARAN_DEBUG": "1 to show Django debug pages (never in production).",
    "KHAVARAN_ALLOWED_HOSTS": "Comma-separated host names the web app answers to.",
    "KHAVARAN_HTTPS": "1 when browsers reach the site over HTTPS (directly or through a proxy): "
    "HTTPS-only cookies and HSTS.",
    "KHAVARAN_HSTS_SECONDS": "How long browsers keep to HTTPS once told (default one year; 0 "
    "for none); only with KHAVARAN_HTTPS.",
    "KHAVARAN_SSL_REDIRECT": "1 to redirect plain HTTP requests to HTTPS in the app itself.",
    "KHAVARAN_TRUSTED_PROXIES": "Addresses or networks of the reverse proxies whose "
    "X-Forwarded-Proto and X-Forwarded-For are believed (default 127.0.0.1,::1).",
    "KHAVARAN_CSRF_TRUSTED_ORIGINS": "Further origins (https://host:port) forms may be sent "
    "from, besides the allowed hosts.",
    "KHAVARAN_ONE_TIME_PASSWORD_HOURS": "Hours a password an admin gave (`user add`, `user "
    "password`) signs in before it must be given again (default 72).",
    "KHAVARAN_NER_MODEL": "Optional path of an installed spaCy pipeline for name extraction.",
    "KHAVARAN_SAMPLE_CORPUS": "Reference corpus folder `khavaran demo` also loads when present.",
}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int, unit: str = "bytes", *, positive: bool = False) -> int:
    """A whole-number setting; any other value (or, when `positive`, one under 1) is refused
    in one line."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    wanted = f"a whole number of {unit}{' above 0' if positive else ''}"
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise SystemExit(f"{name} must be {wanted}, not {raw!r}") from None
    if positive and value < 1:
        raise SystemExit(f"{name} must be {wanted}, not {raw!r}")
    return value


TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    """A yes-or-no setting; any other value is refused in one line.

    Read as off, `KHAVARAN_HTTPS=y` would drop secure cookies and HSTS without a word.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw.lower() in TRUE | FALSE:
        return raw.lower() in TRUE
    raise SystemExit(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated setting, without blanks."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def redacted(url: str) -> str:
    """A database URL fit for a message: its password replaced by ***."""
    scheme, sep, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{place}"


def data_dir() -> Path:
    return Path(env_str("KHAVARAN_DATA_DIR", "khavaran-data")).expanduser().resolve()
