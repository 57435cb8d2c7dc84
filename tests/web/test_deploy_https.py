"""Behind HTTPS and a reverse proxy: Secure cookies, HSTS, forwarded headers believed only from
a trusted proxy, forms accepted from the site's own origins, and our own page when one is not."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.config.reloaded import deploy

pytestmark = pytest.mark.django_db

ORIGIN = "https://khavaran.example.org"
SITE = {"KHAVARAN_ALLOWED_HOSTS": "khavaran.example.org"}


def sign_in(client: Client, password: str, **headers: Any) -> Any:
    """Open the sign-in page and send it back, as a browser would, with these headers."""
    client.get("/login/", **headers)
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    form = {"username": "vida", "password": password, "csrfmiddlewaretoken": token}
    return client.post("/login/", form, **headers)


def test_over_https_the_session_and_csrf_cookies_are_sent_only_over_https(
    cast: dict[str, Any], password: str, settings: Any, monkeypatch: Any
) -> None:
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/", secure=True)
    assert page.cookies[settings.CSRF_COOKIE_NAME]["secure"] is True
    response = sign_in(client, password, secure=True, HTTP_ORIGIN="https://testserver")
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"] is True


def test_without_https_the_cookies_stay_usable_over_plain_http(
    cast: dict[str, Any], password: str, settings: Any, monkeypatch: Any
) -> None:
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="")
    response = sign_in(Client(enforce_csrf_checks=True), password)
    assert response.status_code == 302
    assert not response.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert "Strict-Transport-Security" not in response


def test_over_https_browsers_are_told_to_keep_to_https_for_a_year(
    settings: Any, monkeypatch: Any
) -> None:
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1")
    assert Client().get("/login/", secure=True)["Strict-Transport-Security"] == "max-age=31536000"
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1", KHAVARAN_HSTS_SECONDS="3600")
    assert Client().get("/login/", secure=True)["Strict-Transport-Security"] == "max-age=3600"


def test_x_forwarded_proto_is_believed_from_a_trusted_proxy_only(
    settings: Any, monkeypatch: Any
) -> None:
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1", KHAVARAN_TRUSTED_PROXIES="10.0.0.2")
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https"}
    from_proxy = Client().get("/login/", REMOTE_ADDR="10.0.0.2", **forwarded)
    from_anyone = Client().get("/login/", REMOTE_ADDR="203.0.113.9", **forwarded)
    assert "Strict-Transport-Security" in from_proxy
    assert "Strict-Transport-Security" not in from_anyone


def test_a_local_proxy_is_trusted_by_default(settings: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("KHAVARAN_TRUSTED_PROXIES", raising=False)
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1")
    local = Client().get("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" in local


def test_plain_http_is_redirected_to_https_when_asked(settings: Any, monkeypatch: Any) -> None:
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1", KHAVARAN_SSL_REDIRECT="1")
    response = Client().get("/login/", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/login/"


def test_signing_in_through_a_proxy_on_another_host_works(
    cast: dict[str, Any], password: str, settings: Any, monkeypatch: Any
) -> None:
    # The sysadmin's report: nginx in a container, TLS ended there, every sign-in refused.
    proxy = {"KHAVARAN_TRUSTED_PROXIES": "172.17.0.0/16"}
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1", **SITE, **proxy)
    headers = {
        "REMOTE_ADDR": "172.17.0.3",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_HOST": "khavaran.example.org",
        "HTTP_ORIGIN": ORIGIN,
    }
    response = sign_in(Client(enforce_csrf_checks=True), password, **headers)
    assert response.status_code == 302


def test_a_form_from_the_sites_own_origin_passes_when_the_proxy_rewrites_host(
    cast: dict[str, Any], password: str, settings: Any, monkeypatch: Any
) -> None:
    # proxy_pass to 127.0.0.1:8000 without `proxy_set_header Host`: the app sees its own
    # address, the browser's Origin names the site.
    env = {"KHAVARAN_ALLOWED_HOSTS": "khavaran.example.org,127.0.0.1", "KHAVARAN_HTTPS": "1"}
    deploy(settings, monkeypatch, **env)
    headers = {
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ORIGIN": ORIGIN,
    }
    assert sign_in(Client(enforce_csrf_checks=True), password, **headers).status_code == 302


def test_an_origin_on_another_port_needs_naming_in_csrf_trusted_origins(
    cast: dict[str, Any], password: str, settings: Any, monkeypatch: Any
) -> None:
    headers = {
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_HOST": "khavaran.example.org",
        "HTTP_ORIGIN": f"{ORIGIN}:8443",
    }
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1", **SITE)
    assert sign_in(Client(enforce_csrf_checks=True), password, **headers).status_code == 403
    trusted = {"KHAVARAN_CSRF_TRUSTED_ORIGINS": f"{ORIGIN}:8443"}
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1", **SITE, **trusted)
    assert sign_in(Client(enforce_csrf_checks=True), password, **headers).status_code == 302


def test_a_refused_form_gets_our_page_that_says_to_reload_and_never_mentions_debug(
    cast: dict[str, Any],
) -> None:
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "vida"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Reload the page" in page and 'href="/login/"' in page
    assert "DEBUG" not in page and "verification failed" not in page
    assert "allow cookies" in page  # none were sent


def test_the_refused_form_page_speaks_persian_to_a_persian_reader(cast: dict[str, Any]) -> None:
    response = Client(enforce_csrf_checks=True).post("/login/", HTTP_ACCEPT_LANGUAGE="fa")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'lang="fa"' in page and 'dir="rtl"' in page
    assert "DEBUG" not in page


def test_the_log_tells_the_admin_https_is_not_set(
    cast: dict[str, Any], password: str, settings: Any, monkeypatch: Any, caplog: Any
) -> None:
    # TLS ends at the proxy, and KHAVARAN_HTTPS was forgotten.
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="", **SITE)
    headers = {"HTTP_HOST": "khavaran.example.org", "HTTP_ORIGIN": ORIGIN}
    with caplog.at_level(logging.WARNING, logger="khavaran.security.csrf"):
        response = sign_in(Client(enforce_csrf_checks=True), password, **headers)
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "khavaran.security.csrf"]
    line = record.getMessage()
    assert "KHAVARAN_HTTPS is not set" in line
    assert "\n" not in line and record.exc_info is None


def test_the_log_tells_the_admin_a_proxy_is_not_trusted(
    cast: dict[str, Any], password: str, settings: Any, monkeypatch: Any, caplog: Any
) -> None:
    deploy(settings, monkeypatch, KHAVARAN_HTTPS="1", **SITE)
    headers = {
        "REMOTE_ADDR": "172.17.0.3",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_HOST": "khavaran.example.org",
        "HTTP_ORIGIN": f"{ORIGIN}:8443",
    }
    with caplog.at_level(logging.WARNING, logger="khavaran.security.csrf"):
        response = sign_in(Client(enforce_csrf_checks=True), password, **headers)
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "khavaran.security.csrf"]
    line = record.getMessage()
    assert "172.17.0.3" in line and "KHAVARAN_TRUSTED_PROXIES" in line
    assert "KHAVARAN_CSRF_TRUSTED_ORIGINS" in line  # the port, too


def test_the_log_tells_the_admin_the_proxy_rewrote_the_host(
    cast: dict[str, Any], password: str, caplog: Any
) -> None:
    headers = {"HTTP_HOST": "127.0.0.1", "HTTP_ORIGIN": "http://khavaran.example.org"}
    with caplog.at_level(logging.WARNING, logger="khavaran.security.csrf"):
        response = sign_in(Client(enforce_csrf_checks=True), password, **headers)
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "khavaran.security.csrf"]
    assert "proxy_set_header Host" in record.getMessage()
    assert "KHAVARAN_CSRF_TRUSTED_ORIGINS" in record.getMessage()
