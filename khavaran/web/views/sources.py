"""Sources: list with filters and full-text search, upload, the source page, the original."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khavaran.accounts.access import clearance_of, readable_levels, reads_public_titles
from khavaran.evidence import custody_report
from khavaran.evidence.access import (
    get_source_for_user,
    hits_under_public_titles,
    sources_visible_to,
)
from khavaran.evidence.models import Source
from khavaran.ids import row_id
from khavaran.search.engine import search
from khavaran.search.models import DocKind
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, label
from khavaran.web.dates import parse_or_refuse
from khavaran.web.downloads import original_response, public_response
from khavaran.web.file_details import file_details
from khavaran.web.forms import SourceFilterForm, UploadForm
from khavaran.web.pages import Listing, paged
from khavaran.web.permissions import ALL_ROLES, EDITORS, can_edit, requires
from khavaran.web.public_offer import public_offer
from khavaran.web.queries import source_page_reads
from khavaran.web.rendering import text_with_excerpts
from khavaran.web.uploads import NoRoomForUpload, private_temporary_folder
from khavaran.web.views.search import MOST

PAGE = 50


def is_htmx(request: HttpRequest) -> bool:
    # django-htmx's middleware sets `request.htmx`; typed access for mypy.
    return bool(getattr(request, "htmx", False))


def filter_sources(qs: QuerySet[Source], data: dict[str, Any]) -> QuerySet[Source]:
    """Narrow a (visible) queryset by the filter form's cleaned data."""
    for field in ("kind", "language", "confidentiality"):
        if data.get(field):
            qs = qs.filter(**{field: data[field]})
    if data.get("needs_ocr"):
        qs = qs.filter(needs_ocr=True)
    start = parse_or_refuse(data.get("published_from") or "")
    end = parse_or_refuse(data.get("published_to") or "")
    if start is not None:
        qs = qs.filter(published__latest__gte=start.earliest)
    if end is not None:
        qs = qs.filter(published__earliest__lte=end.latest)
    return qs


def _hits(request: HttpRequest, data: dict[str, Any]) -> Listing:
    """The page of passages found that `?page=` asks for (the page the sources share), within
    the reader's levels; public titles for a reader who may not see every title."""
    public_titles = reads_public_titles(request.user)
    hits = search(
        data["q"],
        levels=readable_levels(request.user),
        language=data.get("language") or None,
        source_kind=data.get("kind") or None,
        doc_kinds=[DocKind.SOURCE, DocKind.EXCERPT],
        limit=MOST,
        titles=not public_titles,
    )
    listing = paged(request, hits, "hits", PAGE)
    shown = list(listing.items)
    return replace(listing, items=hits_under_public_titles(shown) if public_titles else shown)


@requires(ALL_ROLES)
def source_list(request: HttpRequest) -> HttpResponse:
    form = SourceFilterForm(request.GET or None, levels=readable_levels(request.user))
    sources = sources_visible_to(request.user).order_by("-id")
    hits: Listing | None = None
    if form.is_bound and form.is_valid():
        sources = filter_sources(sources, form.cleaned_data)
        if form.cleaned_data.get("q"):
            hits = _hits(request, form.cleaned_data)
    listing = paged(request, sources.select_related("published"), "sources", PAGE)
    context = {
        "form": form,
        "sources": listing.items,
        "listing": listing,
        "hits": hits.items if hits else [],
        "hit_listing": hits,
        "most": MOST if hits and hits.page.paginator.count >= MOST else None,
        "public_titles": reads_public_titles(request.user),
    }
    template = (
        "khavaran/sources/_results.html" if is_htmx(request) else "khavaran/sources/list.html"
    )
    return render(request, template, context)


@requires(ALL_ROLES)
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source, excerpts, custody = source_page_reads(request.user, pk)
    viewer = request.user.role == "viewer"  # type: ignore[union-attr]
    focus = request.GET.get("excerpt")
    context = {
        "source": source,
        "excerpts": excerpts,
        "text_html": text_with_excerpts(source.text, excerpts, row_id(focus) if focus else None),
        "custody": custody,
        # A viewer reads public data only: no file details, and the public's download.
        "details": [] if viewer else file_details(source.metadata),
        "offer": public_offer(source),
        "viewer": viewer,
        "rtl": source.language == "fa",
        "can_edit": can_edit(request.user),
    }
    return render(request, "khavaran/sources/detail.html", context)


@requires(ALL_ROLES)
def source_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The original bytes, always as an attachment: never rendered, never sniffed.

    A viewer reads public data only, so gets what the public gets: what a file says of itself
    (its GPS position, its author) is data about it, not the public source's content.
    """
    source = get_source_for_user(request.user, pk)
    if request.user.role == "viewer":  # type: ignore[union-attr]
        return public_response(source)
    return original_response(request, source)


@requires(EDITORS)  # the chain names the donor, the notes, the name a file arrived under
# It hashes the original (up to a GiB) and writes the audit log: a form's POST, never a link
# another site could make a signed-in browser follow.
@require_POST
def source_custody_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The source's chain of custody as `khavaran custody SOURCE --report` writes it, hashed
    now and logged, as a download (posted `format=csv|json|md`, Markdown unless asked)."""
    source = get_source_for_user(request.user, pk)
    fmt = request.POST.get("format", "md")
    if fmt not in custody_report.FORMATS:
        return HttpResponse(_("Unknown report format."), status=400, content_type="text/plain")
    staff = clearance_of(request.user) == CONFIDENTIALITY_ORDER[-1]
    actor = request.user.get_username()
    report = custody_report.report_custody(
        source, fmt, actor=actor, staff=staff, title=source.title
    )
    response = HttpResponse(
        custody_report.render_report(report, fmt),
        content_type=f"{custody_report.MEDIA_TYPES[fmt]}; charset=utf-8",
    )
    name = f"custody-source-{source.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(EDITORS)
def source_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = _ingest_upload(request, form.cleaned_data)
        if outcome.disk_full:
            # The server's fault, not the file's: answered as every full disk in an upload is.
            raise NoRoomForUpload(outcome.reason)
        if outcome.status == "failed":
            form.add_error("file", _("Not ingested: %(reason)s") % {"reason": outcome.reason})
        else:
            if outcome.status == "duplicate":
                messages.info(request, _duplicate_note(outcome.source_id, form.cleaned_data))
            return _redirect(request, outcome.source_id)
    template = (
        "khavaran/sources/_upload_form.html"
        if is_htmx(request)
        else ("khavaran/sources/upload.html")
    )
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


def _duplicate_note(source_id: int, data: dict[str, Any]) -> str:
    """What a second upload of stored bytes did, in the reader's words: the pipeline's reason is
    English for the log, so the note is made here from the outcome and the source's level."""
    # The id stays in Latin digits, as in the page's address.
    note = _("This file is already present as source %(id)s.") % {"id": source_id}
    source = Source.objects.filter(pk=source_id).only("confidentiality").first()
    asked = data["confidentiality"]
    if source is not None and asked and source.confidentiality != asked:
        lang = "fa" if (get_language() or "en").startswith("fa") else "en"
        levels = {
            "level": label("confidentiality", source.confidentiality, lang),
            "asked": label("confidentiality", asked, lang),
        }
        note += " " + _("It stays %(level)s (not lowered to %(asked)s).") % levels
    return note


def _redirect(request: HttpRequest, source_id: int | None) -> HttpResponse:
    url = f"/sources/{source_id}/"
    if is_htmx(request):
        # The upload is sent by XHR (for its progress bar); tell htmx to follow.
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _extension(name: str) -> str:
    """The file name's extension, where it is one (".pdf"), else none."""
    suffix = Path(name).suffix
    return suffix if 1 < len(suffix) <= 16 and suffix[1:].isalnum() else ""


def _ingest_upload(request: HttpRequest, data: dict[str, Any]) -> Any:
    from khavaran.ingest.pipeline import IngestOptions, ingest_file

    upload = data["file"]
    name = Path(upload.name).name
    # Inside the data dir (0700), never the shared /tmp. Under a neutral name with the file's
    # extension (which picks its importer): the name may be a witness's, and a long Persian
    # one is more bytes than a file name may have. The pipeline keeps the name as sent.
    with private_temporary_folder() as folder:
        path = Path(folder) / f"upload{_extension(name)}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        options = IngestOptions(
            actor=request.user.get_username(),
            confidentiality=data["confidentiality"],
            origin=data.get("origin") or "",
            method="web upload",
            filename=name,
            kind=data.get("kind") or None,
            title=data.get("title") or None,
            keep_unread=bool(data.get("keep_unread")),
        )
        return ingest_file(path, options)
