"""On the seed article: every quotation with its speaker, the unattributed 30,000, two defects."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.extract import Gazetteer, Proposal, extract

SEED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed-article.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="the shared corpus is not here")

# Names a database holding the sample case would know.
KNOWN = [
    ("person", "khomeini", "Ruhollah Khomeini"), ("person", "khomeini", "Khomeini"),
    ("person", "khamenei", "Ali Khamenei"), ("person", "khamenei", "Khamenei"),
    ("person", "montazeri", "Hossein-Ali Montazeri"), ("person", "montazeri", "Montazeri"),
    ("organization", "amnesty", "Amnesty International"), ("organization", "un", "UN"),
    ("place", "tehran", "Tehran"), ("place", "iran", "Iran"),
]  # fmt: skip


@pytest.fixture(scope="module")
def proposals() -> list[Proposal]:
    return extract(SEED.read_text("utf-8"), Gazetteer.build(KNOWN))


def same_name(found: str | None, expected: str) -> bool:
    """A speaker is right when the expected name's words are among the found name's."""
    return found is not None and set(expected.split()) <= set(found.split())


def speaker_of(proposals: list[Proposal], quote_start: str) -> str | None:
    (quote,) = [p for p in proposals if p.kind == "quote" and p.text.startswith(quote_start)]
    return quote.speaker


@pytest.mark.parametrize(("quote", "speaker"), [
    ("a momentous breakthrough", "Diana Eltahawy"),
    ("a turning point", "Diana Eltahawy"),
    ("Although the letter is a step", "Rafizadeh"),
    ("The foundations of the current regime", "Rafizadeh"),
    ("the biggest crime in the Islamic Republic", "Montazeri"),
    ("history will condemn us", "Montazeri"),
])  # fmt: skip
def test_every_quotation_has_its_speaker(
    proposals: list[Proposal], quote: str, speaker: str
) -> None:
    assert same_name(speaker_of(proposals, quote), speaker)


def test_the_un_experts_called_it_a_crime_against_humanity(proposals: list[Proposal]) -> None:
    speaker = speaker_of(proposals, "crime against humanity") or ""
    assert "UN" in speaker and "experts" in speaker


def test_the_30000_figure_is_proposed_with_no_attribution(proposals: list[Proposal]) -> None:
    (claim,) = [p for p in proposals if p.kind == "claim" and p.value == "30000"]
    assert claim.text == "30,000 political prisoners"
    assert claim.attributed_to is None


def test_the_list_lost_after_including_is_a_defect(proposals: list[Proposal]) -> None:
    assert any(p.kind == "defect" and p.text == "including:" for p in proposals)


def test_the_stray_headline_is_a_defect(proposals: list[Proposal]) -> None:
    headline = "Maryam Rajavi Calls for Justice for 1988 Massacre Victims: Part 1"
    assert any(p.kind == "defect" and p.text == headline for p in proposals)
