"""The case pages in a real browser: on `khavaran demo`'s case, an investigator opens the case,
links a mode of liability for a crime alleged through the form, sees the element matrix change
for that accused and crime, and downloads the case file that now cites the link."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_web_browser import (
    _page,
    browser,  # noqa: F401  (the fixture)
    demo_server,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTE = "Ordered the murders: the browser test's link"


@pytest.fixture(scope="module")
def case_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("case-browser") / "data"
    with demo_server(data, {"ines": "investigator"}) as url:
        yield url


def _ordering_row(page: Any) -> str:
    return str(page.inner_text("tr[id='element-liability.ordering']"))


def test_an_investigator_links_an_element_and_downloads_the_case_file(
    browser: Any,  # noqa: F811  (the imported fixture)
    case_server: str,
    shots: Path,
    tmp_path: Path,
) -> None:
    page = _page(browser, case_server, "ines")
    page.goto("/cases/")
    page.click("a:has-text('Tehran commission, summer 1988')")
    page.wait_for_selector("#matrix")
    before = _ordering_row(page)
    assert (
        "No evidence linked yet." in before
        and "Ebrahim Raisi: no supporting evidence for Murder" in before
    )
    # The passage the attack is linked to: its number, as a source page shows it.
    cited = page.get_attribute("tr[id='element-cah.context.attack'] a.cite", "href")
    excerpt = cited.split("excerpt=")[1].split("#")[0]

    page.click("#matrix a:has-text('Link evidence to an element')")
    page.select_option("#id_element", "liability.ordering")
    page.select_option("#id_person", label="Ebrahim Raisi")
    page.select_option("#id_crime", "cah.murder")
    page.select_option("#id_strength", "strong")
    page.fill("#id_note", NOTE)
    page.fill("#id_excerpt", excerpt)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cases/*/#matrix")

    after = _ordering_row(page)
    assert NOTE in after and "for Murder" in after
    assert "Ebrahim Raisi: supported for Murder" in after
    assert "Ebrahim Raisi: no supporting evidence for Persecution" in after
    page.screenshot(path=str(shots / "case-matrix.png"), full_page=True)

    with page.expect_download() as download:
        page.click("button:has-text('Download the case file (Markdown)')")
    target = tmp_path / "case.md"
    download.value.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Case file: Tehran commission, summer 1988")
    assert NOTE in text and "concerns Ebrahim Raisi, for murder" in text
    # A form's POST, answered with an attachment: the case page stays where it was.
    assert page.url.endswith("/#matrix")
    assert page.errors == []
