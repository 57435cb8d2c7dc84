"""Bytes of a CSV/TSV list to text: UTF-8 (with or without BOM), UTF-16, Windows-1256.

The ingest layer has its own decoder, but analysis may not import ingest (they are sibling
layers), and a list needs more: the row and byte where decoding failed. The text is returned
as decoded, not normalized, so that every field stays verbatim.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from khavaran.analysis.errors import UnreadableList
from khavaran.text.arabic_script import arabic_script_share

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of letters that must be Arabic-script for a non-UTF-8 file to be read as cp1256.
_MIN_ARABIC_SHARE = 0.3
# Bytes (an even number) looked at to tell UTF-16 LE from BE when there is no byte-order mark.
_UTF16_SAMPLE = 4096


@dataclass(frozen=True)
class DecodedList:
    text: str
    encoding: str


def decode_list(data: bytes, filename: str) -> DecodedList:
    """Decode a delimited list, or refuse it naming the row and byte where it failed.

    Raises:
        UnreadableList: empty, binary, damaged, or in no encoding this import reads.
    """
    if not data.strip():
        raise UnreadableList(f"{filename}: the file is empty; export the list again")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, filename)
    if b"\x00" in data[:_UTF16_SAMPLE]:
        return _decode(data, _utf16_without_bom(data), filename)
    try:
        return DecodedList(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        utf8_failure = error.start
    cp1256 = data.decode("cp1256", errors="replace")
    if "\ufffd" not in cp1256 and arabic_script_share(cp1256) >= _MIN_ARABIC_SHARE:
        return DecodedList(cp1256, "cp1256")
    raise UnreadableList(
        f"{filename}: cannot decode {_where(data, utf8_failure)}: it is not UTF-8, UTF-16 or "
        "Windows-1256 Persian; re-save it as UTF-8 CSV"
    )


def _utf16_without_bom(data: bytes) -> str:
    # ASCII (commas, newlines, digits) in UTF-16 has its NUL after (LE) or before (BE) each
    # character; the first character alone misleads, as Persian "ن" is 46 06 in LE.
    sample = data[:_UTF16_SAMPLE]
    nuls_after = sample[1::2].count(0)
    nuls_before = sample[0::2].count(0)
    return "utf-16-le" if nuls_after >= nuls_before else "utf-16-be"


def _decode(data: bytes, encoding: str, filename: str) -> DecodedList:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableList(
            f"{filename}: cannot decode {_where(data, error.start)} as {encoding}; the file is "
            "damaged, fetch an undamaged copy or re-save it as UTF-8 CSV"
        ) from None
    return DecodedList(text.removeprefix("\ufeff"), encoding.removesuffix("-sig"))


def _where(data: bytes, offset: int) -> str:
    """'row R (line L), byte B': R counts data rows from 1 below the header line."""
    line = data[:offset].count(b"\n") + 1
    where = "the header line" if line == 1 else f"row {line - 1} (line {line})"
    return f"{where}, byte {offset}"
