"""The public copy of a web page: what it shows, without what names who wrote or saved it."""

from __future__ import annotations

import base64
import codecs
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from khavaran.evidence.public_copy import CLEANABLE, NoPublicCopy, without_metadata
from khavaran.evidence.public_copy.html import OFFLINE_POLICY, with_title
from khavaran.ingest.extraction import extract_file
from tests.evidence.test_public_copy import _png_chunk
from tests.ingest.test_extraction_media import make_image

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
    # The style sheet stays a style sheet, without the address the browser would load it from.
    assert b'<link rel="stylesheet">' in copy
    # The page's own title is left out, as the public page leaves it out (`with_title` puts
    # the public title there when the copy is served).
    assert b"<title></title>" in copy
    assert "اعدام‌ها".encode("windows-1256") not in copy
    assert "<a>بيشتر</a>".encode("windows-1256") in copy


def test_the_copy_reads_in_its_charset_with_its_text_and_no_title(tmp_path: Path) -> None:
    original, copy = tmp_path / "page.html", tmp_path / "copy.html"
    original.write_bytes(SAVED_PAGE.encode("windows-1256"))
    copy.write_bytes(_copy(SAVED_PAGE))
    read = extract_file(copy)
    assert read.encoding == extract_file(original).encoding == "cp1256"
    assert extract_file(original).title and read.title is None
    assert "زندانيان سياسي اعدام شدند" in read.text and "author" not in read.metadata


def test_a_meta_charset_that_also_names_an_author_keeps_only_its_charset() -> None:
    copy = _copy('<meta charset="utf-8" name="author" content="Witness A"><p>x</p>', "utf-8")
    assert copy == b'<meta charset="utf-8"><p>x</p>'


def test_a_content_type_declaration_is_kept() -> None:
    tag = b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    assert _copy(tag + b"<p>x</p>") == tag + b"<p>x</p>"


def test_markup_in_style_is_its_text_not_a_comment() -> None:
    page = b'<title></title><style>p:after{content:"<!-- x -->"}</style><p>d</p>'
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


def _jpeg_with_gps(tmp_path: Path) -> bytes:
    jpeg = make_image(tmp_path, "grave.jpg", "JPEG", exif=True).read_bytes()
    assert b"Exif" in jpeg and b"Canon" in jpeg
    return jpeg


def _embedded(copy: bytes) -> list[bytes]:
    return [base64.b64decode(found) for found in re.findall(rb"base64,([A-Za-z0-9+/=]+)", copy)]


def test_a_photograph_inside_the_page_loses_its_gps_and_keeps_its_picture(
    tmp_path: Path,
) -> None:
    jpeg = _jpeg_with_gps(tmp_path)
    png = make_image(tmp_path, "p.png", "PNG").read_bytes()
    text = _png_chunk(b"tEXt", b"Author\x00Witness A")
    png = png[:33] + text + png[33:]
    page = (
        f'<p>The grave.</p><img src="data:image/jpeg;base64,{base64.b64encode(jpeg).decode()}">'
        f"<div style=\"background:url('data:image/png;base64,{base64.b64encode(png).decode()}')\">"
        f"</div><style>b{{background:url(data:image/jpeg;base64,{base64.b64encode(jpeg).decode()})}}"
        "</style>"
    ).encode()
    copy = _copy(page)
    pictures = _embedded(copy)
    assert len(pictures) == 3
    for picture in pictures:
        assert b"Exif" not in picture and b"Witness" not in picture
        with Image.open(io.BytesIO(picture)) as image:
            assert image.getexif() == {} and image.size == (64, 48)
    assert pictures[0] == without_metadata(jpeg, "image/jpeg")
    assert b"data:image/jpeg;base64," in copy and b"<p>The grave.</p>" in copy


def test_other_files_inside_the_page_lose_their_address(tmp_path: Path) -> None:
    # No cleaner keeps their bytes without their metadata (ID3 artist, QuickTime GPS, a GIF's
    # comment); the elements stay, so the text around them does.
    mp3 = base64.b64encode(b"ID3\x03\x00\x00\x00\x00\x00\x10TPE1Witness A").decode()
    page = (
        f'<audio src="data:audio/mpeg;base64,{mp3}"></audio>'
        f'<video poster="data:image/gif;base64,R0lGOD" src="data:video/mp4;base64,{mp3}"></video>'
        f'<img src="data:image/jpeg;base64,{mp3}" alt="a damaged picture">'
        f"<style>@font-face{{src:url(data:font/woff2;base64,{mp3})}}</style><p>kept</p>"
    ).encode()
    copy = _copy(page)
    assert copy == (
        b'<audio></audio><video></video><img alt="a damaged picture">'
        b'<style>@font-face{src:url("")}</style><p>kept</p>'
    )


def test_values_no_reader_sees_are_left_out() -> None:
    page = (
        b'<body data-user-id="8812" data-author="Witness A" class="post">'
        b'<article itemscope itemtype="https://schema.org/Article" vocab="https://schema.org/">'
        b'<span itemprop="author" property="author" typeof="Person">Sara</span>'
        b'<a href="/u/sara" rel="author">Sara</a> <data value="8812">one</data>'
        b'<a href="/report.pdf" download="Witness A report.pdf" ping="/track?u=8812">report</a>'
        b"</article></body>"
    )
    # The text a reader sees stays: the byline, the links.
    assert _copy(page) == (
        b'<body><article><span>Sara</span><a href="/u/sara">Sara</a> '
        b'<data>one</data><a href="/report.pdf">report</a></article></body>'
    )


def test_an_svg_keeps_its_drawing_without_its_metadata_and_its_editors_attributes() -> None:
    page = (
        b'<svg xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'inkscape:export-filename="/home/witness/map.png" sodipodi:docname="map.svg">'
        b"<metadata><rdf:RDF><dc:creator>Witness A</dc:creator></rdf:RDF></metadata>"
        b'<sodipodi:namedview inkscape:window-width="1920" pagecolor="#fff"/>'
        b'<use xlink:href="#a"/><path d="M0 0"/></svg>'
    )
    assert _copy(page) == (
        b'<svg xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<sodipodi:namedview pagecolor="#fff" /><use xlink:href="#a"/><path d="M0 0"/></svg>'
    )


def test_local_paths_are_left_out_of_addresses_and_css() -> None:
    path = "file:///C:/Users/WitnessA/AppData/Local/Temp/msohtmlclip1/01/clip_image002.jpg"
    page = (
        f'<link rel="icon" href="{path}"><img src="{path}" alt="map">'
        f'<img srcset="a.jpg 1x, {path} 2x" src="a.jpg"><a href=" FILE:///C:/Users/WitnessA/x">x</a>'
        f"<p style=\"background:url('{path}')\">p</p>"
        f"<style>@import '{path}'; b{{background:url( {path} )}}</style>"
    ).encode()
    copy = _copy(page)
    assert b"WitnessA" not in copy
    assert copy == (
        b'<link rel="icon"><img alt="map"><img><a>x</a>'
        b'<p style="background:url(&quot;&quot;)">p</p>'
        b'<style>@import ""; b{background:url("")}</style>'
    )


def test_css_comments_are_left_out() -> None:
    page = (
        b"<style>/* saved by witness.a@example.org */ p { color: red } /* theme: w */</style>"
        b'<p style="color: blue /* Witness A */">x</p>'
    )
    assert _copy(page) == b'<style> p { color: red } </style><p style="color: blue ">x</p>'


def test_what_is_not_the_page_s_content_is_left_out_as_ingest_leaves_it_out() -> None:
    page = (
        b"<html><head><title>Testimony of Witness A</title></head><body>"
        b"<header>Signed in as witness.a <nav><a href=/u/witness.a>Profile</a></nav></header>"
        b'<div id="wpadminbar"><div role="navigation">Howdy, witness.a</div></div>'
        b"<aside>Posts by witness.a</aside><article><p>The grave at Khavaran.</p></article>"
        b'<form action="/comment"><input name="u" value="witness.a"><textarea>draft</textarea>'
        b"</form><template><p>Draft by Witness A</p></template>"
        b'<footer><div class="user">witness.a</div></footer><input role="search"></body></html>'
    )
    assert _copy(page) == (
        b"<html><head><title></title></head><body>"
        b"<div></div><article><p>The grave at Khavaran.</p></article>"
        b"</body></html>"
    )


def test_a_frame_s_content_that_looks_like_its_end_tag_does_not_end_it() -> None:
    # Read as a browser reads it: the style's text is not an end tag; nested headers count.
    page = (
        b"<header><style>/* </header> */</style>Signed in as w<header>x</header>"
        b"</header><p>kept</p>"
    )
    assert _copy(page) == b"<p>kept</p>"


def test_every_title_is_left_empty_in_svg_too() -> None:
    page = b'<title lang="fa">Of Witness A</TITLE><svg><title>Witness A</title></svg>'
    assert _copy(page) == b"<title></title><svg><title></title></svg>"


def test_a_viewport_names_only_what_a_viewport_is() -> None:
    page = b'<meta name="viewport" content="width=device-width, author=Witness A"><p>x</p>'
    assert _copy(page) == b"<p>x</p>"


def test_end_tags_lose_the_attributes_a_browser_ignores() -> None:
    assert _copy(b'<p>x</p data-author="Witness A">') == b"<p>x</p>"


def test_the_served_copy_carries_the_public_title_in_any_charset() -> None:
    copy = _copy(SAVED_PAGE)
    served = with_title(io.BytesIO(copy), "اعدام‌ها & <Khavaran>")
    read = served.read()
    title = "<title>&#1575;&#1593;&#1583;&#1575;&#1605;&#8204;&#1607;&#1575; &amp; &lt;Khavaran&gt;"
    # The public title first, after the offline policy, where the head's content starts (past
    # the doctype, <html>, <head> and the <meta>s, the charset first); the copy's own empty
    # title follows.
    at = copy.index(b'<link rel="stylesheet">')
    assert read == copy[:at] + OFFLINE_POLICY + title.encode() + b"</title>" + copy[at:]
    # Seekable, with its length: a download says its size.
    assert served.seek(0, io.SEEK_END) == len(read)
    assert served.seek(3) == 3 and served.read() == read[3:]
    untitled = b"<p>no title</p>"
    served_untitled = with_title(io.BytesIO(untitled), "Source abc").read()
    assert served_untitled == OFFLINE_POLICY + b"<title>Source abc</title>" + untitled


# A browser obeys a policy <meta> only as a child of <head>: where the copy's first empty title
# is elsewhere (in <svg> or <body>), or only looks like one (an attribute's value, a <style>'s
# text), or is missing, the policy still goes where the head's content starts.
@pytest.mark.parametrize(
    ("head", "rest"),
    [
        (b"<!DOCTYPE html><html><head>", b"</head><body><svg><title></title></svg>"),
        (b"<html><head><meta charset=utf-8>", b"</head><body><title></title><p>x</p>"),
        (b'<html lang="<title></title>"><head>', b"<title></title>"),
        (b"<head>", b'<link rel=stylesheet media="<title></title>"><title></title>'),
        (b"<head>", b"<style>p::before{content:'<title></title>'}</style><title></title>"),
        (b"\xef\xbb\xbf<!doctype html>\n<meta name=viewport content=width=1>\n", b"<p>x</p>"),
        (b"", b"<p>no title</p>"),
    ],
)
def test_the_offline_policy_goes_where_the_head_starts_wherever_the_first_title_is(
    head: bytes, rest: bytes
) -> None:
    served = with_title(io.BytesIO(head + rest), "Source abc").read()
    assert served == head + OFFLINE_POLICY + b"<title>Source abc</title>" + rest


def test_the_served_copy_opened_from_a_disk_may_load_nothing_it_does_not_embed() -> None:
    served = with_title(io.BytesIO(_copy(SAVED_PAGE)), "Source abc").read()
    head = served[: served.index(b"<title>Source abc</title>")]
    policy = b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
    assert head.endswith(OFFLINE_POLICY) and OFFLINE_POLICY.startswith(policy)
    assert b"img-src data:;" in OFFLINE_POLICY and b"https:" not in OFFLINE_POLICY


# Head content before a page's charset declaration: 80 style rules, about 900 bytes.
LATE_CHARSET_HEAD = "<style>" + "p{margin:0}" * 80 + "</style>"
LATE_CHARSET_TEXT = "<p>در تابستان 1367 زندانيان سياسي اعدام شدند.</p>"


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1256">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
    ],
)
def test_a_charset_declared_after_other_head_content_stays_where_a_browser_looks_for_it(
    declaration: str,
) -> None:
    # A browser looks for the charset in the first 1024 bytes only: what the site puts in at
    # the head's start would push the page's own declaration past them, and the Persian text
    # would read as windows-1252. The charset is declared again before the policy.
    page = (
        f'<!doctype html><html lang="fa"><head>{LATE_CHARSET_HEAD}{declaration}'
        f"<title>t</title></head><body>{LATE_CHARSET_TEXT}</body></html>"
    )
    copy = _copy(page)
    own = declaration.encode()
    assert copy.index(own) + len(own) <= 1024
    served = with_title(io.BytesIO(copy), "Source abc").read()
    assert served.index(own) + len(own) > 1024
    at = copy.index(b"<style>")
    repeated = b"<meta charset=windows-1256>"
    assert (
        served == copy[:at] + repeated + OFFLINE_POLICY + b"<title>Source abc</title>" + copy[at:]
    )
    assert served.index(repeated) + len(repeated) <= 1024
    # The text's bytes are the page's.
    assert LATE_CHARSET_TEXT.encode("windows-1256") in served


# What a browser's prescan reads for the charset after the head's start is declared again, each
# label as it is and in the order a browser meets them (a label it does not know, it passes over
# there as here); nothing past the first 1024 bytes, nothing where a byte-order mark decides,
# nothing else of the <meta>.
@pytest.mark.parametrize(
    ("head", "rest", "repeated"),
    [
        (
            b"<head>",
            b'<link rel=stylesheet><meta charset=" x-unknown "><meta http-equiv=content-type '
            b"content=\"text/html;charset='utf-8'\">",
            b"<meta charset=x-unknown><meta charset=utf-8>",
        ),
        (
            b"<head>",
            b'<link rel=stylesheet><meta charset=utf-8 name=viewport content="width=1">',
            b"<meta charset=utf-8>",
        ),
        # The prescan reads tags in a <style>'s text too.
        (
            b"<head>",
            b"<style>p::after{content:'<meta charset=koi8-r>'}</style>",
            b"<meta charset=koi8-r>",
        ),
        (b"<head>", b"<style>" + b" " * 1024 + b"</style><meta charset=utf-8>", b""),
        (codecs.BOM_UTF8, b"<link rel=stylesheet><meta charset=utf-8>", b""),
    ],
    ids=["in order", "only the charset", "in a style", "past 1024 bytes", "byte-order mark"],
)
def test_what_a_browser_reads_for_the_charset_is_declared_again_before_the_policy(
    head: bytes, rest: bytes, repeated: bytes
) -> None:
    served = with_title(io.BytesIO(head + rest), "Source abc").read()
    assert served == head + repeated + OFFLINE_POLICY + b"<title>Source abc</title>" + rest


# What a browser loads by itself on opening the copy: each address would tell a third party who
# reads it, and can name people (an upload path, a Gravatar hash of an e-mail address).
@pytest.mark.parametrize(
    ("page", "copy"),
    [
        (
            b'<img src="https://example.org/wp-content/uploads/2019/03/zahra-karimi-portrait.jpg"'
            b' alt="Zahra Karimi, 1988">',
            b'<img alt="Zahra Karimi, 1988">',
        ),
        (
            b'<img srcset="/u/zahra-karimi-2x.jpg 2x, /u/zahra-karimi.jpg 1x" sizes="50vw">',
            b'<img sizes="50vw">',
        ),
        (
            b'<picture><source srcset="https://example.org/zahra.webp" type="image/webp">'
            b'<source src="zahra.jpg"></picture>',
            b'<picture><source type="image/webp"><source></picture>',
        ),
        (
            b'<video poster="https://example.org/zahra-poster.jpg" src="/zahra.mp4" controls>'
            b"</video>",
            b"<video controls></video>",
        ),
        (
            b'<audio src="https://example.org/zahra.mp3"><track src="zahra.vtt" kind="captions">'
            b"</audio>",
            b'<audio><track kind="captions"></audio>',
        ),
        (
            b'<link rel="stylesheet" href="https://example.org/themes/zahra-karimi/style.css">',
            b'<link rel="stylesheet">',
        ),
        (
            b'<link rel="icon" href="https://secure.gravatar.com/avatar/9f2c41d0?s=32&zahra">',
            b'<link rel="icon">',
        ),
        (b'<link rel="preload" as="image" href="/zahra.jpg" imagesrcset="/zahra.jpg 2x">', b""),
        (
            b'<iframe src="https://www.youtube.com/embed/zahra" width="560"></iframe>',
            b'<iframe width="560"></iframe>',
        ),
        (
            b'<object data="https://example.org/zahra.pdf" type="application/pdf">'
            b'<param name="movie" value="https://example.org/zahra.swf"></object>'
            b'<embed src="https://example.org/zahra.swf">',
            b'<object type="application/pdf"><param name="movie"></object><embed>',
        ),
        (
            b'<table background="https://example.org/zahra-bg.gif"><tr>'
            b'<td background="zahra.gif">x</td></tr></table>',
            b"<table><tr><td>x</td></tr></table>",
        ),
        (
            b'<body background="/zahra.jpg"><input type="image" src="/zahra.png" alt="send">',
            b'<body><input type="image" alt="send">',
        ),
        (
            b"<style>@import url(\"https://fonts.example/zahra.css\"); @import '/zahra.css';"
            b"</style>",
            b'<style>@import url(""); @import "";</style>',
        ),
        (
            b"<style>.avatar{background:url(https://secure.gravatar.com/avatar/zahra.jpg)}</style>",
            b'<style>.avatar{background:url("")}</style>',
        ),
        (
            b'<style>h1{background:image-set("/zahra.png" 1x, url(/zahra-2x.png) 2x)}</style>',
            b'<style>h1{background:image-set("" 1x, url("") 2x)}</style>',
        ),
        (
            b"<p style=\"background-image:url('/wp-content/uploads/zahra-karimi.jpg')\">p</p>",
            b'<p style="background-image:url(&quot;&quot;)">p</p>',
        ),
        (
            b'<svg><image href="https://example.org/zahra.png"/><use xlink:href="/i.svg#zahra"/>'
            b'<rect fill="url(https://example.org/p.svg#zahra)"/></svg>',
            b'<svg><image /><use /><rect fill="url(&quot;&quot;)" /></svg>',
        ),
        (
            b'<svg><image><set attributeName="href" to="https://example.org/zahra.png"/>'
            b"</image></svg>",
            b'<svg><image><set attributeName="href" /></image></svg>',
        ),
        # Where the page was saved from; the same-page addresses kept would resolve against it.
        (
            b'<base href="https://example.org/author/zahra-karimi/"><a href="post">p</a>',
            b'<base><a href="post">p</a>',
        ),
        (b'<html manifest="/zahra.appcache"><p>x</p>', b"<html><p>x</p>"),
        (
            b'<a href="/post" attributionsrc="https://ads.example/zahra">p</a>',
            b'<a href="/post">p</a>',
        ),
    ],
    ids=[
        "img src",
        "srcset",
        "picture source",
        "video poster and src",
        "audio and track src",
        "style sheet",
        "Gravatar icon",
        "preload",
        "iframe",
        "object, its parameter and embed",
        "background attribute",
        "body background and image button",
        "@import",
        "css url()",
        "image-set()",
        "style attribute",
        "svg image, use, paint",
        "svg animation of an href",
        "base",
        "manifest",
        "attribution report",
    ],
)
def test_the_copy_loads_nothing_from_elsewhere(page: bytes, copy: bytes) -> None:
    assert _copy(page) == copy
    assert b"zahra" not in copy


def test_links_a_reader_follows_stay_as_the_page_s_citations() -> None:
    # A link is content: followed only by a reader who chooses to, never by the browser.
    page = (
        b'<a href="https://example.org/author/zahra-karimi/">'
        b'<img src="https://example.org/zahra-karimi.jpg" alt="Zahra Karimi"></a>'
        b'<q cite="https://example.org/1367">q</q><map name="m"><area href="/khavaran"></map>'
        b'<svg><a xlink:href="https://example.org/map"><path d="M0 0"/></a></svg>'
    )
    assert _copy(page) == page.replace(b' src="https://example.org/zahra-karimi.jpg"', b"")


def test_a_picture_embedded_in_the_page_stays_cleaned_beside_one_loaded_from_elsewhere(
    tmp_path: Path,
) -> None:
    jpeg = base64.b64encode(_jpeg_with_gps(tmp_path)).decode()
    page = f'<img src="data:image/jpeg;base64,{jpeg}" srcset="/zahra-2x.jpg 2x" alt="grave">'
    copy = _copy(page.encode())
    (picture,) = _embedded(copy)
    assert b"Exif" not in picture and b"Canon" not in picture
    assert copy.startswith(b'<img src="data:image/jpeg;base64,')
    assert copy.endswith(b'" alt="grave">') and b"zahra" not in copy


def test_css_is_read_as_a_browser_reads_it() -> None:
    # A url( in a string is text; an escaped one is an address; a font's name stays.
    page = (
        b'<style>p:after{content:"url(https://example.org/zahra)"} '
        b"b{background:\\75rl(https://example.org/zahra.png)} "
        b"@\\69mport 'https://example.org/zahra.css'; "
        b'@font-face{font-family:"Vazir";src:local("Vazir"),url(/zahra.woff2) format("woff2")}'
        b"</style>"
    )
    assert _copy(page) == (
        b'<style>p:after{content:"url(https://example.org/zahra)"} '
        b'b{background:url("")} @\\69mport ""; '
        b'@font-face{font-family:"Vazir";src:local("Vazir"),url("") format("woff2")}</style>'
    )


def test_css_in_a_charset_whose_characters_end_in_a_backslash_loads_nothing() -> None:
    # In Shift_JIS "表" is 0x95 0x5C: no escape to a browser, which reads the string's end.
    page = '<style>p:after{content:"表"} b{background:url(https://example.org/zahra.png)}'
    copy = _copy(page + "</style>", "shift_jis")
    assert b"zahra" not in copy
    assert '<style>p:after{content:"表"} b{background:url("")}'.encode("shift_jis") in copy


def test_class_names_are_left_out() -> None:
    # WordPress writes the author's and commenters' names into them.
    page = (
        b'<body class="single author-zahra-karimi"><article class="post">'
        b'<li class="comment byuser comment-author-zahra-karimi">A comment.</li>'
        b'<svg class="icon"><path class="zahra" d="M0 0"/></svg></article></body>'
    )
    assert _copy(page) == (
        b'<body><article><li>A comment.</li><svg><path d="M0 0" /></svg></article></body>'
    )


def test_an_id_stays_only_where_the_page_links_to_it() -> None:
    page = (
        b'<p><a href="#comment-12">Reply</a> <a href="#top">Top</a></p>'
        b'<div id="comment-12"><p id="comment-by-zahra-karimi">A comment.</p></div>'
        b'<a name="zahra-karimi"></a><a name="top"></a>'
        b'<label for="comment-by-zahra-karimi">x</label><label for="comment-12">y</label>'
        b'<svg><linearGradient id="fade"/><rect fill="url(#fade)" style="stroke:url(#edge)"/>'
        b'<path id="edge"/><use href="#mark"/><g id="mark"/><g id="zahra"/></svg>'
    )
    assert _copy(page) == (
        b'<p><a href="#comment-12">Reply</a> <a href="#top">Top</a></p>'
        b'<div id="comment-12"><p>A comment.</p></div><a></a><a name="top"></a>'
        b'<label>x</label><label for="comment-12">y</label>'
        b'<svg><linearGradient id="fade"/><rect fill="url(#fade)" style="stroke:url(#edge)"/>'
        b'<path id="edge"/><use href="#mark"/><g id="mark"/><g /></svg>'
    )


def test_a_link_to_a_persian_id_keeps_it_written_as_it_is_or_percent_encoded() -> None:
    page = '<h2 id="زهرا">a</h2><h2 id="خاوران">b</h2><a href="#%D8%B2%D9%87%D8%B1%D8%A7">c</a>'
    assert _copy(page, "utf-8") == page.replace(' id="خاوران"', "").encode()


def test_an_id_linked_only_from_what_the_copy_leaves_out_goes_too() -> None:
    page = b'<nav><a href="#comment-by-zahra">Zahra</a></nav><p id="comment-by-zahra">x</p>'
    assert _copy(page) == b"<p>x</p>"


PERSIAN_PAGE = (
    '<html lang="fa" dir="rtl"><head><meta charset="{charset}">'
    '<link rel="stylesheet" href="https://example.org/themes/zahra-karimi/style.css">'
    "<style>body{{background:url(/wp-content/uploads/zahra-karimi-bg.jpg)}}</style>"
    '</head><body class="single author-zahra-karimi">'
    '<article id="post-4412" class="post"><h1 id="عنوان">اعدام‌هاي تابستان 1367</h1>'
    '<p>زهرا کريمي از <a href="https://example.org/khavaran">خاوران</a> نوشت.</p>'
    '<img src="https://example.org/uploads/zahra-karimi.jpg" alt="زهرا کريمي، 1367">'
    '<a href="#عنوان">بالا</a></article></body></html>'
)


@pytest.mark.parametrize("charset", ["utf-8", "windows-1256"])
def test_a_persian_page_keeps_its_text_byte_for_byte(charset: str) -> None:
    original = PERSIAN_PAGE.format(charset=charset).encode(charset)
    copy = _copy(original)
    expected = (
        f'<html lang="fa" dir="rtl"><head><meta charset="{charset}"><link rel="stylesheet">'
        '<style>body{background:url("")}</style></head><body>'
        '<article><h1 id="عنوان">اعدام‌هاي تابستان 1367</h1>'
        '<p>زهرا کريمي از <a href="https://example.org/khavaran">خاوران</a> نوشت.</p>'
        '<img alt="زهرا کريمي، 1367"><a href="#عنوان">بالا</a></article></body></html>'
    )
    assert copy == expected.encode(charset)
    assert _text(copy) == _text(original)


def _text(page: bytes) -> list[bytes]:
    """The text a reader reads: between the tags, outside style sheets."""
    shown = re.sub(rb"<style>.*?</style>", b"", page)
    return [text for text in re.split(rb"<[^>]*>", shown) if text]


@pytest.mark.parametrize(
    ("css", "copy"),
    [
        (
            ":root{--x:'https://example.org/p.png'}b{background:image-set(var(--x) 1x)}",
            ":root{--x:'https://example.org/p.png'}b{background:image-set(\"\" 1x)}",
        ),
        (
            "b{background:-webkit-image-set(var(--x, 'a.png') 1x, url(#fade) 2x)}",
            'b{background:-webkit-image-set("" 1x, url(#fade) 2x)}',
        ),
        ("b{background:image(env(x))}", 'b{background:image("")}'),
        # Where no address is read, a variable is the page's own business (its text, a colour).
        ("b::after{content:var(--label)}", "b::after{content:var(--label)}"),
    ],
)
def test_an_address_a_variable_would_fill_in_loads_nothing(css: str, copy: str) -> None:
    page = f"<style>{css}</style><p>x</p>"
    assert _copy(page) == f"<style>{copy}</style><p>x</p>".encode()
