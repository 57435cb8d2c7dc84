"""What a parsed web page says about itself (title, author, address) and its plain body text."""

from __future__ import annotations

import lxml.html

# Elements whose text is never the page's content.
_DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
_BLOCKS = (
    *("address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section"),
    *("table", "td", "th", "tr", "ul"),
)
_TITLE = ("head/title/text()", "//title/text()", "//meta[@property='og:title']/@content")
_META = {
    "author": ("meta[@name='author']/@content",),
    "description": (
        "meta[@name='description']/@content",
        "meta[@property='og:description']/@content",
    ),
    "published": (
        "meta[@property='article:published_time']/@content",
        "meta[@name='date']/@content",
    ),
    "site_name": ("meta[@property='og:site_name']/@content",),
    "url": ("link[@rel='canonical']/@href", "meta[@property='og:url']/@content"),
}


def page_metadata(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """The page's title (<title>, else og:title), author, description, date and address.

    Keys whose value the page does not give are left out.
    """
    found: dict[str, str] = {}
    title = _first(tree, _TITLE)
    if title:
        found["title"] = title
    for key, paths in _META.items():
        value = _first(tree, tuple(f"//{path}" for path in paths))
        if value:
            found[key] = value
    language = tree.get("lang")
    if language:
        found["declared_language"] = language.strip()
    return found


def _first(tree: lxml.html.HtmlElement, paths: tuple[str, ...]) -> str | None:
    for path in paths:
        for value in tree.xpath(path):
            text = " ".join(str(value).split())
            if text:
                return text
    return None


def body_text(tree: lxml.html.HtmlElement) -> str:
    """The text of <body> without scripts, styles, navigation, headers, footers and comments.

    Block elements start new lines, so paragraphs stay apart. The tree is changed.
    """
    body = tree.find("body")
    if body is None:
        body = tree
    dropped = " | ".join([f"//{tag}" for tag in _DROPPED] + ["//comment()"])
    for element in body.xpath(dropped):
        element.drop_tree()
    # Newlines around blocks, then one pass over the text: no recursion on deep pages.
    for element in body.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in "".join(body.itertext()).splitlines())
    return "\n".join(line for line in lines if line)
