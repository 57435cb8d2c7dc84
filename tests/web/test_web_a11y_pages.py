"""Keyboard, screen-reader and Persian readers on the pages themselves (the server's side; the
browser's side is in test_web_a11y_browser.py): a skip link, a focusable source text with a
passage box, help texts the fields point to, the reader's digits, quotation marks and commas,
translated custody lines and upload notes, and search results paged within the reader's levels."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from khavaran.evidence.models import Excerpt, Source
from khavaran.records.models import Claim
from khavaran.web.templatetags import khavaran as tags
from khavaran.web.views import search as search_view
from khavaran.web.views import sources as sources_view

pytestmark = pytest.mark.django_db


def _persian(client: Client) -> Client:
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_link_of_a_page_skips_to_its_content(client_as: Any) -> None:
    page = _page(client_as("investigator"), "/sources/")
    body = page.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body)
    assert first_link is not None
    assert 'href="#content"' in first_link.group(0) and "Skip to content" in first_link.group(0)
    assert '<main id="content" tabindex="-1">' in page


def test_the_skip_link_is_on_persian_pages_too(client_as: Any) -> None:
    page = _page(_persian(client_as("investigator")), "/sources/")
    assert '<a class="skip" href="#content">' in page


def test_the_source_text_takes_focus_and_offers_a_passage_box(
    client_as: Any, case: dict[str, Any]
) -> None:
    page = _page(client_as("investigator"), f"/sources/{case['english'].pk}/")
    article = re.search(r'<article id="source-text"[^>]*>', page)
    assert article is not None and 'tabindex="0"' in article.group(0)
    assert 'aria-describedby="cite-hint"' in article.group(0)
    assert '<label for="cite-quote"' in page and '<textarea id="cite-quote"' in page
    assert 'id="cite-status" class="muted" role="status" aria-live="polite"' in page
    assert '<button type="button" id="cite-button" disabled>' in page


def test_readers_who_cannot_cite_get_no_passage_box(client_as: Any, case: dict[str, Any]) -> None:
    page = _page(client_as("viewer"), f"/sources/{case['english'].pk}/")
    assert 'tabindex="0"' in page
    assert "cite-quote" not in page and "cite-button" not in page


def test_every_help_text_a_field_points_to_exists(client_as: Any, case: dict[str, Any]) -> None:
    excerpt = Excerpt.objects.filter(source=case["figures"]).first()
    assert excerpt is not None
    page = _page(client_as("investigator"), f"/new/claim/?excerpts={excerpt.pk}")
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    assert "id_question_helptext" in described
    for ids in described:
        for target in ids.split():
            assert f'id="{target}"' in page, target


def test_a_persian_source_page_writes_sizes_and_lists_in_persian(
    client_as: Any, case: dict[str, Any]
) -> None:
    source = case["persian"]
    page = _page(_persian(client_as("investigator")), f"/sources/{source.pk}/")
    meta = page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    size = meta.split("· ")[3]
    assert re.match(r"[۰-۹][۰-۹٫]*\s", size) and not re.search(r"[0-9]", size)
    excerpts = page.split('class="excerpt-item"')[1:]
    assert excerpts and all("«" in item and "“" not in item for item in excerpts)


def test_an_english_page_keeps_english_quotation_marks(
    client_as: Any, case: dict[str, Any]
) -> None:
    page = _page(client_as("investigator"), f"/sources/{case['persian'].pk}/")
    assert "“" in page.split('class="excerpt-item"')[1]


def test_citations_on_a_persian_page_are_in_persian_quotation_marks(
    client_as: Any, case: dict[str, Any]
) -> None:
    claim = Claim.objects.filter(excerpts__isnull=False).first()
    assert claim is not None
    page = _page(_persian(client_as("investigator")), f"/claims/{claim.pk}/")
    cited = page.split('class="cite">', 1)[1]
    assert cited.startswith("«")


def test_the_excerpt_made_from_a_selection_names_its_span_in_persian_digits(
    client_as: Any, case: dict[str, Any]
) -> None:
    source, words = case["persian"], case["persian"].text[40:60]
    response = _persian(client_as("investigator")).post(
        f"/sources/{source.pk}/excerpts/", {"start": 40, "end": 60, "quote": words}
    )
    line = response.content.decode().split("<p>", 1)[1].split("</p>", 1)[0]
    assert "۴۰–۶۰" in line
    assert re.search(r"\(#[0-9]+, ", line)  # the id as its address writes it


def test_a_claim_value_written_in_digits_is_shown_in_persian_digits() -> None:
    # A notation that is no date (a prison's cell block and cell); dates are shown in both
    # calendars instead (tests/web/test_public_reading_dates.py).
    claim = Claim(question="cell:x", predicate="held_in", value_text="4/215")
    with translation.override("fa"):
        assert tags.claim_value(claim) == "۴/۲۱۵"
        assert tags.claim_value(Claim(value_text="in 2025, in summer")) == "in 2025, in summer"
    with translation.override("en"):
        assert tags.claim_value(claim) == "4/215"


def test_list_commas_follow_the_page_language() -> None:
    with translation.override("fa"):
        assert tags.sep() == "، "
    with translation.override("en"):
        assert tags.sep() == ", "


@pytest.fixture
def persian_words() -> Any:
    """`persian_words({msgid: msgstr})`: Persian for new msgids, for this test only (the
    shipped catalog gets them from the translators)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("fa")._catalog
    added: list[str] = []

    def add(words: dict[str, str]) -> None:
        for msgid, msgstr in words.items():
            if msgid not in catalog:
                catalog[msgid] = msgstr
                added.append(msgid)

    yield add
    for msgid in added:
        for part in catalog._catalogs:
            part.pop(msgid, None)


def test_custody_lines_the_system_wrote_are_shown_in_the_readers_language(
    client_as: Any, persian_words: Any
) -> None:
    persian_words(
        {
            "web upload": "بارگذاری در وب",
            "same bytes ingested again as %(name)s": "همان بایت‌ها دوباره با نام %(name)s",
        }
    )
    client = client_as("investigator")
    _upload(client, "restricted")
    _upload(client, "restricted")
    source = Source.objects.get(original_filename="again.txt")
    page = _page(_persian(client), f"/sources/{source.pk}/")
    custody = page.split('<ol class="custody">', 1)[1].split("</ol>", 1)[0]
    assert "بارگذاری در وب" in custody and "web upload" not in custody
    assert "همان بایت‌ها دوباره با نام again.txt" in custody
    with translation.override("en"):
        assert tags.custody_method("khavaran import-facts") == "khavaran import-facts"
        assert tags.custody_note("handed over by the family") == "handed over by the family"


def test_a_heading_names_a_person_in_the_readers_script(case: dict[str, Any]) -> None:
    from django.db.models import Prefetch

    from khavaran.records.models import Name, Person

    person = Person.objects.prefetch_related(Prefetch("names", Name.objects.all())).get(
        pk=case["raisi"].pk
    )
    with translation.override("fa"):
        shown = tags.record_name(person)
    assert any("\u0600" <= ch <= "\u06ff" for ch in shown)
    assert tags.record_name(case["raisi"]) == str(case["raisi"])


def _upload(client: Client, level: str) -> Any:
    note = SimpleUploadedFile("again.txt", b"Gohardasht, the same bytes twice.", "text/plain")
    return client.post("/sources/upload/", {"file": note, "confidentiality": level}, follow=True)


def test_a_duplicate_upload_says_so_in_the_readers_words(client_as: Any) -> None:
    client = client_as("investigator")
    _upload(client, "confidential")
    page = _upload(client, "restricted").content.decode()
    source = Source.objects.get(original_filename="again.txt")
    assert f"This file is already present as source {source.pk}." in page
    assert "It stays Confidential (not lowered to Restricted)." in page
    assert "Already present: already" not in page  # the pipeline's English reason


def _hits(page: str) -> list[str]:
    return re.findall(r'<li><span class="kind">[^<]*</span> <a href="([^"]+)"', page)


def test_search_results_page_to_their_end(
    client_as: Any, case: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_view, "LIMIT", 2)
    client = client_as("admin")
    first = _page(client, "/search/?q=Tehran")
    total = int(re.search(r'class="total"><strong>([0-9,]+) hits', first).group(1))  # type: ignore[union-attr]
    assert total > 4
    pages = (total + 1) // 2
    seen = [
        url
        for n in range(1, pages + 1)
        for url in _hits(_page(client, f"/search/?q=Tehran&page={n}"))
    ]
    assert len(seen) == total
    assert 'href="?q=Tehran&amp;page=2"' in first


def test_paged_search_counts_only_what_the_reader_may_read(
    client_as: Any, case: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_view, "LIMIT", 2)

    def total(role: str) -> int:
        page = _page(client_as(role), "/search/?q=Tehran")
        return int(re.search(r'class="total"><strong>([0-9,]+) hit', page).group(1))  # type: ignore[union-attr]

    assert total("viewer") < total("admin")
    testimony = case["testimony"]
    viewer = client_as("viewer")
    for n in range(1, total("viewer") // 2 + 2):
        assert f"/sources/{testimony.pk}/" not in _page(viewer, f"/search/?q=Tehran&page={n}")


def test_the_source_lists_passages_found_page_too(
    client_as: Any, case: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources_view, "PAGE", 2)
    client = client_as("admin")
    first = _page(client, "/sources/?q=Tehran")
    passages = first.split("Passages found", 1)[1].split("</ol>", 1)[0]
    total = int(re.search(r'class="total"><strong>([0-9,]+) hits', passages).group(1))  # type: ignore[union-attr]
    assert total > 2
    assert 'rel="next"' in passages
    second = _page(client, "/sources/?q=Tehran&page=2").split("Passages found", 1)[1]
    assert '<ol class="hits" start="3">' in second


def test_the_sources_filter_waits_for_the_arrow_keys_and_adds_no_history_entry_each(
    client_as: Any,
) -> None:
    # Arrowing through a select fires "change" at each option: one request when it settles,
    # and the address replaced, not one back-button step per option.
    page = _page(client_as("investigator"), "/sources/")
    (form,) = re.findall(r'<form method="get" class="filters"[^>]*>', page)
    assert 'hx-trigger="change delay:600ms, submit"' in form
    assert 'hx-replace-url="true"' in form and "hx-push-url" not in form


def test_a_group_of_checkboxes_is_a_fieldset_named_by_its_legend(client_as: Any) -> None:
    from khavaran.demo.case_file import load_demo_case

    demo = load_demo_case(actor="admin")
    page = _page(client_as("investigator"), f"/cases/{demo.pk}/")
    form = page.split("Change the crimes alleged", 1)[1].split("</form>", 1)[0]
    assert '<fieldset class="field"><legend>' in form
    legend = form.split("<legend>", 1)[1].split("</legend>", 1)[0]
    assert legend.strip() and 'type="checkbox"' in form.split("</legend>", 1)[1]
