"""Uploads stay inside the data dir and never grow past KHAVARAN_MAX_FILE_BYTES.

Django spools a large upload to the system's temporary folder by default, where any account
on the machine may list it and a killed worker leaves it behind; and it reads the whole body
before any view can check the size. Here the spool is `DATA_DIR/uploads` (mode 0700, cleared
of leftovers at every start), and `LimitedUploadHandler`, first of FILE_UPLOAD_HANDLERS, stops
reading as soon as a file is too large: at once when Content-Length says so, else at the
chunk that crosses the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import (
    FileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from khavaran.config.upload_folder import (
    private_temporary_folder,
    remove_leftovers,
    upload_folder,
)

# Set on the request when a file was refused; the middleware answers for it.
REFUSED = "khavaran_upload_refused"

_PAGE = (
    '{% extends "khavaran/base.html" %}{% block title %}{{ title }}{% endblock %}'
    '{% block content %}<h1>{{ title }}</h1><p role="alert">{{ message }}</p>'
    '<p><a href="{{ back }}">{{ again }}</a></p>{% endblock %}'
)


def largest_upload() -> int:
    return int(settings.MAX_FILE_BYTES)


class LimitedUploadHandler(FileUploadHandler):
    """Refuse a file over KHAVARAN_MAX_FILE_BYTES before it is spooled anywhere.

    First in FILE_UPLOAD_HANDLERS, so no later handler ever receives the chunk that crosses
    the limit.
    """

    declared_too_large = False

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 (Django's name)
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        # The form's other fields may add up to Django's own cap on them, and no more.
        fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        self.declared_too_large = content_length > largest_upload() + fields

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.declared_too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > largest_upload():
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self) -> None:
        setattr(self.request, REFUSED, True)
        # Stop reading: the parser closes (and so deletes) what later handlers spooled.
        raise StopUpload(connection_reset=True)


class PrivateTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's spooling handler, into the data dir's upload folder (made if missing)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        upload_folder()
        super().new_file(*args, **kwargs)


class UploadLimitMiddleware:
    """Answer a refused upload before any view or form sees what is left of the request.

    Placed before CsrfViewMiddleware, which would parse the body anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        # Reading POST parses the body now, through the handlers above.
        request.POST  # noqa: B018
        if not getattr(request, REFUSED, False):
            return None
        return too_large(request)


def too_large(request: HttpRequest) -> HttpResponse:
    """413 with one clear sentence; an htmx upload is sent back to its page to read it."""
    message = _(
        "This file is larger than %(limit)s, the most this server accepts. Nothing of it was "
        "kept. An admin can raise the limit (KHAVARAN_MAX_FILE_BYTES)."
    ) % {"limit": filesizeformat(largest_upload())}
    back = request.get_full_path()
    if request.headers.get("HX-Request") == "true":
        messages.error(request, message)
        return HttpResponse(status=413, headers={"HX-Redirect": back})
    context = {"title": _("File too large"), "message": message, "back": back}
    context["again"] = _("Choose another file")
    page = engines["django"].from_string(_PAGE).render(context, request)
    return HttpResponse(page, status=413)


__all__ = [
    "LimitedUploadHandler",
    "UploadLimitMiddleware",
    "private_temporary_folder",
    "remove_leftovers",
    "upload_folder",
]
