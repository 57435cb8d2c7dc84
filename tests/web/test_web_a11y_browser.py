"""Data-entry volunteers in a real browser: with the keyboard alone, on a phone, in Persian, and
pressing Back then Save. Debian's chromium driven by Playwright against `khavaran serve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web import test_web_browser as shared
from tests.web.test_web_browser import PASSWORD, _open_source, demo_server

# The shared Playwright browser (a module fixture of the main browser tests).
browser = shared.browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("a11y") / "data"
    with demo_server(data, {"ines": "investigator"}) as url:
        yield url


def _signed_in(browser: Any, server: str, *, width: int = 1280, height: int = 900) -> Any:
    context = browser.new_context(base_url=server, viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto("/login/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/sources/")
    return page


def _focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.className"))


def test_the_first_tab_reaches_a_skip_link_that_lands_in_the_content(
    browser: Any, server: str
) -> None:
    page = _signed_in(browser, server)
    page.keyboard.press("Tab")
    assert _focused(page) == "skip"
    assert page.locator("a.skip").is_visible()
    page.keyboard.press("Enter")
    assert _focused(page) == "content"
    assert page.errors == []


def test_a_keyboard_reader_cites_a_passage_by_typing_it(browser: Any, server: str) -> None:
    page = _signed_in(browser, server)
    _open_source(page, "Research summary")
    page.focus("#source-text")
    assert _focused(page) == "source-text"
    assert page.is_disabled("#cite-button")
    page.focus("#cite-quote")
    page.keyboard.type("bears no  date. Justice for the Victims")
    # Typing stays in the box, and the passage is found with the text's own spacing.
    assert _focused(page) == "cite-quote"
    assert page.is_enabled("#cite-button")
    assert page.inner_text("#cite-status") == "Passage found in the text."
    # The text's own words, with its line break, are what is sent.
    assert page.text_content("#cite-selection") == "bears no date. Justice for\nthe Victims"
    page.focus("#cite-button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#make-claim")
    assert _focused(page) == "make-claim"
    assert page.text_content("#cite-panel blockquote") == "bears no date. Justice for\nthe Victims"
    assert page.errors == []


def test_words_not_in_the_text_leave_the_button_disabled_and_say_so(
    browser: Any, server: str
) -> None:
    page = _signed_in(browser, server)
    _open_source(page, "Research summary")
    page.fill("#cite-quote", "words that this report never uses")
    assert page.is_disabled("#cite-button")
    assert page.inner_text("#cite-status") == "These words are not in the text."


def test_on_a_phone_the_cite_button_stays_on_screen_while_reading(
    browser: Any, server: str, shots: Path
) -> None:
    page = _signed_in(browser, server, width=390, height=740)
    _open_source(page, "Research summary")
    page.fill("#cite-quote", "deputy prosecutor of Tehran")
    page.evaluate("document.getElementById('source-text').scrollIntoView()")
    box = page.locator("#cite-button").bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740
    text = page.locator("#source-text").bounding_box()
    assert text is not None and box["y"] < text["y"] + text["height"]
    page.screenshot(path=str(shots / "cite-on-a-phone.png"))


def test_text_boxes_read_in_the_direction_of_what_is_typed(browser: Any, server: str) -> None:
    page = _signed_in(browser, server)
    page.goto("/search/")
    page.click("header.top button[lang=fa]")
    page.wait_for_selector("html[lang=fa]")
    page.goto("/sources/upload/")
    boxes = page.locator("main input[type=text], main textarea")
    assert boxes.count() > 0
    for n in range(boxes.count()):
        assert boxes.nth(n).get_attribute("dir") == "auto"
    first = boxes.first
    first.fill("Zahra Kazemi-Nejad.")
    assert first.evaluate("box => box.matches(':dir(ltr)')")
    page.click("header.top button[lang=en]")


def test_back_then_save_sends_the_same_token_again(browser: Any, server: str) -> None:
    page = _signed_in(browser, server)
    _open_source(page, "Research summary")
    page.fill("#cite-quote", "deputy prosecutor of Tehran")
    page.click("#cite-button")
    page.click("#make-claim")
    page.wait_for_selector("form.narrow")
    sent: list[str] = []
    page.on(
        "request",
        lambda request: sent.append(request.post_data or "") if request.method == "POST" else None,
    )
    token = page.input_value("form.narrow input[name=_once]")
    assert token and page.locator("form[method=post] input[name=_once]").count() >= 2
    page.fill("#id_question", "number-killed:massacre-1988")
    page.fill("#id_predicate", "victim_count")
    page.fill("#id_value_number", "5000")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/claims/*/")
    page.go_back()
    page.wait_for_selector("form.narrow")
    assert page.input_value("form.narrow input[name=_once]") == token
    assert any(f"_once={token}" in body for body in sent)
