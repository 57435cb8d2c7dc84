"""The client's address behind a proxy: the forwarded chain is read from a trusted proxy only,
and only as far back as the trusted proxies go."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from khavaran.config.proxies import client_address, parse_proxies


def request_from(peer: str, forwarded_for: str = "") -> Any:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return RequestFactory().get("/login/", REMOTE_ADDR=peer, **headers)


@pytest.fixture(autouse=True)
def proxies(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ("127.0.0.1", "10.0.0.0/8")


def test_a_direct_client_is_its_own_address_whatever_it_forwards() -> None:
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_client_is_the_address_it_forwarded() -> None:
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_an_address_the_client_made_up_on_the_left_is_ignored() -> None:
    # The client sent "X-Forwarded-For: 192.0.2.1"; nginx appended the address it saw.
    chain = "192.0.2.1, 198.51.100.7, 10.1.2.3"
    assert client_address(request_from("127.0.0.1", chain)) == "198.51.100.7"


def test_garbage_in_the_chain_stops_the_walk_at_the_last_trusted_hop() -> None:
    assert client_address(request_from("127.0.0.1", "not-an-address, 10.1.2.3")) == "10.1.2.3"


def test_an_ipv4_client_on_a_dual_stack_socket_is_trusted_as_itself() -> None:
    assert client_address(request_from("::ffff:127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_a_star_trusts_every_sender(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ("*",)
    assert client_address(request_from("203.0.113.9", "198.51.100.7")) == "198.51.100.7"


def test_a_trusted_proxy_entry_that_is_no_address_is_refused_in_one_line() -> None:
    with pytest.raises(SystemExit) as refused:
        parse_proxies("127.0.0.1, nginx.internal")
    assert str(refused.value).startswith("KHAVARAN_TRUSTED_PROXIES: 'nginx.internal'")
    assert parse_proxies(" 127.0.0.1 ,10.0.0.0/8,") == ("127.0.0.1", "10.0.0.0/8")
