"""Requests carrying a NUL character are refused before any view reads them.

PostgreSQL cannot store or even compare text holding NUL ("A string literal cannot contain
NUL (0x00) characters"), so `/claims/question/a%00b/` was a 500 there and a plain miss on
SQLite. No name, date or search a person types holds one; a request that does is refused the
same way on both databases: 400, with nothing read or written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNullBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _in_values(request):
            return HttpResponseBadRequest(
                _("This address or form holds a character no text may hold (NUL)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _in_values(request: HttpRequest) -> bool:
    # The form is read only for form posts: an upload's file bytes may hold NUL, its fields not.
    fields = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        fields.append(request.POST)
    return any("\x00" in key or "\x00" in value for query in fields for key, value in query.items())
