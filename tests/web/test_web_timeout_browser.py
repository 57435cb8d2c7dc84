"""In a real browser (Debian's chromium, Playwright, `khavaran serve`): a form sent with
mistakes puts the focus on its error summary and says "Error:" in the title; the session's
idle timeout is announced before it comes, with a button that keeps the session, and once it
has come nothing typed is lost: the form waits until the reader has signed in again. The
page's clock is Playwright's, so half an hour passes in a moment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web import test_web_browser as shared
from tests.web.test_web_browser import PASSWORD, demo_server

browser = shared.browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("timeout") / "data"
    with demo_server(data, {"ines": "investigator"}) as url:
        yield url


def _signed_in(browser: Any, server: str) -> Any:
    page = browser.new_context(base_url=server).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.clock.install()
    page.goto("/login/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/sources/")
    return page


def _focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id"))


def _password_form(page: Any, again: str) -> None:
    page.goto("/account/password/")
    page.fill("#id_current", "typed by hand")
    page.fill("#id_new", "a new passphrase 1988")
    page.fill("#id_again", again)


def test_a_refused_form_focuses_its_error_summary_and_says_error_in_the_title(
    browser: Any, server: str
) -> None:
    page = _signed_in(browser, server)
    _password_form(page, "another passphrase")
    page.click("form.narrow button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Error: ")
    assert _focused(page) == "error-summary"
    page.click("#error-summary a[href='#id_again']")
    assert _focused(page) == "id_again"
    assert page.errors == []


def test_the_warning_comes_before_the_end_and_keeps_the_session(browser: Any, server: str) -> None:
    page = _signed_in(browser, server)
    _password_form(page, "another passphrase")
    page.focus("#id_current")
    page.clock.fast_forward("28:30")
    page.wait_for_selector("#session-warning[open]")
    assert "about to end" in page.inner_text("#session-warning-title")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#session-warning:not([open])", state="attached")
    # Back where the reader was, with what they typed, and the session half an hour longer.
    assert _focused(page) == "id_current"
    assert page.input_value("#id_current") == "typed by hand"
    left = page.evaluate("Number(localStorage.getItem('khavaran.sessionEndsAt')) - Date.now()")
    assert left > 29 * 60 * 1000
    assert page.errors == []


def test_after_the_end_the_form_waits_for_a_new_sign_in_and_keeps_what_was_typed(
    browser: Any, server: str
) -> None:
    page = _signed_in(browser, server)
    _password_form(page, "another passphrase")
    page.clock.fast_forward("31:00")
    page.wait_for_selector("#session-warning[open]")
    assert "has ended" in page.inner_text("#session-warning-title")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-sign-in')")
    page.keyboard.press("Escape")
    page.click("form.narrow button[type=submit]")
    # Not sent: the dialog again, the page and its text as they were.
    page.wait_for_selector("#session-warning[open]")
    assert page.url.endswith("/account/password/")
    assert page.input_value("#id_current") == "typed by hand"
    # Signed in again (here the server's session never ended): Continue sends the form.
    with page.expect_navigation():
        page.click("[data-session-resume]")
    assert page.title().startswith("Error: ")
    assert _focused(page) == "error-summary"
    assert page.errors == []
