"""A request for a host the site does not serve is logged as one warning naming our setting."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_unknown_host_is_one_warning_line_naming_khavaran_allowed_hosts(caplog: Any) -> None:
    with caplog.at_level(logging.WARNING):
        response = Client().get("/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name.startswith("django.security")]
    assert record.levelno == logging.WARNING and record.exc_info is None
    line = record.getMessage()
    assert "'scanner.example'" in line and "KHAVARAN_ALLOWED_HOSTS" in line
    assert "ALLOWED_HOSTS" not in line.replace("KHAVARAN_ALLOWED_HOSTS", "")
    assert "\n" not in line
