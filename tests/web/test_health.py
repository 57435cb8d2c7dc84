"""`/health` for a load balancer: 200 `ok` while the database answers, else 503 `unavailable`,
never a path, an error's text or how much room is left; storage problems do not fail it (the
read-only memorial still serves). It needs no session, starts none, and works behind the HTTPS
settings of a real deployment. The storage checks are an admin's, at `/health/detail`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client

from khavaran.evidence.actions import get_store
from tests.config.reloaded import deploy

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(data_dir: Path) -> Path:
    """A data dir whose originals folder exists, as any used one's does."""
    return get_store().root


def test_a_healthy_server_answers_ok_without_a_session(store: Path) -> None:
    response = Client().get("/health")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies
    assert not Session.objects.exists()
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()


def test_it_only_answers_get_and_head(store: Path) -> None:
    assert Client().head("/health").status_code == 200
    assert Client().post("/health").status_code in (403, 405)


def database_down(monkeypatch: Any) -> None:
    from django.db.backends.utils import CursorWrapper

    def down(*args: Any, **kwargs: Any) -> None:
        raise OperationalError('connection to server at "db.internal" failed: password secret')

    monkeypatch.setattr(CursorWrapper, "execute", down)


def test_a_database_that_does_not_answer_is_503_unavailable(
    store: Path, monkeypatch: Any, caplog: Any
) -> None:
    database_down(monkeypatch)
    with caplog.at_level(logging.WARNING):
        response = Client().get("/health")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    # The log says what failed, once; the client learns nothing of the server.
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "database" in record.getMessage() and "secret" not in record.getMessage()


def test_an_originals_folder_that_is_not_there_does_not_take_the_site_offline(
    data_dir: Path,
) -> None:
    # A volume that did not mount: nothing can be stored, but the memorial can still be read.
    response = Client().get("/health")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert not (data_dir / "originals").exists()  # the check created nothing


def test_low_free_space_is_not_told_to_the_public(store: Path, settings: Any) -> None:
    settings.MAX_FILE_BYTES = 2**62
    response = Client().get("/health")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_an_admin_reads_each_check_in_one_word(store: Path, settings: Any, client_as: Any) -> None:
    settings.MAX_FILE_BYTES = 2**62
    response = client_as("admin").get("/health/detail")
    assert response.status_code == 503
    assert response.content == b"database ok\nstorage ok\ndisk low\n"
    assert str(store).encode() not in response.content
    settings.MAX_FILE_BYTES = 1
    healthy = client_as("admin").get("/health/detail")
    assert healthy.status_code == 200
    assert healthy.content == b"database ok\nstorage ok\ndisk ok\n"


def test_an_admin_reads_an_originals_folder_that_cannot_be_written(
    data_dir: Path, client_as: Any
) -> None:
    response = client_as("admin").get("/health/detail")
    assert response.status_code == 503
    assert b"storage unwritable\n" in response.content
    assert not (data_dir / "originals").exists()


@pytest.mark.parametrize("role", ["investigator", "viewer"])
def test_no_one_but_an_admin_reads_the_detail(store: Path, client_as: Any, role: str) -> None:
    assert client_as(role).get("/health/detail").status_code == 403
    anonymous = Client().get("/health/detail")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_a_local_probe_passes_the_https_deployment_settings(
    store: Path, settings: Any, monkeypatch: Any
) -> None:
    # As docs/deployment.md says to probe it: the site's host, and the scheme the proxy sets.
    monkeypatch.delenv("KHAVARAN_TRUSTED_PROXIES", raising=False)
    deploy(
        settings,
        monkeypatch,
        KHAVARAN_HTTPS="1",
        KHAVARAN_SSL_REDIRECT="1",
        KHAVARAN_ALLOWED_HOSTS="khavaran.example.org",
    )
    probe = Client().get(
        "/health",
        REMOTE_ADDR="127.0.0.1",
        HTTP_HOST="khavaran.example.org",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert probe.status_code == 200 and probe.content == b"ok\n"
    assert not probe.cookies


def test_a_plain_http_probe_on_the_server_is_not_redirected(
    store: Path, settings: Any, monkeypatch: Any
) -> None:
    # A monitor that asks gunicorn directly, without the proxy's scheme header.
    deploy(
        settings,
        monkeypatch,
        KHAVARAN_HTTPS="1",
        KHAVARAN_SSL_REDIRECT="1",
        KHAVARAN_ALLOWED_HOSTS="khavaran.example.org",
    )
    probe = Client().get("/health", REMOTE_ADDR="127.0.0.1", HTTP_HOST="khavaran.example.org")
    assert probe.status_code == 200 and probe.content == b"ok\n"
    # Every other page still goes to HTTPS.
    page = Client().get("/login/", REMOTE_ADDR="127.0.0.1", HTTP_HOST="khavaran.example.org")
    assert page.status_code == 301 and page["Location"].startswith("https://")
