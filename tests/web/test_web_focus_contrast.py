"""The keyboard focus ring stands out from the background it is drawn on, on the light pages
and on the dark header (WCAG 2.2, non-text contrast: 3:1)."""

from __future__ import annotations

import re
from pathlib import Path

import khavaran

CSS = (Path(khavaran.__file__).parent / "web/static/khavaran/khavaran.css").read_text()


def _colour(pattern: str) -> str:
    found = re.search(pattern, CSS)
    assert found is not None, pattern
    return found.group(1)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_focus_ring_stands_out_on_the_pages_and_on_the_header() -> None:
    page = _colour(r"body \{[^}]*background: (#[0-9a-f]{6})")
    header = _colour(r"header\.top \{[^}]*background: (#[0-9a-f]{6})")
    ring = _colour(r"--focus-ring: (#[0-9a-f]{6})")
    yellow = _colour(r"--focus: (#[0-9a-f]{6})")
    assert ":focus-visible { outline: 3px solid var(--focus-ring)" in CSS
    assert "header.top :focus-visible { outline-color: var(--focus)" in CSS
    assert contrast(ring, page) >= 3
    assert contrast(yellow, header) >= 3
    # The colour it had alone on the pages: 1.5:1.
    assert contrast(yellow, page) < 3
