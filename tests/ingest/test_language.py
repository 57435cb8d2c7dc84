"""Language detection: Persian, Arabic and English told apart from a sentence on."""

from __future__ import annotations

import time

import pytest

from khavaran.ingest.language import SAMPLE_CHARS, detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("هیئت مرگ در تابستان ۱۳۶۷ در زندان اوین تشکیل شد.", "fa"),
        ("بسیاری از اعدام‌شدگان در گورهای جمعی در خاوران به خاک سپرده شدند.", "fa"),
        ("أعدمت السلطات آلاف السجناء السياسيين في صيف عام ١٩٨٨.", "ar"),
        ("وقالت منظمة العفو الدولية إن الجريمة ما زالت مستمرة حتى اليوم.", "ar"),
        ("The Tehran commission met in Evin prison in the summer of 1988.", "en"),
        ("Les prisonniers politiques ont été exécutés à l'été 1988.", "fr"),
        ("Die politischen Gefangenen wurden im Sommer 1988 hingerichtet.", "de"),
    ],
)
def test_it_names_the_language_of_a_sentence(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "1367", "Evin", "  \n ", "۱۳۶۷/۵/۲۴"])
def test_it_declines_to_name_the_language_of_too_little_text(text: str) -> None:
    assert detect_language(text) is None


def test_it_reads_only_a_sample_of_a_long_text() -> None:
    persian = "هیئت مرگ در تابستان ۱۳۶۷ در زندان اوین تشکیل شد. " * 15
    english = "The commission met in Evin prison in the summer of 1988. " * 2_000
    assert len(persian) < SAMPLE_CHARS
    assert detect_language(persian + english) == "fa"


def test_it_takes_about_a_millisecond_on_a_page() -> None:
    page = "The commission met in Evin prison in the summer of 1988. " * 100
    detect_language(page)
    start = time.perf_counter()
    for _ in range(20):
        detect_language(page)
    # Generous against slow CI machines; measured at about 1 ms on two cores.
    assert (time.perf_counter() - start) / 20 < 0.02
