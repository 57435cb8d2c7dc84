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
    "KHAVARAN_MAX_FILE_BYTES": "Largest file ingest accepts, in bytes (default 1 GiB).",
    "KHAVARAN_DEBUG": "1 to show Django debug pages (never in production).",
    "KHAVARAN_ALLOWED_HOSTS": "Comma-separated host names the web app answers to.",
    "KHAVARAN_NER_MODEL": "Optional path of an installed spaCy pipeline for name extraction.",
    "KHAVARAN_SAMPLE_CORPUS": "Reference corpus folder `khavaran demo` also loads when present.",
}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw.replace("_", ""))
    except ValueError:
        raise SystemExit(f"{name} must be a whole number of bytes, not {raw!r}") from None


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


def data_dir() -> Path:
    return Path(env_str("KHAVARAN_DATA_DIR", "khavaran-data")).expanduser().resolve()
