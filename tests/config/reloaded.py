"""The settings module read again under other environment variables, as a server would start."""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

# What KHAVARAN_HTTPS, KHAVARAN_TRUSTED_PROXIES and friends decide.
DEPLOYMENT = (
    "ALLOWED_HOSTS",
    "HTTPS",
    "TRUSTED_PROXIES",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "CSRF_TRUSTED_ORIGINS",
)


def settings_under(monkeypatch: Any, **env: str) -> ModuleType:
    """`khavaran.config.settings` as loaded with these variables set (and the rest as now)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("khavaran.config.settings")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def deploy(settings: Any, monkeypatch: Any, **env: str) -> None:
    """Give the running test the deployment settings these variables make."""
    loaded = settings_under(monkeypatch, **env)
    for name in DEPLOYMENT:
        setattr(settings, name, getattr(loaded, name))
    # The test client's own host stays allowed, as Django's test setup makes it.
    settings.ALLOWED_HOSTS = [*loaded.ALLOWED_HOSTS, "testserver"]
