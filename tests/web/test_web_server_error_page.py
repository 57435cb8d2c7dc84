"""When a page fails, the reader gets a page in both languages with a way home, never
Django's English-only one, and nothing of what failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import path

from khavaran.config import urls as project_urls


def _fails(request: Any) -> Any:
    raise RuntimeError("secret detail of a witness")


urlpatterns = [path("fails/", _fails), *project_urls.urlpatterns]


@pytest.mark.django_db
@pytest.mark.urls("tests.web.test_web_server_error_page")
def test_a_failed_page_says_so_in_both_languages_and_leads_home() -> None:
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "خطایی رخ داد" in page
    assert '<section lang="fa" dir="rtl">' in page and 'href="/"' in page
    assert "secret" not in page and "RuntimeError" not in page
