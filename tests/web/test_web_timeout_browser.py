"""In a real browser (Debian's chromium, Playwright, `khavaran serve`): a form sent with
mistakes puts the focus on its error summary and says "Error:" in the title; the session's
idle timeout is announced before it comes, with a button that keeps the session, and once it
has come nothing typed is lost: the form waits until the reader has signed in again, and is
sent only into their own account (on a shared computer someone else may sign in). The
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
    with demo_server(data, {"ines": "investigator", "vida": "viewer"}) as url:
        yield url


def _signed_in(browser: Any, server: str) -> Any:
    page = browser.new_context(base_url=server).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.clock.install()
    _sign_in(page, "ines")
    return page


def _sign_in(page: Any, name: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/sources/")


def _in_another_tab_sign_in_as(page: Any, name: str) -> None:
    """In a new tab of the same browser: sign out whoever is signed in, then sign in as name."""
    tab = page.context.new_page()
    tab.goto("/sources/")
    if tab.url.endswith("/sources/"):
        with tab.expect_navigation():
            tab.click("header form[action='/logout/'] button")
    _sign_in(tab, name)
    tab.close()


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


def test_continue_sends_nothing_into_another_account_signed_in_meanwhile(
    browser: Any, server: str
) -> None:
    page = _signed_in(browser, server)
    _password_form(page, "another passphrase")
    token = page.input_value("form.narrow input[name=csrfmiddlewaretoken]")
    page.clock.fast_forward("31:00")
    page.wait_for_selector("#session-warning[open]")
    # Someone else signs in on the same computer; the first reader comes back and continues.
    _in_another_tab_sign_in_as(page, "vida")
    page.click("[data-session-resume]")
    page.wait_for_selector("#session-warning-title:has-text('Another account is signed in')")
    assert "what you typed is still on this page" in page.inner_text("#session-warning-text")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-reload')")
    assert page.is_hidden("[data-session-sign-in]") and page.is_visible("[data-session-resume]")
    # Nothing sent, nothing lost; the form keeps its old token, which the server refuses.
    assert page.url.endswith("/account/password/")
    assert page.input_value("#id_current") == "typed by hand"
    assert page.input_value("form.narrow input[name=csrfmiddlewaretoken]") == token
    # Sending it again is held too, and says why.
    page.keyboard.press("Escape")
    page.click("form.narrow button[type=submit]")
    page.wait_for_selector("#session-warning[open]")
    assert "Another account" in page.inner_text("#session-warning-title")
    assert page.url.endswith("/account/password/")
    # Back as themselves, Continue sends what they typed, in their own account.
    _in_another_tab_sign_in_as(page, "ines")
    with page.expect_navigation():
        page.click("[data-session-resume]")
    assert page.title().startswith("Error: ")
    assert page.inner_text(".who").startswith("ines")
    assert page.errors == []


def test_reload_offered_for_another_account_shows_the_page_as_that_account(
    browser: Any, server: str
) -> None:
    page = _signed_in(browser, server)
    page.goto("/sources/")
    page.clock.fast_forward("31:00")
    page.wait_for_selector("#session-warning[open]")
    _in_another_tab_sign_in_as(page, "vida")
    page.click("[data-session-resume]")
    page.wait_for_selector("[data-session-reload]:visible")
    with page.expect_navigation():
        page.click("[data-session-reload]")
    assert page.inner_text(".who").startswith("vida")
    assert page.errors == []
