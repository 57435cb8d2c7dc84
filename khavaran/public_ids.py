"""Public ids: how the public site names a record, without saying how many others there are.

Row ids count: /public/people/12 and /public/people/14 say that person 13 exists and is hidden,
and the gaps between public ids count the confidential victims and sources. The public site
names each record by its id encrypted instead: 16 URL-safe characters that keep neither order
nor count, the same on every visit, which only the server can turn back into a row id.

Why encrypted rather than stored or hashed:
- a random id stored on each row needs a column and a migration in every app whose records
  are public, a value to keep unique, and a row change the audit log does not record;
- a hash (HMAC) cannot be turned back into the row id: each request would have to hash every
  public row to find the one asked for;
- an encrypted id needs neither: it is a keyed permutation of the row id (a four-round Feistel
  network with HMAC-SHA256 rounds, a strong pseudorandom permutation), per kind of record, so
  person 12 and source 12 have unrelated ids. Four of its twelve bytes must decrypt to zero:
  a made-up id is a row id with odds of one in four billion, and even then one the public may
  not read answers 404 like any other.

The key comes from the deployment's secret key (`SECRET_KEY`): a new secret key gives every
record a new public id and breaks the links people have shared. Keep the data dir's
`secret_key` (or `KHAVARAN_SECRET_KEY`) with the backups; an old key listed in
`SECRET_KEY_FALLBACKS` keeps its ids working.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from functools import lru_cache

from django.conf import settings

KINDS = frozenset({"person", "incident", "claim", "source", "excerpt"})
# Characters of a public id: 12 bytes in URL-safe base64, no padding.
PATTERN = "[A-Za-z0-9_-]{16}"
_TOKEN = re.compile(PATTERN)
_HALF = 6
_ROUNDS = 4
_CHECK = bytes(4)


def public_id(kind: str, pk: int) -> str:
    """The public id of row `pk` of this kind of record.

    Example: ``public_id("person", 12)`` is 16 characters such as ``"q0Zx3…"``, the same on
    every call with the same secret key; ``row_of("person", public_id("person", 12)) == 12``.
    """
    return _encrypted(_key(settings.SECRET_KEY), kind, pk)


def row_of(kind: str, token: str) -> int | None:
    """The row id a public id of this kind names, or None for an id the site never gave
    (also one of another kind, or of a key no longer listed)."""
    if _TOKEN.fullmatch(token) is None:
        return None
    try:
        block = base64.urlsafe_b64decode(token)
    except (binascii.Error, ValueError):
        return None
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    for secret in keys:
        pk = _decrypted(_key(secret), kind, block)
        if pk is not None:
            return pk
    return None


@lru_cache(maxsize=8)
def _key(secret: str) -> bytes:
    # A key of its own, so that no other use of the secret key gives these bytes away.
    return hmac.new(secret.encode(), b"khavaran public ids v1", hashlib.sha256).digest()


def _round(key: bytes, kind: str, number: int, half: bytes) -> bytes:
    message = kind.encode() + bytes([0, number]) + half
    return hmac.new(key, message, hashlib.sha256).digest()[:_HALF]


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


@lru_cache(maxsize=65_536)
def _encrypted(key: bytes, kind: str, pk: int) -> str:
    if kind not in KINDS or not 0 < pk < 2**63:
        raise ValueError(f"no public id for {kind} {pk}")
    block = pk.to_bytes(8, "big") + _CHECK
    left, right = block[:_HALF], block[_HALF:]
    for number in range(_ROUNDS):
        left, right = right, _xor(left, _round(key, kind, number, right))
    return base64.urlsafe_b64encode(left + right).decode("ascii")


def _decrypted(key: bytes, kind: str, block: bytes) -> int | None:
    if kind not in KINDS:
        return None
    left, right = block[:_HALF], block[_HALF:]
    for number in reversed(range(_ROUNDS)):
        left, right = _xor(right, _round(key, kind, number, left)), left
    plain = left + right
    if plain[8:] != _CHECK:
        return None
    pk = int.from_bytes(plain[:8], "big")
    return pk if 0 < pk < 2**63 else None
