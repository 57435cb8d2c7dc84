"""A phone's width in a real browser (375 px, as the families' review read it): no page
scrolls sideways as a whole, in English or in Persian; a wide table scrolls in its own box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_web_browser import CHROMIUM, FLAGS, PASSWORD, demo_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE: Any = {"width": 375, "height": 812}
# Pages with the widest tables: the sources, a contested figure's versions, a record's
# history, the estimates and the victim lists, a case's matrix and history; and the lists
# with their page links.
PAGES = (
    "/sources/",
    "/claims/question/number-killed:massacre-1988/",
    "/history/person/1/",
    "/estimates/",
    "/lists/",
    "/public/claims/question/number-killed:massacre-1988/",
    "/cases/1/",
    "/history/case/1/",
    "/public/victims/",
    "/people/",
)
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
UNBOXED_JS = (
    "() => document.querySelectorAll('.wide').forEach(b => { b.style.overflow = 'visible'; })"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("phone") / "data"
    with demo_server(data, {"ines": "investigator"}) as url:
        yield url


@pytest.fixture(scope="module")
def phone(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_context(base_url=server, viewport=PHONE).new_page()
        page.goto("/login/")
        page.fill("#id_username", "ines")
        page.fill("#id_password", PASSWORD)
        page.click("form.narrow button[type=submit]")
        page.wait_for_url("**/sources/")
        yield page
        browser.close()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_no_page_is_wider_than_a_phone(phone: Any, language: str, shots: Path) -> None:
    phone.goto("/sources/")
    phone.click(f"button[lang={language}]")
    phone.wait_for_load_state()
    assert phone.get_attribute("html", "dir") == ("rtl" if language == "fa" else "ltr")
    wider = {}
    for url in PAGES:
        assert phone.goto(url).status == 200, url
        wider[url] = phone.evaluate(OVERFLOW_JS)
    assert wider == dict.fromkeys(PAGES, 0)
    # The table is still all there: it scrolls inside its box, and without the box it would
    # widen the page (as it did before).
    phone.goto("/sources/")
    box = phone.locator("div.wide").first
    assert box.evaluate("(el) => el.scrollWidth > el.clientWidth")
    phone.screenshot(path=str(shots / f"phone-sources-{language}.png"), full_page=True)
    phone.evaluate(UNBOXED_JS)
    assert phone.evaluate(OVERFLOW_JS) > 0
