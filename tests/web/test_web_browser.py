"""The workspace in a real browser: Debian's chromium driven by Playwright against
`khavaran serve` (gunicorn) on a data dir built by `khavaran demo`. Screenshots of the main
pages are taken too (see the ``shots`` fixture)."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from khavaran.demo.load import reference_corpus
from tests.processes import isolated_env

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
KHAVARAN = [str(Path(sys.executable).parent / "khavaran")]
PASSWORD = "correct horse battery staple"
# What `user add` is given: a one-time password, exchanged for PASSWORD at first sign-in.
GIVEN = "a one-time passphrase 1988"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Selects `words` inside #source-text, across the marks that split its text nodes.
SELECT_JS = """(words) => {
  const box = document.getElementById('source-text');
  const at = box.textContent.indexOf(words);
  if (at < 0) return false;
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!started && at < seen + len) { range.setStart(node, at - seen); started = true; }
    if (started && at + words.length <= seen + len) {
      range.setEnd(node, at + words.length - seen); break;
    }
    seen += len;
  }
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(data: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*KHAVARAN, "--data-dir", str(data), *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def choose_own_password(base_url: str, name: str, given: str, chosen: str) -> None:
    """Sign in as `name` with the one-time password `given` and choose `chosen` instead."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def post(path: str, fields: dict[str, str]) -> str:
        page = opener.open(base_url + path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form at {path}"
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token[1]}).encode()
        with opener.open(urllib.request.Request(base_url + path, data=data)) as response:
            return str(response.url)

    assert "/account/password/" in post("/login/", {"username": name, "password": given})
    form = {"current": given, "new": chosen, "again": chosen}
    assert post("/account/password/", form).endswith("/")


@contextmanager
def demo_server(
    data: Path,
    users: dict[str, str],
    *,
    then: tuple[tuple[str, ...], ...] = (),
    own_passwords: bool = True,
) -> Iterator[str]:
    """`khavaran demo` in `data`, the commands in `then`, the users (name -> role), and
    `khavaran serve` on a free port until the block ends; yields the base URL.

    `user add` gives each user a one-time password; with `own_passwords` each has then chosen
    PASSWORD, as a user does at first sign-in, else each still signs in with PASSWORD once."""
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    with isolated_env(data) as env:
        _cli(data, env, "demo", "--no-serve")
        for command in then:
            _cli(data, env, *command)
        secret = data.parent / "password.txt"
        secret.write_text(GIVEN if own_passwords else PASSWORD)
        for name, role in users.items():
            _cli(data, env, "user", "add", name, "--role", role, "--password-file", str(secret))
        port = _free_port()
        process = subprocess.Popen(
            [*KHAVARAN, "--data-dir", str(data), "serve", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port)
            url = f"http://127.0.0.1:{port}"
            for name in users if own_passwords else ():
                choose_own_password(url, name, GIVEN, PASSWORD)
            yield url
        finally:
            process.terminate()
            try:
                # gunicorn stops its workers gracefully: on a loaded CI machine that can take
                # longer than a quiet one's second or two.
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
                raise


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("browser") / "data"
    with demo_server(data, {"ines": "investigator", "vida": "viewer"}) as url:
        yield url


def _wait_for(port: int) -> None:
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("khavaran serve did not start")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _page(browser: Any, server: str, user: str | None) -> Any:
    page = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    if user:
        page.goto("/login/")
        page.fill("#id_username", user)
        page.fill("#id_password", PASSWORD)
        page.click("form.narrow button[type=submit]")
        page.wait_for_url("**/sources/")
    return page


def _open_source(page: Any, title_part: str) -> None:
    page.goto("/sources/")
    page.click(f"a:has-text('{title_part}')")
    page.wait_for_selector("#source-text")


def _cite(page: Any, words: str) -> None:
    assert page.evaluate(SELECT_JS, words)
    page.click("#cite-button")
    page.wait_for_selector("#make-claim")


# The demo loads the reference corpus (with the seed article) when it sits beside the checkout,
# as it does in CI; the shipped example case alone has seven sources.
CORPUS = reference_corpus()


def test_it_signs_in_and_lists_the_sources(browser: Any, server: str, shots: Path) -> None:
    page = _page(browser, server, "ines")
    assert page.locator("table.list tbody tr").count() >= (10 if CORPUS else 7)
    page.screenshot(path=str(shots / "sources.png"), full_page=True)
    assert page.errors == []


def test_it_uploads_a_file(browser: Any, server: str, tmp_path: Path, shots: Path) -> None:
    page = _page(browser, server, "ines")
    path = tmp_path / "upload-note.txt"
    path.write_text("Gohardasht prison, Mordad 1367: a note for the upload test.")
    page.goto("/sources/upload/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/sources/*/")
    assert "a note for the upload test" in page.inner_text("#source-text")
    page.screenshot(path=str(shots / "source-uploaded.png"))


@pytest.mark.skipif(CORPUS is None, reason="the seed article comes with the reference corpus")
def test_it_makes_a_claim_from_english_text(browser: Any, server: str, shots: Path) -> None:
    """The issue's walk-through: the seed article's "30,000 political prisoners"."""
    page = _page(browser, server, "ines")
    _open_source(page, "Seed article")
    _cite(page, "30,000 political prisoners")
    page.screenshot(path=str(shots / "cite-while-reading.png"))
    page.click("#make-claim")
    page.fill("#id_question", "number-killed:massacre-1988")
    page.fill("#id_predicate", "victim_count")
    page.fill("#id_value_number", "30000")
    page.fill("#id_attributed_to", "the seed article; the text gives no source for it")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/claims/*/")
    assert "30,000 political prisoners" in page.inner_text("ul.citations")
    page.click("text=All versions of this figure")
    table = page.inner_text("table.contested")
    assert "the text gives no source for it" in table and "Amnesty International" in table
    page.screenshot(path=str(shots / "contested-figure.png"), full_page=True)


def test_it_makes_a_claim_from_persian_text(browser: Any, server: str) -> None:
    page = _page(browser, server, "ines")
    _open_source(page, "گزارش پژوهشی")
    words = "هیئت مرگ"
    _cite(page, words)
    assert page.inner_text("#cite-panel blockquote") == words
    page.click("#make-claim")
    page.fill("#id_question", "name-of-commission")
    page.fill("#id_predicate", "called")
    page.fill("#id_value_text", words)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/claims/*/")
    assert words in page.inner_text("ul.citations")


def test_the_demo_lists_are_linked_counted_and_estimated(
    browser: Any, server: str, shots: Path
) -> None:
    page = _page(browser, server, "ines")
    page.goto("/lists/")
    text = page.inner_text("main")
    for name in ("tribunal_fa", "families_fa", "memorial_en"):
        assert f"synthetic-{name}" in text
    assert int(page.inner_text("#documented-victims")) > 0
    page.screenshot(path=str(shots / "victim-lists.png"), full_page=True)
    page.goto("/lists/review/")
    assert "in the band" in page.inner_text("#queue-count")
    page.goto("/estimates/")
    estimates = page.inner_text("main")
    assert "loglinear" in estimates and "dga" in estimates
    assert page.errors == []


def test_it_searches_in_persian(browser: Any, server: str, shots: Path) -> None:
    page = _page(browser, server, "ines")
    page.goto("/search/?q=رئیسی")
    assert page.locator(".snippet mark").count() >= 1
    page.screenshot(path=str(shots / "search-persian.png"))


def test_it_switches_the_interface_to_persian(browser: Any, server: str, shots: Path) -> None:
    page = _page(browser, server, "ines")
    page.click("button[lang=fa]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "rtl"
    page.goto("/people/")
    page.click("a:has-text('Ebrahim Raisi')")
    assert page.get_attribute("html", "dir") == "rtl"
    page.screenshot(path=str(shots / "person-timeline-fa.png"), full_page=True)


def test_it_keeps_a_confidential_source_from_a_viewer(browser: Any, server: str) -> None:
    investigator = _page(browser, server, "ines")
    _open_source(investigator, "Invented sample testimony")
    url = investigator.url
    viewer = _page(browser, server, "vida")
    response = viewer.goto(url)
    assert response.status == 404
    assert "Witness A" not in viewer.content()


def test_it_runs_no_script_from_an_ingested_html_file(
    browser: Any, server: str, tmp_path: Path
) -> None:
    page = _page(browser, server, "ines")
    path = tmp_path / "hostile.html"
    path.write_text(
        "<html><body><p>Harmless words &lt;script&gt;window.pwned=1&lt;/script&gt;"
        "</p><script>window.pwned=2</script></body></html>"
    )
    page.goto("/sources/upload/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/sources/*/")
    assert "Harmless words" in page.inner_text("#source-text")
    assert page.evaluate("window.pwned") is None
    assert page.errors == []
