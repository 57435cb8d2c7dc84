"""Web pages (.html, .htm): the main text, without navigation, boilerplate or scripts."""

from __future__ import annotations

from pathlib import PurePath

import lxml.html
import trafilatura
from lxml import etree

from khavaran.ingest.importers.html.charset import decode_html
from khavaran.ingest.importers.html.invisible import protect, restore
from khavaran.ingest.importers.html.page import body_text, page_metadata
from khavaran.ingest.result import Extraction, WrongContent, clean_text

MEDIA_TYPE = "text/html"


def extract(data: bytes, name: str) -> Extraction:
    """The main text of a web page, by trafilatura, or by its <body> when trafilatura finds none.

    Paragraphs are kept one a line; comments, navigation, headers and footers are dropped.
    """
    decoded = decode_html(data, PurePath(name).suffix.lower())
    html, back = protect(decoded.text)
    tree = _parse(html)
    metadata = {key: restore(value, back) for key, value in page_metadata(tree).items()}
    # Precision over recall: a citation must not quote a menu. `fast` skips the second and third
    # extractors, which rarely help on article pages and triple the time.
    text = trafilatura.extract(
        tree,
        fast=True,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    method = "html/trafilatura"
    version = trafilatura.__version__
    if not text:
        text = body_text(tree)
        method, version = "html/lxml-body", lxml.__version__
    return Extraction(
        kind="document",
        media_type=MEDIA_TYPE,
        text=clean_text(restore(text, back)),
        method=method,
        method_version=version,
        encoding=decoded.encoding,
        title=metadata.pop("title", None),
        metadata={"encoding_evidence": decoded.evidence, **metadata},
    )


def _parse(html: str) -> lxml.html.HtmlElement:
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise WrongContent(f"not an HTML page ({error}); check that it is a web page") from None
    return tree
