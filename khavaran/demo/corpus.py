"""Where the project's reference corpus is, when `khavaran demo` should load it too."""

from __future__ import annotations

import os
from pathlib import Path

SETTING = "KHAVARAN_SAMPLE_CORPUS"
FACTS = "case-1988.json"


class CorpusNotFound(ValueError):
    """KHAVARAN_SAMPLE_CORPUS names a folder without the corpus's facts file."""


def reference_corpus() -> Path | None:
    """The folder KHAVARAN_SAMPLE_CORPUS names, else `../shared/corpus` (from the working
    directory or beside the checkout) when it exists, else None.

    Raises:
        CorpusNotFound: the setting names a folder without ``case-1988.json``. A folder someone
            configured and mistyped must not quietly give a demo without the corpus.
    """
    configured = os.environ.get(SETTING, "").strip()
    if configured:
        path = Path(configured).expanduser()
        if not (path / FACTS).is_file():
            raise CorpusNotFound(
                f"{SETTING} is {configured!r}, which holds no {FACTS}; "
                "point it at the corpus folder or unset it"
            )
        return path.resolve()
    for candidate in ("../shared/corpus", Path(__file__).resolve().parents[3] / "shared/corpus"):
        path = Path(candidate)
        if (path / FACTS).is_file():
            return path.resolve()
    return None
