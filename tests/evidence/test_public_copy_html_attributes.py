"""The attributes a web page's public copy keeps: what the page shows, not the names a content
system writes where no reader reads them as the page's text."""

from __future__ import annotations

import pytest

from tests.evidence.test_public_copy_html import _copy, _text

# A WordPress comment, as its themes write it.
COMMENT = (
    '<article><p>نوشته <a href="/author/zahra-karimi/" title="Posts by admin-zahra">زهرا</a>'
    ' <abbr title="Zahra Karimi">ز. ک.</abbr></p>'
    '<p>در خاوران به خاک سپرده شد.</p><a href="#respond" aria-label="پاسخ به زهرا کريمي">پاسخ</a>'
    '<img alt="زهرا کريمي، 1367" title="Uploaded by admin-zahra">'
    '<button aria-label="Like the comment of Zahra Karimi" aria-description="by admin-zahra">'
    "+</button></article>"
)


def test_tooltips_and_screen_reader_labels_are_left_out_and_the_text_stays() -> None:
    # They are never the page's text: a tooltip shows on hover, a label is read out by a
    # screen reader. A picture's `alt` is its text where it does not show: it stays.
    page = COMMENT.encode("windows-1256")
    copy = _copy(page)
    assert copy == (
        '<article><p>نوشته <a href="/author/zahra-karimi/">زهرا</a> <abbr>ز. ک.</abbr></p>'
        '<p>در خاوران به خاک سپرده شد.</p><a href="#respond">پاسخ</a>'
        '<img alt="زهرا کريمي، 1367"><button>+</button></article>'
    ).encode("windows-1256")
    assert b"admin-zahra" not in copy and b"Zahra Karimi" not in copy
    assert _text(copy) == _text(page)


@pytest.mark.parametrize(
    "attribute",
    ["aria-roledescription", "aria-valuetext", "aria-placeholder", "aria-braillelabel"],
)
def test_every_aria_attribute_that_holds_text_is_left_out(attribute: str) -> None:
    assert _copy(f'<div {attribute}="Zahra Karimi">x</div>'.encode()) == b"<div>x</div>"


def test_a_style_s_title_stays_as_it_chooses_which_styles_apply() -> None:
    # Not a tooltip: of two <style>s with different titles, a browser applies the first.
    page = b'<style title="Light">p{color:black}</style><style title="Dark">p{color:white}</style>'
    assert _copy(page) == page


def test_a_name_stays_only_where_a_link_or_a_picture_map_needs_it() -> None:
    # An <a>'s name stays where a link names it, like an id; a <map>'s, which a picture's
    # `usemap` names, and a <param>'s stay. Elsewhere it is a form field's or a frame's key.
    page = (
        b'<a href="#top">Top</a><a name="top"></a><a name="comment-by-zahra-karimi"></a>'
        b'<input name="author-zahra-karimi" value="x"><button name="reply-to-zahra">Reply</button>'
        b'<select name="zahra"><option>1367</option></select><textarea name="zahra">t</textarea>'
        b'<iframe name="zahra-frame" width="560"></iframe><img name="zahra" alt="grave">'
        b'<details name="by-zahra"><summary>s</summary>d</details>'
        b'<map name="m"><area href="/khavaran"></map><object type="application/x-shockwave-flash">'
        b'<param name="quality" value="high"></object>'
    )
    assert _copy(page) == (
        b'<a href="#top">Top</a><a name="top"></a><a></a>'
        b'<input value="x"><button>Reply</button>'
        b"<select><option>1367</option></select><textarea>t</textarea>"
        b'<iframe width="560"></iframe><img alt="grave">'
        b"<details><summary>s</summary>d</details>"
        b'<map name="m"><area href="/khavaran"></map><object type="application/x-shockwave-flash">'
        b'<param name="quality"></object>'
    )


def test_data_attributes_are_left_out_whatever_they_are_called() -> None:
    page = b'<li data-comment-author="zahra-karimi" data-user="7" data-="x">A comment.</li>'
    assert _copy(page) == b"<li>A comment.</li>"
