"""`/health`: whether this server can do its work, for an uptime monitor or a load balancer.

200 ``ok`` when the database answers a trivial query and the originals folder is writable with
room for one more file of the largest size the app accepts (KHAVARAN_MAX_FILE_BYTES); else 503
and one word: ``database``, ``storage`` (the originals folder cannot be written) or ``disk``
(too little free space). Nothing else reaches the client, neither a path nor an error's text:
the log says what failed. No session, no data read, nothing written, so it costs little and a
monitor may ask every few seconds (docs/deployment.md).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.db import Error, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from khavaran.evidence.storage import ContentStore
from khavaran.web.permissions import open_to_all

logger = logging.getLogger(__name__)


@open_to_all
@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    problem = _database_problem() or _storage_problem()
    if problem is None:
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response = HttpResponse(f"{problem}\n", status=503, content_type="text/plain; charset=utf-8")
    # Said once, by `_database_problem` or `_storage_problem`, with what failed: Django's own
    # "Service Unavailable: /health" line would add nothing.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as error:
        logger.warning("health check: the database does not answer (%s)", type(error).__name__)
        return "database"
    return None


def _storage_problem() -> str | None:
    # Not `get_store()`, which creates the folders: a check writes nothing.
    store = ContentStore(Path(settings.DATA_DIR) / "originals")
    if not all(os.access(folder, os.W_OK) for folder in (store.objects, store.tmp)):
        logger.warning("health check: the originals folder %s cannot be written", store.root)
        return "storage"
    try:
        free = shutil.disk_usage(store.root).free
    except OSError as error:
        logger.warning("health check: no free space figure for %s (%s)", store.root, error)
        return "storage"
    if free < settings.MAX_FILE_BYTES:
        logger.warning(
            "health check: %d MB free for originals, under KHAVARAN_MAX_FILE_BYTES (%d MB)",
            free // 2**20,
            settings.MAX_FILE_BYTES // 2**20,
        )
        return "disk"
    return None
