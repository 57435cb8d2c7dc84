"""Web pages: the article's text without menus, footers or scripts, decoded by their charset."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.ingest.extraction import extract_file

ARTICLE = [
    "The Iranian regime has committed numerous human rights violations since coming to power in "
    "1979, but one of the most egregious had largely been forgotten until last week.",
    "The 1988 massacre of political prisoners was recently given public attention after several "
    "UN human rights experts wrote a letter describing it as a potential crime against humanity.",
    "Survivors and the families of the victims have asked for an international investigation "
    "into the killings and for the burial places to be identified and protected.",
]
PERSIAN_ARTICLE = [
    "هیئت مرگ در تابستان ۱۳۶۷ در زندان اوین تشکیل شد و هزاران زندانی سیاسی را اعدام کرد.",
    "بسیاری از اعدام‌شدگان در گورهای جمعی در خاوران، در شرق تهران، به خاک سپرده شدند.",
    "خانواده‌ها هنوز از محل دفن عزیزانشان بی‌خبرند و خواستار دادخواهی هستند.",
]


def make_page(
    tmp_path: Path,
    paragraphs: list[str],
    *,
    title: str = "The forgotten massacre",
    head: str = '<meta charset="utf-8">',
    encoding: str = "utf-8",
    name: str = "page.html",
) -> Path:
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    html = f"""<!doctype html><html lang="en"><head>{head}<title>{title}</title>
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://news.example/1988">
<script>var tracking = "SCRIPT-CONTENT";</script><style>p {{ color: red }}</style></head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/about">About us</a>
</nav></header>
<main><article><h1>{title}</h1>
{body}</article></main>
<aside><h3>Related</h3><ul><li><a href="/x">Other story one</a></li></ul></aside>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
<script>document.write("MORE-SCRIPT")</script></body></html>"""
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return path


def test_it_keeps_the_article_paragraphs_one_a_line(tmp_path: Path) -> None:
    extraction = extract_file(make_page(tmp_path, ARTICLE))
    lines = extraction.text.splitlines()
    assert all(paragraph in lines for paragraph in ARTICLE)
    assert extraction.method == "html/trafilatura"
    assert extraction.media_type == "text/html"
    assert extraction.language == "en"


def test_it_drops_navigation_footer_and_scripts(tmp_path: Path) -> None:
    text = extract_file(make_page(tmp_path, ARTICLE)).text
    for boilerplate in ("Home", "About us", "Copyright", "SCRIPT-CONTENT", "MORE-SCRIPT", "color"):
        assert boilerplate not in text


def test_it_takes_the_title_author_and_address_from_the_head(tmp_path: Path) -> None:
    extraction = extract_file(make_page(tmp_path, ARTICLE))
    assert extraction.title == "The forgotten massacre"
    assert extraction.metadata["author"] == "Jane Reporter"
    assert extraction.metadata["url"] == "https://news.example/1988"


def test_it_falls_back_to_og_title(tmp_path: Path) -> None:
    path = make_page(
        tmp_path, ARTICLE, title="", head='<meta property="og:title" content="From Open Graph">'
    )
    assert extract_file(path).title == "From Open Graph"


def test_it_decodes_by_the_declared_charset(tmp_path: Path) -> None:
    path = make_page(
        tmp_path,
        [p.replace("ی", "ي").replace("۱۳۶۷", "1367") for p in PERSIAN_ARTICLE],
        head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
        encoding="cp1256",
    )
    extraction = extract_file(path)
    assert extraction.encoding == "cp1256"
    assert "زندان اوين" in extraction.text
    assert extraction.language == "fa"


def test_it_detects_the_encoding_of_a_page_without_a_charset(tmp_path: Path) -> None:
    paragraphs = [p.replace("ی", "ي").replace("۱۳۶۷", "1367") for p in PERSIAN_ARTICLE]
    extraction = extract_file(make_page(tmp_path, paragraphs, head="", encoding="cp1256"))
    assert extraction.encoding == "cp1256"
    assert paragraphs[1] in extraction.text


def test_it_ignores_a_declared_charset_that_does_not_fit(tmp_path: Path) -> None:
    path = make_page(
        tmp_path, PERSIAN_ARTICLE, head='<meta charset="us-ascii">', name="mislabelled.htm"
    )
    extraction = extract_file(path)
    assert extraction.encoding == "utf-8"
    assert PERSIAN_ARTICLE[0] in extraction.text


def test_it_falls_back_to_the_body_text_when_there_is_no_article(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Short</title><script>var x = 'SCRIPT';</script></head><body>"
        "<nav>Menu</nav><div>Evin prison, 1988.</div><div>List of names</div>"
        "<footer>Footer text</footer></body></html>"
    )
    path = tmp_path / "short.html"
    path.write_text(html, encoding="utf-8")
    extraction = extract_file(path)
    assert "Evin prison, 1988." in extraction.text.splitlines()
    assert "SCRIPT" not in extraction.text
    assert "Menu" not in extraction.text
    assert "Footer" not in extraction.text


def test_it_reads_a_page_with_no_text_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    extraction = extract_file(path)
    assert extraction.text == ""
    assert extraction.language is None


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_it_reads_both_html_extensions(tmp_path: Path, name: str) -> None:
    assert extract_file(make_page(tmp_path, ARTICLE, name=name)).media_type == "text/html"


def test_it_keeps_the_zero_width_non_joiners_of_persian_words(tmp_path: Path) -> None:
    extraction = extract_file(make_page(tmp_path, PERSIAN_ARTICLE))
    assert extraction.method == "html/trafilatura"
    assert "اعدام\u200cشدگان" in extraction.text
    assert all(paragraph in extraction.text for paragraph in PERSIAN_ARTICLE)
