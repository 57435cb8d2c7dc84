"""What the deployment variables set, and the one line a wrong value gets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.config.reloaded import settings_under


def test_https_is_off_unless_asked(monkeypatch: Any) -> None:
    monkeypatch.delenv("KHAVARAN_HTTPS", raising=False)
    loaded = settings_under(monkeypatch)
    assert not loaded.SESSION_COOKIE_SECURE and not loaded.CSRF_COOKIE_SECURE
    assert loaded.SECURE_HSTS_SECONDS == 0 and loaded.SECURE_PROXY_SSL_HEADER is None


def test_https_turns_on_secure_cookies_hsts_and_the_proxy_header(monkeypatch: Any) -> None:
    loaded = settings_under(monkeypatch, KHAVARAN_HTTPS="1")
    assert loaded.SESSION_COOKIE_SECURE and loaded.CSRF_COOKIE_SECURE
    assert loaded.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert loaded.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert not loaded.SECURE_SSL_REDIRECT


def test_the_allowed_hosts_are_trusted_origins_in_the_sites_scheme(monkeypatch: Any) -> None:
    hosts = "khavaran.example.org,.example.net"
    loaded = settings_under(monkeypatch, KHAVARAN_ALLOWED_HOSTS=hosts, KHAVARAN_HTTPS="1")
    assert loaded.CSRF_TRUSTED_ORIGINS == [
        "https://khavaran.example.org",
        "https://example.net",
        "https://*.example.net",
    ]


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        (
            "KHAVARAN_HSTS_SECONDS",
            "a year",
            "KHAVARAN_HSTS_SECONDS must be a whole number of seconds, not 'a year'",
        ),
        (
            "KHAVARAN_CSRF_TRUSTED_ORIGINS",
            "khavaran.example.org",
            "KHAVARAN_CSRF_TRUSTED_ORIGINS: 'khavaran.example.org' is not an origin",
        ),
        (
            "KHAVARAN_TRUSTED_PROXIES",
            "nginx",
            "KHAVARAN_TRUSTED_PROXIES: 'nginx' is not an address or network",
        ),
    ],
)
def test_a_wrong_value_is_refused_in_one_line(
    monkeypatch: Any, name: str, value: str, said: str
) -> None:
    with pytest.raises(SystemExit) as refused:
        settings_under(monkeypatch, KHAVARAN_HTTPS="1", **{name: value})
    assert str(refused.value).startswith(said)
    assert "\n" not in str(refused.value)


def test_postgresql_connections_are_checked_before_reuse(monkeypatch: Any) -> None:
    url = "postgres://khavaran:s3cret@db.internal:5432/khavaran"
    database = settings_under(monkeypatch, KHAVARAN_DATABASE_URL=url).DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] == 300
    assert database["OPTIONS"]["connect_timeout"] == 10


@pytest.mark.parametrize(
    "url", ["postgress://khavaran:s3cret@db/khavaran", "mysql://khavaran:s3cret@db/khavaran"]
)
def test_a_database_url_khavaran_cannot_use_is_one_line_without_its_password(
    monkeypatch: Any, url: str
) -> None:
    with pytest.raises(SystemExit) as refused:
        settings_under(monkeypatch, KHAVARAN_DATABASE_URL=url)
    said = str(refused.value)
    scheme = url.split(":")[0]
    assert said.startswith(f"KHAVARAN_DATABASE_URL '{scheme}://khavaran:***@db/khavaran'")
    assert "khavaran:***@db" in said and "s3cret" not in said


@pytest.mark.parametrize("name", ["KHAVARAN_HTTPS", "KHAVARAN_SSL_REDIRECT", "KHAVARAN_DEBUG"])
@pytest.mark.parametrize("value", ["y", "2", "enabled", "https"])
def test_a_yes_or_no_setting_refuses_a_value_it_does_not_know(
    monkeypatch: Any, name: str, value: str
) -> None:
    with pytest.raises(SystemExit) as refused:
        settings_under(monkeypatch, **{name: value})
    assert str(refused.value) == (
        f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}"
    )


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), ("Yes", True), (" on ", True), ("0", False), ("OFF", False)]
)
def test_a_yes_or_no_setting_reads_the_usual_spellings(
    monkeypatch: Any, value: str, on: bool
) -> None:
    assert settings_under(monkeypatch, KHAVARAN_HTTPS=value).SESSION_COOKIE_SECURE is on


def test_earlier_secret_keys_are_kept_as_fallbacks(monkeypatch: Any) -> None:
    loaded = settings_under(monkeypatch, KHAVARAN_SECRET_KEY_FALLBACKS="old one, older one")
    assert loaded.SECRET_KEY_FALLBACKS == ["old one", "older one"]
    monkeypatch.delenv("KHAVARAN_SECRET_KEY_FALLBACKS")
    assert settings_under(monkeypatch).SECRET_KEY_FALLBACKS == []
