"""One vocabulary, declared once, with English and Persian labels and DOMAIN.md's words."""

from __future__ import annotations

import re

from khavaran.vocabulary import ROLE_CLEARANCE, VOCABULARIES, label, levels_up_to

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def test_every_value_has_an_english_and_a_persian_label():
    for name, vocabulary in VOCABULARIES.items():
        for value, (en, fa) in vocabulary.items():
            assert en and not ARABIC_SCRIPT.search(en), (name, value)
            assert ARABIC_SCRIPT.search(fa), (name, value)
            assert label(name, value, "fa") == fa and label(name, value) == en


def test_the_domain_words_are_the_values():
    assert list(VOCABULARIES["role"]) == ["admin", "investigator", "analyst", "reviewer", "viewer"]
    assert list(VOCABULARIES["confidentiality"]) == ["public", "restricted", "confidential"]
    assert set(VOCABULARIES["assessment"]) == {
        "uncorroborated",
        "corroborated",
        "contested",
        "refuted",
    }
    assert set(VOCABULARIES["custody_action"]) == {
        "collected",
        "received",
        "copied",
        "verified",
        "exported",
        "transferred",
    }
    assert {"victim", "perpetrator", "ordering_authority", "witness", "present"} == set(
        VOCABULARIES["participant_role"]
    )


def test_viewers_see_only_public_data_and_investigators_everything():
    assert levels_up_to(ROLE_CLEARANCE["viewer"]) == ("public",)
    assert levels_up_to(ROLE_CLEARANCE["investigator"]) == ("public", "restricted", "confidential")
