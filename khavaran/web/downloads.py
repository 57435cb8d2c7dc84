"""Files as downloads: the original for staff, a copy without its metadata for the public.

Always as attachments, never rendered: a hostile upload must not run in the site's origin.
Both are streamed from disk: the public copy is made once and kept (PublicCopies), never
made in memory per request, where a few concurrent downloads of a large recording would
exhaust the server's memory.
"""

from __future__ import annotations

from typing import IO

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from khavaran.evidence.access import public_title
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Source
from khavaran.evidence.public_copy import NoPublicCopy, html
from khavaran.evidence.public_copy.copies import OriginalAltered, public_copies
from khavaran.web.public_offer import public_download_name, public_offer


def original_response(request: HttpRequest, source: Source) -> HttpResponseBase:
    """The original, once its bytes are checked against its hash: evidence handed out
    altered, or a 500 for a file gone from the store, would say nothing of what happened."""
    if not _intact(source):
        return render(
            request, "khavaran/sources/original_unavailable.html", {"source": source}, status=409
        )
    return attachment(get_store().open(source.sha256), download_name(source), source)


def _intact(source: Source) -> bool:
    """Whether the stored original is there and is the file its hash names."""
    try:
        return get_store().hash_of(source.sha256) == source.sha256
    except FileNotFoundError:
        return False


def download_name(source: Source) -> str:
    """The name a download is saved under: the file's own, else one made from the source."""
    return source.original_filename or f"source-{source.pk}"


def public_response(source: Source) -> FileResponse:
    """What the public may download of a public source (`public_offer`): a copy without the
    file's metadata, the original where it holds none, else 404; named by the source's public
    id, never by the file's own name nor its row id; a web page's copy under the title the
    public page shows."""
    offer = public_offer(source).kind
    name = public_download_name(source)
    if offer == "original":
        if not _intact(source):
            raise Http404("the original is missing or altered")
        return attachment(get_store().open(source.sha256), name, source)
    if not offer:
        raise Http404("not offered for download on the public site")
    original = get_store().path_for(source.sha256)
    try:
        copy = public_copies().open(source.sha256, original, source.media_type)
    except (OriginalAltered, FileNotFoundError):
        # Made only from the bytes the hash names (the copy is checked when it is made).
        raise Http404("the original is missing or altered") from None
    except NoPublicCopy:
        # Damaged past the point where its metadata could be told from its content, or a
        # Word file whose tracked changes ingest did not count (stored before it did).
        raise Http404("not offered for download on the public site") from None
    if source.media_type == html.MEDIA_TYPE:
        # The copy's title is empty: it gets the one the public page shows, in the reader's
        # language, never the one the page's software wrote.
        copy = html.with_title(copy, public_title(source))
    return attachment(copy, name, source)


def attachment(stream: IO[bytes], filename: str, source: Source) -> FileResponse:
    """A file to save, never to render, with the source's media type and no sniffing."""
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=filename,
        content_type=source.media_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
