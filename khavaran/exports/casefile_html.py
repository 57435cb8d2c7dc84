"""The case file as one standalone HTML page, from its Markdown: readable and printable in any
browser, without a network or a Khavaran server.

    page = html(data)        # data from `casefile.case_file_data`

Everything a source or a person typed (quotes, notes, names) is escaped: raw HTML in the
Markdown is shown as text, never run, and the page's own policy forbids scripts, frames and
anything fetched from elsewhere.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from markdown_it import MarkdownIt

from khavaran.exports.casefile_md import markdown

# CommonMark without raw HTML: "<script>" in a quote becomes the text "<script>".
_RENDERER = MarkdownIt("commonmark", {"html": False})
# Each block follows the direction of its own words, so a Persian name or quote reads right
# to left inside an English page.
_BLOCKS = re.compile(r"<(p|li|blockquote|h[1-6])>")
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: serif; max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }}
blockquote {{ margin: 0.2em 0 0.2em 1em; padding-left: 0.8em; border-left: 3px solid #999; }}
code {{ font-size: 0.9em; word-break: break-all; }}
h4 {{ margin-bottom: 0.3em; }}
@media print {{ body {{ max-width: none; margin: 0; }} h2, h3 {{ break-after: avoid; }} }}
</style>
</head>
<body>
{body}</body>
</html>
"""


def html(data: dict[str, Any]) -> str:
    """The case file's data as a standalone HTML page (the Markdown rendering, escaped)."""
    body = _BLOCKS.sub(r'<\1 dir="auto">', _RENDERER.render(markdown(data)))
    title = escape(f"Case file: {data['case']['title']}")
    return _PAGE.format(title=title, body=body)
