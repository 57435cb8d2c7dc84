"""Bytes to text for plain-text formats: which encoding, and the evidence for it.

The order is from certain to probable: a byte-order mark, then strict UTF-8, then Windows-1256
when it yields whole Arabic-script words, then charset-normalizer. Damaged UTF-8 is refused rather
than read as mojibake, and binary content is refused before any guessing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from khavaran.ingest.result import UndecodableText, WrongContent, clean_text

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls that no text format uses (tab, newlines, form feed and escape are allowed).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHAR = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_BINARY_SAMPLE = 65_536
# Share of control bytes above which a sample is binary rather than text with a stray control.
_MAX_CONTROL_SHARE = 0.01
_VALID_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# Arabic-script characters, plus the marks Persian typing puts between them (ZWNJ, LRM, RLM, «»).
_ARABIC_TEXT_CHAR = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefe\u200c-\u200f«»]"
)
_ARABIC_LETTER = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06fc\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)
_NON_ASCII_CHAR = re.compile("[^\x00-\x7f]")
_NON_ARABIC_NON_ASCII = re.compile(
    "[^\x00-\x7f\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefe\u200c-\u200f«»]"
)
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding and how it was chosen."""

    text: str
    encoding: str
    evidence: str


def decode_text(data: bytes, extension: str) -> Decoded:
    """Decode the bytes of a text file, or say why they are not text.

    Args:
        data: the file's bytes (not empty).
        extension: the file's extension, for messages ("a .txt file").

    Returns:
        The text (NFC, "\\n" newlines, without a byte-order mark) and its encoding.

    Raises:
        WrongContent: the bytes are binary.
        UndecodableText: the bytes are damaged UTF-8, or no encoding fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], encoding, extension)
    _refuse_binary(data, extension)
    try:
        return _utf8_unless_cp1256(data)
    except UnicodeDecodeError as error:
        bad_offset = error.start
    # Before the damage check: short cp1256 Persian often holds valid UTF-8 pairs ("اپ" is C7 81),
    # while damaged UTF-8 Persian never reads as cp1256 words (its continuation bytes are
    # symbols there).
    cp1256 = data.decode("cp1256", errors="replace")
    if is_arabic_script_text(cp1256):
        return Decoded(clean_text(cp1256), "cp1256", "cp1256 gives whole Arabic-script words")
    if _is_damaged_utf8(data):
        raise UndecodableText(
            f"not valid UTF-8 at byte {bad_offset}, though the rest is UTF-8: the file is "
            "damaged; fetch an undamaged copy"
        )
    return _detect(data, bad_offset)


def _utf8_unless_cp1256(data: bytes) -> Decoded:
    """Strict UTF-8, except for short cp1256 Persian that happens to be valid UTF-8.

    "اپاپ" in cp1256 is C7 81 C7 81, which is also UTF-8 for "ǁǁ". A cp1256 reading made only of
    Arabic-script words wins when the UTF-8 reading is not Arabic-script text itself: real UTF-8
    reads as symbols in cp1256 (most continuation bytes are), so only such short, ambiguous
    files are affected, and from four letters on.
    """
    text = data.decode("utf-8")
    if data.isascii():
        return Decoded(clean_text(text), "utf-8", "valid UTF-8")
    cp1256 = data.decode("cp1256", errors="replace")
    if (
        not _NON_ARABIC_NON_ASCII.search(cp1256)
        and len(_ARABIC_LETTER.findall(cp1256)) >= 4
        and is_arabic_script_text(cp1256)
        and not is_arabic_script_text(text)
    ):
        return Decoded(clean_text(cp1256), "cp1256", "cp1256 gives whole Arabic-script words")
    return Decoded(clean_text(text), "utf-8", "valid UTF-8")


def _decode_with_bom(body: bytes, encoding: str, extension: str) -> Decoded:
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        offset = error.start + _bom_length(encoding)
        raise UndecodableText(
            f"starts with a {encoding} byte-order mark but is not valid {encoding} at byte "
            f"{offset}; the file is damaged or mislabelled, fetch an undamaged copy"
        ) from None
    if len(_CONTROL_CHAR.findall(text[:_BINARY_SAMPLE])) > _MAX_CONTROL_SHARE * min(
        len(text), _BINARY_SAMPLE
    ):
        raise WrongContent(f"binary content in a {extension} file after a {encoding} mark")
    # The codec name without the byte order, which the mark gave and the text no longer needs.
    return Decoded(clean_text(text), encoding.removesuffix("-le").removesuffix("-be"), "BOM")


def _bom_length(encoding: str) -> int:
    return next(len(bom) for bom, name in _BOMS if name == encoding)


def _refuse_binary(data: bytes, extension: str) -> None:
    sample = data[:_BINARY_SAMPLE]
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise WrongContent(
            f"binary content in a {extension} file (NUL byte at byte {nul}); "
            "give it the extension of its real format"
        )
    controls = len(_CONTROL.findall(sample))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise WrongContent(
            f"binary content in a {extension} file ({controls} control bytes in the first "
            f"{len(sample)}); give it the extension of its real format"
        )


def _is_damaged_utf8(data: bytes) -> bool:
    """Most non-ASCII bytes form valid UTF-8 sequences: UTF-8 with errors, not another code page.

    Single-byte code pages rarely produce valid multi-byte sequences by chance (a Latin-1 "é" is
    followed by ASCII, cp1256 letters by other letters above 0xC0), so a majority is telling.
    """
    non_ascii = len(_NON_ASCII.findall(data))
    in_sequences = sum(len(match) for match in _VALID_UTF8_MULTIBYTE.findall(data))
    return in_sequences >= 4 and in_sequences > non_ascii / 2


def is_arabic_script_text(text: str) -> bool:
    """Whether the non-ASCII part of a decoding is Arabic-script writing.

    True when at least 80% of the non-ASCII characters are Arabic-script (letters, digits,
    punctuation and the joiners Persian uses), and those letters form words of their own: a Latin
    code page read as cp1256 also yields Arabic letters, but inside Latin words ("Mنnner").
    """
    non_ascii = len(_NON_ASCII_CHAR.findall(text))
    if not non_ascii or len(_ARABIC_TEXT_CHAR.findall(text)) < 0.8 * non_ascii:
        return False
    arabic_words = [word for word in _WORD.findall(text) if _ARABIC_TEXT_CHAR.search(word)]
    mixed = sum(1 for word in arabic_words if _LATIN_LETTER.search(word))
    return bool(arabic_words) and mixed <= 0.1 * len(arabic_words)


def _detect(data: bytes, bad_offset: int) -> Decoded:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise UndecodableText(
            f"not valid UTF-8 at byte {bad_offset} and no other encoding fits; "
            "re-save it as UTF-8 or fetch an undamaged copy"
        )
    # Short Latin text reads cleanly in several code pages (French "à" is "ŕ" in cp1250); among
    # equally clean readings Windows-1252 is by far the most common, and browsers read
    # "latin-1" as it.
    tied = [m.encoding for m in matches if m.chaos <= best.chaos and m.encoding in _WESTERN]
    if tied and best.encoding not in _WESTERN:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(clean_text(text), "cp1252", _evidence(best.chaos, "tie: cp1252"))
    return Decoded(clean_text(str(best)), best.encoding, _evidence(best.chaos, None))


def _evidence(chaos: float, note: str | None) -> str:
    found = f"charset-normalizer {charset_normalizer.__version__}, chaos {chaos:.2f}"
    return f"{found}, {note}" if note else found
