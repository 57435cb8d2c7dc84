"""A person's timeline on a 375-px phone, in Persian and in English: no list marker (".۱",
".۲") sits past the screen's edge; every entry is within the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_web_browser import CHROMIUM, FLAGS, PASSWORD, demo_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE: Any = {"width": 375, "height": 812}
# The demo's Ahmad Montazeri: a timeline of three incidents. The public site names him by a
# public id the demo server's secret key gives, so he is found as a reader finds him.
PERSON = "/public/search/?q=Ahmad+Montazeri"
# Each entry of the timeline: its box, and whether it draws a marker outside it and how much
# room its list leaves for one.
ENTRIES_JS = """() => [...document.querySelectorAll('ol.timeline > li')].map(li => {
  const style = getComputedStyle(li), list = getComputedStyle(li.parentElement);
  const box = li.getBoundingClientRect();
  return {left: box.left, right: box.right, marker: style.listStyleType,
          outside: style.listStylePosition === 'outside',
          room: parseFloat(list.paddingInlineStart)};
})"""


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    data = tmp_path_factory.mktemp("timeline") / "data"
    with demo_server(data, {"vida": "viewer"}) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_context(base_url=url, viewport=PHONE).new_page()
        # Signed in, the public pages open whether or not the site is on.
        page.goto("/login/")
        page.fill("#id_username", "vida")
        page.fill("#id_password", PASSWORD)
        page.click("form.narrow button[type=submit]")
        page.wait_for_load_state()
        yield page
        browser.close()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_timelines_markers_and_entries_stay_on_a_phones_screen(
    phone: Any, language: str, shots: Path
) -> None:
    phone.goto(PERSON)
    phone.click('a[href^="/public/people/"] >> nth=0')
    phone.wait_for_load_state()
    phone.click(f"button[lang={language}]")
    phone.wait_for_load_state()
    assert phone.get_attribute("html", "dir") == ("rtl" if language == "fa" else "ltr")
    entries = phone.evaluate(ENTRIES_JS)
    assert len(entries) >= 2
    width = phone.evaluate("() => window.innerWidth")
    for entry in entries:
        assert entry["left"] >= 0 and entry["right"] <= width, entry
        # A marker drawn outside its entry needs its list's padding to stand in.
        if entry["marker"] != "none" and entry["outside"]:
            assert entry["room"] >= 24, entry
    phone.screenshot(path=str(shots / f"phone-timeline-{language}.png"), full_page=True)
