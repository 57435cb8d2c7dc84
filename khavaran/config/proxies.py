"""What the app believes of the headers in front of it: forwarded headers only from a trusted
reverse proxy, and a refused Host header as one log line.

`KHAVARAN_TRUSTED_PROXIES` names the proxies (addresses or networks, as gunicorn's
`forwarded_allow_ips` takes them). A request from anywhere else cannot claim HTTPS with
X-Forwarded-Proto nor another client address with X-Forwarded-For.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    # Only for the hints: the settings import this module before Django is set up.
    from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The forwarded headers a client could forge to look like it came over HTTPS or from elsewhere.
FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR")


def parse_proxies(value: str) -> tuple[str, ...]:
    """The comma-separated entries of KHAVARAN_TRUSTED_PROXIES, each checked.

    Raises:
        SystemExit: one line naming the entry that is no address, network or ``*``.
    """
    entries = tuple(entry.strip() for entry in value.split(",") if entry.strip())
    for entry in entries:
        if entry != "*":
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise SystemExit(
                    f"KHAVARAN_TRUSTED_PROXIES: {entry!r} is not an address or network "
                    "(e.g. 127.0.0.1, 10.0.0.0/8 or *)"
                ) from None
    return entries


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...] | None:
    """The trusted networks; None when ``*`` trusts every address."""
    if "*" in entries:
        return None
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address: str) -> bool:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if networks is None:
        return True
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    # An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent the request, for throttling and logs.

    From a trusted proxy, the nearest address in X-Forwarded-For that is not itself a trusted
    proxy (the entries further left are whatever the client chose to send); from anyone else,
    the connection's own address.
    """
    address: str = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(address):
        return address
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([h.strip() for h in hops if h.strip()]):
        if not _is_address(hop):
            break
        address = hop
        if not is_trusted_proxy(hop):
            break
    return address


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class ForwardedHeadersMiddleware:
    """Drop X-Forwarded-Proto and X-Forwarded-For unless a trusted proxy sent the request.

    Django's SECURE_PROXY_SSL_HEADER believes the header from anyone; gunicorn checks the
    sender, but the app must not depend on the server in front of it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR", "")
        if not is_trusted_proxy(peer):
            dropped = [header for header in FORWARDED if request.META.pop(header, None)]
            if dropped and settings.HTTPS:
                warn_untrusted_proxy(peer, dropped)
        return self.get_response(request)


logger = logging.getLogger("khavaran.security.proxies")
# Peers already named in the log by this process; a scanner sending the headers from many
# addresses must not fill the log (or memory), so the warning stops after this many.
_warned: set[str] = set()
WARNED_PEERS = 100


def warn_untrusted_proxy(peer: str, dropped: list[str]) -> None:
    """Say once per peer that its forwarded headers were ignored: behind a proxy missing from
    KHAVARAN_TRUSTED_PROXIES everything seems to work, but HTTPS is never seen (no HSTS, and
    KHAVARAN_SSL_REDIRECT would loop) and every client counts as the proxy's address.

    Names the headers, never their values (a client's address) nor the request's path.
    """
    if peer in _warned or len(_warned) >= WARNED_PEERS:
        return
    _warned.add(peer)
    names = " and ".join(h.removeprefix("HTTP_").replace("_", "-").title() for h in dropped)
    shown = peer[:64] or "a peer without an address"
    logger.warning(
        "ignored %s from %s, which is not in KHAVARAN_TRUSTED_PROXIES (%s): if it is your "
        "reverse proxy, add it there; until then HTTPS is not seen (no HSTS) and all its "
        "clients count as one address",
        names,
        shown,
        ",".join(settings.TRUSTED_PROXIES),
    )


class RefusedHostFilter(logging.Filter):
    """Turn Django's 14-line DisallowedHost traceback into one warning that names our setting.

    Anyone can send any Host header: a scanner's request is no error of the app's.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request: Any = getattr(record, "request", None)
        meta: dict[str, Any] = getattr(request, "META", {})
        host = str(meta.get("HTTP_HOST") or meta.get("SERVER_NAME", ""))[:200]
        record.msg = "refused a request for host %r: it is not in KHAVARAN_ALLOWED_HOSTS (%s)"
        record.args = (host, ",".join(settings.ALLOWED_HOSTS))
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
