"""Uploads stay inside the data dir and never grow past KHAVARAN_MAX_FILE_BYTES.

Django spools a large upload to the system's temporary folder by default, where any account
on the machine may list it and a killed worker leaves it behind; and it reads the whole body
before any view can check the size. Here the spool is `DATA_DIR/uploads` (mode 0700, cleared
of leftovers at every start), and `LimitedUploadHandler`, first of FILE_UPLOAD_HANDLERS, stops
reading as soon as a file is too large: at once when Content-Length says so, else at the
chunk that crosses the limit.

A full disk (or quota) while an upload is written, whether Django's spool, the original in the
store or the database's row, is answered here too, in one place: 507 and one clear sentence,
and one line in the log. Each writer cleans up after itself, so nothing of the upload is kept.
"""

from __future__ import annotations

import contextlib
import logging
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

from khavaran.config.full_disk import full_disk_cause, is_storage_full
from khavaran.config.upload_folder import (
    private_temporary_folder,
    remove_leftovers,
    upload_folder,
)
from khavaran.web.full_disk import full_disk_reason, signed_in

# Set on the request when a file was refused; the middleware answers for it.
REFUSED = "khavaran_upload_refused"
# Set on the request when the disk filled up while its upload was spooled.
SPOOL_FULL = "khavaran_upload_spool_full"

logger = logging.getLogger(__name__)

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


class NoRoomForUpload(Exception):
    """The upload's file could not be stored for lack of room (the pipeline reports this, where
    it raises nothing); the message is the system's reason."""


class UploadLimitMiddleware:
    """Answer a refused upload before any view or form sees what is left of the request, and an
    upload that found the disk full wherever it was being written.

    Placed before CsrfViewMiddleware, which would parse the body anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_upload(request):
            _read_form(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not _is_upload(request):
            return None
        spool_full = getattr(request, SPOOL_FULL, None)
        if spool_full is not None and signed_in(request):
            return no_room(request, spool_full)
        if spool_full is not None:
            # Not told to someone not signed in (as `/health` tells no one): their request goes
            # on with an empty form, refused as one (no CSRF token, the sign-in page).
            _log_no_room(spool_full)
            return None
        if not getattr(request, REFUSED, False):
            return None
        return too_large(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        full = isinstance(exception, NoRoomForUpload) or full_disk_cause(exception) is not None
        if not _is_upload(request) or not full:
            return None
        return no_room(request, exception)


def _is_upload(request: HttpRequest) -> bool:
    return request.method == "POST" and request.content_type == "multipart/form-data"


def _read_form(request: HttpRequest) -> None:
    """Parse the body now, through the handlers above, before any middleware reads the form;
    a spool that found the disk full is kept on the request for `process_view` to answer."""
    try:
        request.POST  # noqa: B018
    except OSError as error:
        if not is_storage_full(error):
            raise
        _discard_spooled(request)
        # Whoever reads the form next gets an empty one, not a second parse of a spent body.
        request._mark_post_parse_error()  # type: ignore[attr-defined]
        setattr(request, SPOOL_FULL, error)


def _discard_spooled(request: HttpRequest) -> None:
    """Close (and so delete) the spool file being written when the disk filled up: Django
    closes only the files it had finished."""
    for handler in request.upload_handlers:
        with contextlib.suppress(OSError):
            spooled = getattr(handler, "file", None)
            if spooled is not None:
                spooled.close()


def too_large(request: HttpRequest) -> HttpResponse:
    """413 with one clear sentence; an htmx upload is sent back to its page to read it."""
    message = _(
        "This file is larger than %(limit)s, the most this server accepts. Nothing of it was "
        "kept. An admin can raise the limit (KHAVARAN_MAX_FILE_BYTES)."
    ) % {"limit": filesizeformat(largest_upload())}
    return _refusal(request, 413, _("File too large"), message, _("Choose another file"))


def no_room(request: HttpRequest, error: BaseException) -> HttpResponse:
    """507 Insufficient Storage with one clear sentence; the log says why, in one line, without
    the file's name (a witness's, perhaps) nor a traceback."""
    _log_no_room(error)
    message = _(
        "The server has no room left to keep this file, so nothing of it was saved. Please "
        "tell the administrator that the server's disk is full."
    )
    title, again = _("No room to keep this file"), _("Back to the upload page")
    response = _refusal(request, 507, title, message, again)
    # Said once above: Django's own "Insufficient Storage: /sources/upload/" would add nothing.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _log_no_room(error: BaseException) -> None:
    logger.error("refused an upload: %s; nothing of it was kept", full_disk_reason(error))


def _refusal(
    request: HttpRequest, status: int, title: str, message: str, again: str
) -> HttpResponse:
    """The refusal's page, or for htmx (whose upload swaps no error) a way back to the upload
    page, which shows the message."""
    back = request.get_full_path()
    if request.headers.get("HX-Request") == "true":
        messages.error(request, message)
        return HttpResponse(status=status, headers={"HX-Redirect": back})
    context = {"title": title, "message": message, "back": back, "again": again}
    page = engines["django"].from_string(_PAGE).render(context, request)
    return HttpResponse(page, status=status)


__all__ = [
    "LimitedUploadHandler",
    "NoRoomForUpload",
    "UploadLimitMiddleware",
    "private_temporary_folder",
    "remove_leftovers",
    "upload_folder",
]
