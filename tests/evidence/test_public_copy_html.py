"""The public copy of a web page: what it shows, without what names who wrote or saved it."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from khavaran.evidence.public_copy import CLEANABLE, NoPublicCopy, without_metadata
from khavaran.ingest.extraction import extract_file

SAVED_PAGE = """<!DOCTYPE html>
<!-- saved from url=(0044)https://forum.example/u/witness-a/post/12 -->
<html lang="fa"><head>
<meta charset="windows-1256">
<meta name="author" content="Witness A">
<meta name="generator" content="WordPress 6.4">
<meta property="og:title" content="Title">
<meta property="article:author" content="https://example.org/witness-a">
<meta name="DC.creator" content="Witness A">
<meta name="savepage-url" content="https://forum.example/u/witness-a">
<meta http-equiv="refresh" content="0;url=https://forum.example/u/witness-a">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="author" href="https://forum.example/u/witness-a">
<link rel="me" href="https://social.example/@witness">
<link rel="shortlink" href="https://forum.example/?p=4412">
<link rel="stylesheet" href="style.css">
<title>اعدام‌ها در تابستان 1367</title>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-WITNESS1"></script>
<script>gtag('config', 'G-WITNESS1'); var user = "witness-a";</script>
</head><body onload="track('witness-a')">
<p>در تابستان 1367 زندانيان سياسي اعدام شدند.</p>
<!-- edited by Witness A on 2019-03-02 -->
<noscript><img src="https://www.facebook.com/tr?id=WITNESS-PIXEL"></noscript>
<a href="javascript:track('witness-a')">بيشتر</a>
<form><input type="hidden" name="user_id" value="witness-a"><input name="q"></form>
<span property="dc:creator" content="Witness A">نويسنده</span>
</body></html>
"""
IDENTIFYING = ("witness", "Witness", "WordPress", "G-WITNESS1", "4412", "og:title", "<!--")


def _copy(page: str | bytes, encoding: str = "windows-1256") -> bytes:
    data = page.encode(encoding) if isinstance(page, str) else page
    return without_metadata(data, "text/html")


def test_html_is_cleaned_not_served_as_it_was_stored() -> None:
    assert "text/html" in CLEANABLE
    # Plain text has no metadata to remove: it is served as stored.
    assert "text/plain" not in CLEANABLE


def test_the_copy_of_a_saved_page_names_nobody() -> None:
    copy = _copy(SAVED_PAGE).decode("windows-1256")
    for word in IDENTIFYING:
        assert word not in copy, word
    assert "<script" not in copy and "onload" not in copy and "javascript:" not in copy
    assert "refresh" not in copy and "<noscript" not in copy and 'type="hidden"' not in copy


def test_the_copy_keeps_the_text_its_charset_and_its_look() -> None:
    original = SAVED_PAGE.encode("windows-1256")
    copy = _copy(original)
    # The text's bytes are the original's: never decoded and encoded again.
    paragraph = "<p>در تابستان 1367 زندانيان سياسي اعدام شدند.</p>".encode("windows-1256")
    assert paragraph in copy
    assert b'<meta charset="windows-1256">' in copy
    assert b'<meta name="viewport" content="width=device-width, initial-scale=1">' in copy
    assert b'<link rel="stylesheet" href="style.css">' in copy
    assert "<title>اعدام‌ها در تابستان 1367</title>".encode("windows-1256") in copy
    assert "<a>بيشتر</a>".encode("windows-1256") in copy and b'<input name="q">' in copy


def test_the_copy_reads_in_its_charset_with_its_title_and_text(tmp_path: Path) -> None:
    original, copy = tmp_path / "page.html", tmp_path / "copy.html"
    original.write_bytes(SAVED_PAGE.encode("windows-1256"))
    copy.write_bytes(_copy(SAVED_PAGE))
    read = extract_file(copy)
    assert read.encoding == extract_file(original).encoding == "cp1256"
    assert read.title == extract_file(original).title
    assert "زندانيان سياسي اعدام شدند" in read.text and "author" not in read.metadata


def test_a_meta_charset_that_also_names_an_author_keeps_only_its_charset() -> None:
    copy = _copy('<meta charset="utf-8" name="author" content="Witness A"><p>x</p>', "utf-8")
    assert copy == b'<meta charset="utf-8"><p>x</p>'


def test_a_content_type_declaration_is_kept() -> None:
    tag = b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    assert _copy(tag + b"<p>x</p>") == tag + b"<p>x</p>"


def test_markup_in_title_and_style_is_their_text_not_a_comment() -> None:
    page = b"<title>a <!-- b --> c</title><style>p{color:red}/* <!-- x --> */</style><p>d</p>"
    assert _copy(page) == page


def test_removing_a_comment_never_joins_a_new_script() -> None:
    assert _copy(b"<<!-- -->script>track('witness')</script><p>kept</p>") == b"<p>kept</p>"


def test_character_references_do_not_hide_a_link_to_an_author() -> None:
    copy = _copy(b'<link rel="auth&#111;r" href="/u/witness"><a href="&#106;avascript:x()">y</a>')
    assert copy == b"<a>y</a>"


def test_svg_keeps_its_shapes_self_closed_without_their_handlers() -> None:
    page = b'<svg><path d="M0 0" onclick="track()"/><title><!-- witness --></title></svg>'
    assert _copy(page) == b'<svg><path d="M0 0" /><title></title></svg>'


def test_an_unquoted_address_ending_in_a_slash_is_not_a_self_closed_tag() -> None:
    page = b"<a href=https://example.org/>x</a>"
    assert _copy(page) == page


def test_a_page_without_metadata_is_copied_byte_for_byte() -> None:
    page = "<!doctype html><html><body><h1>خاوران</h1><p>1988</p></body></html>".encode()
    assert _copy(page) == page


def test_a_utf16_page_is_copied_as_utf8_with_its_mark() -> None:
    page = "<meta name=author content=W><p>خاوران</p>".encode("utf-16")
    assert _copy(page) == codecs.BOM_UTF8 + "<p>خاوران</p>".encode()


def test_legacy_scripts_hidden_in_comments_are_removed() -> None:
    page = b"<script><!--\nvar id = 'witness';\n//--></script><p>x</p>"
    assert _copy(page) == b"<p>x</p>"


@pytest.mark.parametrize(
    "page",
    [
        # A browser reads past this </script> (a script written inside a comment).
        b"<script><!-- document.write('<script>x</script>') --></script><p>witness</p>",
        # ISO-2022-JP: the markup is not in the bytes as ASCII.
        "<p>日本</p>".encode("iso-2022-jp"),
        b"<\x00p\x00>\x00",
    ],
)
def test_pages_it_cannot_read_as_a_browser_does_get_no_copy(page: bytes) -> None:
    with pytest.raises(NoPublicCopy):
        _copy(page)
