"""The review queue in a real browser: `khavaran demo`, then `khavaran extract --all`, then an
investigator accepts a proposed name on the source's review page (an htmx post under the CSP)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.processes import isolated_env
from tests.web.test_web_browser import (
    CHROMIUM,
    KHAVARAN,
    PASSWORD,
    REPO,
    SHOTS,
    _cli,
    _free_port,
    _page,
    _wait_for,
    browser,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    data = tmp_path_factory.mktemp("review-browser") / "data"
    with isolated_env(data) as env:
        _cli(data, env, "demo", "--no-serve")
        _cli(data, env, "extract", "--all")
        secret = data.parent / "password.txt"
        secret.write_text(PASSWORD)
        _cli(
            data,
            env,
            "user",
            "add",
            "ines",
            "--role",
            "investigator",
            "--password-file",
            str(secret),
        )
        port = _free_port()
        process = subprocess.Popen(
            [*KHAVARAN, "--data-dir", str(data), "serve", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(port)
        yield f"http://127.0.0.1:{port}"
        process.terminate()
        process.wait(10)


def test_an_investigator_accepts_a_proposed_name_in_place(
    browser: Any,  # noqa: F811  (the imported fixture)
    review_server: str,
) -> None:
    page = _page(browser, review_server, "ines")
    page.goto("/review/")
    page.click("a:has-text('Tehran')")
    page.wait_for_selector("#source-text mark.proposal.mention")
    proposal = page.locator("li.proposal-item", has_text="“Nayyeri”")
    proposal_id = proposal.get_attribute("id")
    marks_before = page.locator("#source-text mark").count()
    page.screenshot(path=str(SHOTS / "review-queue.png"))
    proposal.locator("button.accept-button").click()
    status = page.wait_for_selector("#review-status")
    assert "new person" in status.inner_text()
    assert page.locator(f"#{proposal_id}").count() == 0
    assert page.locator("#source-text mark").count() < marks_before
    page.click("#review-status a")
    page.wait_for_url("**/people/*/")
    assert "Nayyeri" in page.inner_text("main")
    assert page.errors == []
