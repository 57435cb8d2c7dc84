"""Plain text and Markdown: encodings detected (not guessed silently), bad files refused clearly."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from khavaran.ingest.decoding import decode_text
from khavaran.ingest.extraction import (
    EmptyFile,
    FileTooLarge,
    MissingFile,
    UndecodableText,
    UnreadableFile,
    UnsupportedFile,
    WrongContent,
    extract_file,
    supported_extensions,
)
from khavaran.ingest.result import clean_text
from khavaran.text.arabic_script import has_arabic_script

PERSIAN = (
    "هیئت مرگ در تابستان ۱۳۶۷ در زندان اوین تشکیل شد و هزاران زندانی سیاسی را اعدام کرد. "
    "خانواده‌ها هنوز از محل دفن عزیزانشان بی‌خبرند."
)
SHORT_PERSIAN = "اعدام زندانیان سیاسی"
# Windows-1256 predates Persian Yeh and Persian digits: files written in it use Arabic Yeh and
# ASCII digits, as here.
PERSIAN_1256 = PERSIAN.replace("ی", "ي").replace("۱۳۶۷", "1367")
SHORT_PERSIAN_1256 = SHORT_PERSIAN.replace("ی", "ي")
ENGLISH = "The Tehran commission met in Evin prison in the summer of 1988.\n"
FRENCH = "Les prisonniers exécutés à Téhéran étaient détenus à Évin depuis des années; leurs "
FRENCH += "familles n'ont jamais été prévenues. L'été 1988 reste gravé dans les mémoires.\n"


def make_file(tmp_path: Path, data: bytes, name: str = "source.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_it_reads_utf8_persian(tmp_path: Path) -> None:
    extraction = extract_file(make_file(tmp_path, PERSIAN.encode("utf-8")))
    assert extraction.text == PERSIAN
    assert extraction.encoding == "utf-8"
    assert extraction.media_type == "text/plain"
    assert extraction.kind == "document"
    assert extraction.language == "fa"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_it_reads_utf16_with_a_byte_order_mark(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    extraction = extract_file(make_file(tmp_path, bom + PERSIAN.encode(codec)))
    assert extraction.text == PERSIAN
    assert extraction.encoding == "utf-16"


def test_it_drops_a_utf8_byte_order_mark(tmp_path: Path) -> None:
    extraction = extract_file(make_file(tmp_path, codecs.BOM_UTF8 + PERSIAN.encode("utf-8")))
    assert extraction.text == PERSIAN
    assert extraction.encoding == "utf-8"


@pytest.mark.parametrize("text", [PERSIAN_1256, SHORT_PERSIAN_1256, "سلام", PERSIAN_1256 * 40])
def test_it_reads_windows_1256_persian_of_any_length(tmp_path: Path, text: str) -> None:
    extraction = extract_file(make_file(tmp_path, text.encode("cp1256")))
    assert extraction.text == text
    assert extraction.encoding == "cp1256"
    assert "cp1256" in str(extraction.metadata["encoding_evidence"])


def test_it_reads_windows_1256_english_with_persian_names(tmp_path: Path) -> None:
    text = "Witness statement about ابراهيم رئيسي and حسينعلي نيري, Tehran 1988.\n"
    assert extract_file(make_file(tmp_path, text.encode("cp1256"))).text == text


def test_it_reads_ascii_english(tmp_path: Path) -> None:
    extraction = extract_file(make_file(tmp_path, ENGLISH.encode("ascii")))
    assert extraction.text == ENGLISH
    assert extraction.encoding == "utf-8"
    assert extraction.language == "en"


def test_it_reads_latin1_french_by_detection_and_says_so(tmp_path: Path) -> None:
    extraction = extract_file(make_file(tmp_path, FRENCH.encode("latin-1")))
    assert extraction.text == FRENCH
    assert extraction.encoding != "cp1256"
    assert "charset-normalizer" in str(extraction.metadata["encoding_evidence"])
    assert extraction.method == "text/decode"
    assert extraction.language == "fr"


@pytest.mark.parametrize("text", ["Exécutés à Téhéran.", FRENCH * 20])
def test_it_reads_latin1_accents_as_windows_1252_not_as_a_central_european_page(text: str) -> None:
    decoded = decode_text(text.encode("latin-1"), ".txt")
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_it_reads_polish_windows_1250() -> None:
    polish = "Więźniowie polityczni zostali straceni w więzieniu latem 1988 roku. " * 3
    decoded = decode_text(polish.encode("cp1250"), ".txt")
    assert (decoded.text, decoded.encoding) == (polish, "cp1250")


def test_it_does_not_read_german_latin1_as_persian() -> None:
    german = "Die Häftlinge wurden in Gefängnissen hingerichtet; die Angehörigen schwiegen."
    decoded = decode_text(german.encode("latin-1"), ".txt")
    assert decoded.encoding != "cp1256"
    assert decoded.text == german


def test_it_refuses_damaged_utf8_naming_the_byte(tmp_path: Path) -> None:
    data = PERSIAN.encode("utf-8")
    damaged = data[:41] + data[42:]
    with pytest.raises(UndecodableText, match=r"not valid UTF-8 at byte 4\d\b.*damaged"):
        extract_file(make_file(tmp_path, damaged))


def test_it_refuses_invalid_utf8_that_fits_no_encoding(tmp_path: Path) -> None:
    # Mostly high bytes in no sensible arrangement: no code page makes words of them.
    data = b"ok " + bytes(range(0x80, 0x100)) * 4
    with pytest.raises(UndecodableText, match=r"not valid UTF-8 at byte 3 and no other encoding"):
        extract_file(make_file(tmp_path, data))


def test_it_refuses_binary_content_with_a_txt_name(tmp_path: Path) -> None:
    png_header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(WrongContent, match=r"binary content in a \.txt file \(NUL byte at byte 8"):
        extract_file(make_file(tmp_path, png_header))


def test_it_refuses_control_characters_without_nul_bytes(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 20
    with pytest.raises(WrongContent, match="control bytes"):
        extract_file(make_file(tmp_path, data))


def test_it_normalizes_newlines_and_unicode_composition(tmp_path: Path) -> None:
    extraction = extract_file(make_file(tmp_path, "Te\u0301he\u0301ran\r\nline\rend".encode()))
    assert extraction.text == "Téhéran\nline\nend"


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile, match="empty file") as raised:
        extract_file(make_file(tmp_path, b""))
    assert raised.value.path == str(tmp_path / "source.txt")


def test_it_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(MissingFile, match="no such file"):
        extract_file(tmp_path / "missing.txt")


def test_it_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    with pytest.raises(MissingFile, match="folder"):
        extract_file(folder)


def test_it_refuses_a_file_over_the_size_cap_before_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as handle:
        # Sparse: two gigabytes on paper, nothing on disk.
        handle.truncate(2 * 1024**3)
    with pytest.raises(FileTooLarge, match=r"file is 2\.0 GiB, over the size cap of 512\.0 MiB"):
        extract_file(huge)
    huge.unlink()


def test_it_applies_a_configured_size_cap_to_given_bytes(tmp_path: Path) -> None:
    with pytest.raises(FileTooLarge, match="over the size cap of 10 bytes"):
        extract_file(tmp_path / "a.txt", data=b"x" * 11, max_bytes=10)


def test_it_extracts_given_bytes_without_reading_the_path(tmp_path: Path) -> None:
    extraction = extract_file(tmp_path / "never-written.txt", data=ENGLISH.encode())
    assert extraction.text == ENGLISH


def test_it_refuses_an_unsupported_extension_listing_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFile, match=r"unsupported file type \.exe; .*\.pdf"):
        extract_file(make_file(tmp_path, b"MZ", "setup.exe"))


def test_every_refusal_is_an_unreadable_file_with_a_one_line_reason(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as raised:
        extract_file(make_file(tmp_path, b"\x00\x01", "x.txt"))
    assert "\n" not in raised.value.reason
    assert str(raised.value) == raised.value.reason


def test_it_lists_the_supported_extensions() -> None:
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".png", ".mp3"} <= (
        supported_extensions()
    )


def test_it_keeps_markdown_as_written_and_titles_it_by_its_first_heading(tmp_path: Path) -> None:
    text = "Intro line\n\n# Research *note*: Evin\n\nThe **commission** met.\n"
    extraction = extract_file(make_file(tmp_path, text.encode(), "note.md"))
    assert extraction.text == text
    assert extraction.title == "Research *note*: Evin"
    assert extraction.media_type == "text/markdown"


def test_it_titles_markdown_by_a_setext_heading(tmp_path: Path) -> None:
    text = "Death commission\n================\n\nText.\n"
    assert extract_file(make_file(tmp_path, text.encode(), "n.md")).title == "Death commission"


def test_it_reads_cp1256_markdown(tmp_path: Path) -> None:
    text = f"# {SHORT_PERSIAN_1256}\n\n{PERSIAN_1256}\n"
    extraction = extract_file(make_file(tmp_path, text.encode("cp1256"), "n.md"))
    assert extraction.title == SHORT_PERSIAN_1256
    assert extraction.encoding == "cp1256"


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n\t"),
    min_size=1,
)
# Real words: a few letters of cp1256 can also be valid UTF-8 ("اپ" is C7 81, "ǁ"), which only
# whole words rule out.
_PERSIAN_WORDS = st.lists(
    st.sampled_from([w for w in PERSIAN_1256.split() if not w.isascii()]), min_size=1, max_size=30
).map(" ".join)


def _reads_as_arabic_in_cp1256(char: str) -> bool:
    reading = char.encode("utf-8").decode("cp1256", "replace")
    return all(has_arabic_script(c) or c in "\u200c\u200d\u200e\u200f«»" for c in reading)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_any_utf8_text_decodes_to_itself(text: str) -> None:
    # Text made only of characters whose UTF-8 bytes are Arabic letters in cp1256 ("Á" is C3 81,
    # "أپ") is ambiguous, and is read as cp1256 from four letters on: see decoding.py.
    non_ascii = [char for char in text if not char.isascii()]
    assume(not non_ascii or not all(map(_reads_as_arabic_in_cp1256, non_ascii)))
    assert decode_text(text.encode("utf-8"), ".txt").text == clean_text(text)


@settings(max_examples=100, deadline=None)
@given(_PERSIAN_WORDS)
def test_any_persian_in_windows_1256_decodes_to_itself(text: str) -> None:
    decoded = decode_text(text.encode("cp1256"), ".txt")
    assert (decoded.text, decoded.encoding) == (text, "cp1256")
