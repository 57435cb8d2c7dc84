"""In a real browser, a one-time password's first sign-in asks for the user's own password and
then opens the workspace. `choose_own_password` does the same over plain HTTP, for tests that
need accounts ready to use on a served demo."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_web_browser import (
    CHROMIUM,
    FLAGS,
    PASSWORD,
    choose_own_password,
    demo_server,
)

pytestmark = pytest.mark.browser

# demo_server adds its accounts with PASSWORD, from a file: a one-time password.
GIVEN, CHOSEN = PASSWORD, "an own passphrase of 1988"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo with ines (investigator) and vida (viewer), both on one-time passwords."""
    data = tmp_path_factory.mktemp("one-time") / "data"
    with demo_server(data, {"ines": "investigator", "vida": "viewer"}, own_passwords=False) as url:
        yield url


def test_the_first_sign_in_asks_for_ones_own_password(server: str, shots: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page: Any = browser.new_context(base_url=server).new_page()
        page.goto("/login/")
        page.fill("#id_username", "ines")
        page.fill("#id_password", GIVEN)
        page.click("form.narrow button[type=submit]")
        page.wait_for_url("**/account/password/**")
        assert page.inner_text("h1") == "Choose your password"
        page.screenshot(path=str(shots / "choose-password.png"))
        page.goto("/people/")
        assert "/account/password/" in page.url
        page.fill("#id_current", GIVEN)
        page.fill("#id_new", CHOSEN)
        page.fill("#id_again", CHOSEN)
        page.click("form.narrow button[type=submit]")
        page.wait_for_url("**/people/")
        browser.close()


def test_choose_own_password_readies_an_account_over_http(server: str) -> None:
    choose_own_password(server, "vida", GIVEN, CHOSEN)
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(server + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    fields = {"username": "vida", "password": CHOSEN, "csrfmiddlewaretoken": token[1]}
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(urllib.request.Request(server + "/login/?next=/sources/", data=data)) as done:
        assert done.url.endswith("/sources/")
