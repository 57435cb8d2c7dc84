"""One vocabulary, declared once, with English and Persian labels and DOMAIN.md's words."""

from __future__ import annotations

import re

from khavaran.vocabulary import (
    FAMILIES,
    ROLE_CLEARANCE,
    VOCABULARIES,
    elements_of,
    family_of_group,
    label,
    levels_up_to,
)

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


def test_every_family_but_genocide_has_its_own_contextual_elements():
    contexts = {f.key: [e.key for e in elements_of(f.context)] for f in FAMILIES.values()}
    assert contexts == {
        # Genocide's circumstance, intent and pattern are elements of each act.
        "genocide": [],
        "cah": ["cah.context.attack", "cah.context.policy", "cah.context.knowledge"],
        "war_iac": ["war_iac.context.nexus", "war_iac.context.awareness"],
        "war_niac": ["war_niac.context.nexus", "war_niac.context.awareness"],
    }
    for family in FAMILIES.values():
        for element in elements_of(family.context):
            assert element.is_context and element.family == family.key
            # What the accused knew is theirs; the attack, the policy and the nexus the case's.
            assert element.of_perpetrator == element.key.endswith(("knowledge", "awareness"))
        assert family_of_group(family.context) == (family.key if family.context else "")
        assert bool(family.context) == bool(family.context_article)


def test_no_two_crimes_share_a_label_in_either_language():
    from khavaran.vocabulary import CRIMES

    for language in ("en", "fa"):
        labels = [getattr(crime, language) for crime in CRIMES.values()]
        assert len(labels) == len(set(labels)), language
