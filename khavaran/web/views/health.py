"""`/health`: whether this site can serve pages, for a load balancer or an uptime monitor.

200 ``ok`` while the database answers a trivial query, else 503 ``unavailable``: nothing more
reaches the client, neither a path nor an error's text nor how much room is left, and a full
disk does not fail it (the read-only memorial still serves). The log says what failed. No
session, no data read, nothing written, so a monitor may ask every few seconds.

The storage checks are the operator's: `khavaran health` on the server, or `/health/detail`
for a signed-in admin (docs/deployment.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from khavaran.health import check_health, database_answers
from khavaran.web.permissions import ADMINS, open_to_all, requires

PLAIN = "text/plain; charset=utf-8"


@open_to_all
@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    if database_answers():
        return HttpResponse("ok\n", content_type=PLAIN)
    return _unhealthy("unavailable\n")


@requires(ADMINS)
@never_cache
@require_safe
def health_detail(request: HttpRequest) -> HttpResponse:
    """Each check and its word (`database ok`, `disk low`): the operator's detail, in words
    only; `khavaran health` on the server says which folder and how much room."""
    report = check_health()
    lines = "".join(f"{check.what} {check.word}\n" for check in report.checks)
    return HttpResponse(lines, content_type=PLAIN) if report.ok else _unhealthy(lines)


def _unhealthy(text: str) -> HttpResponse:
    response = HttpResponse(text, status=503, content_type=PLAIN)
    # The check logs a database that does not answer; the rest is the admin's to read here.
    # Django's own "Service Unavailable: /health" line would add nothing.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
