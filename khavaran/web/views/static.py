"""The app's own static files (CSS, JS), served by the app itself so `khavaran serve` works
without a separate web server. Limited to `khavaran/web/static/`."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve

from khavaran.web.permissions import open_to_all

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


@open_to_all
def static_file(request: HttpRequest, path: str) -> HttpResponseBase:
    response = serve(request, path, document_root=str(STATIC_DIR))  # refuses ../ escapes
    response["Cache-Control"] = "public, max-age=3600"
    return response
