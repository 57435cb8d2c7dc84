"""A reverse proxy missing from KHAVARAN_TRUSTED_PROXIES shows no symptom (its X-Forwarded-Proto
is dropped, so HTTPS is never seen and HSTS never sent): the log says so, once per peer."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from khavaran.config import proxies

LOGGER = "khavaran.security.proxies"


@pytest.fixture
def middleware(settings: Any, monkeypatch: Any) -> proxies.ForwardedHeadersMiddleware:
    settings.HTTPS = True
    settings.TRUSTED_PROXIES = ("127.0.0.1", "::1")
    monkeypatch.setattr(proxies, "_warned", set())
    return proxies.ForwardedHeadersMiddleware(lambda request: HttpResponse())


def send(middleware: Any, peer: str, **headers: str) -> Any:
    request = RequestFactory().get("/search/?q=Zahra+Karimi", REMOTE_ADDR=peer, **headers)
    middleware(request)
    return request


def warnings(caplog: Any) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


FROM_PROXY = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}


def test_forwarded_headers_from_an_untrusted_peer_are_named_once_with_the_setting(
    middleware: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        request = send(middleware, "172.17.0.2", **FROM_PROXY)
        send(middleware, "172.17.0.2", **FROM_PROXY)
    assert "HTTP_X_FORWARDED_PROTO" not in request.META
    [line] = warnings(caplog)
    assert line.startswith(
        "ignored X-Forwarded-Proto and X-Forwarded-For from 172.17.0.2, which is not in "
        "KHAVARAN_TRUSTED_PROXIES (127.0.0.1,::1): if it is your reverse proxy, add it there"
    )
    # The client's forwarded address and the request's query stay out of the log.
    assert "198.51.100.7" not in line and "Zahra" not in line and "search" not in line
    assert "\n" not in line


def test_each_untrusted_peer_is_named_once(middleware: Any, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for peer in ("172.17.0.2", "172.17.0.3", "172.17.0.2"):
            send(middleware, peer, HTTP_X_FORWARDED_PROTO="https")
    assert [line.split(" from ")[1].split(",")[0] for line in warnings(caplog)] == [
        "172.17.0.2",
        "172.17.0.3",
    ]


def test_a_trusted_proxy_or_a_request_without_the_headers_is_not_logged(
    middleware: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        kept = send(middleware, "127.0.0.1", **FROM_PROXY)
        send(middleware, "172.17.0.2")
    assert kept.META["HTTP_X_FORWARDED_PROTO"] == "https"
    assert warnings(caplog) == []


def test_without_https_the_dropped_headers_are_not_logged(
    middleware: Any, settings: Any, caplog: Any
) -> None:
    settings.HTTPS = False
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        send(middleware, "172.17.0.2", **FROM_PROXY)
    assert warnings(caplog) == []


def test_a_flood_of_peers_stops_being_named(middleware: Any, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for n in range(proxies.WARNED_PEERS + 20):
            send(middleware, f"203.0.113.{n}", **FROM_PROXY)
    assert len(warnings(caplog)) == proxies.WARNED_PEERS
