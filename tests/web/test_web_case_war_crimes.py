"""Case pages of a case alleging war crimes (art. 8(2)(a) and (c)): each family's armed conflict
once in the matrix, awareness of it per accused in the proof, the link form offering only the
contexts of the crimes alleged, and the articles in Persian."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from khavaran.evidence.models import Excerpt
from khavaran.records.cases import CaseError, accuse, create_case
from khavaran.records.models import ElementLink
from khavaran.vocabulary import FAMILIES
from khavaran.web.case_forms import case_error_message
from khavaran.web.templatetags.case_words import article_fa, context_title, proof_note

pytestmark = pytest.mark.django_db
SENTENCING = "war_niac.sentencing"
NIAC_TITLE = "Contextual elements of war crimes in armed conflict not of an international character"


def _case(case: dict[str, Any], crimes: list[str]) -> Any:
    made = create_case("1988: the death commissions", actor="test", crimes=crimes)
    accuse(made, case["raisi"], actor="test")
    return made


def _options(page: str) -> list[str]:
    select = page.split('name="element"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]+)"', select)


def test_the_case_page_shows_the_armed_conflict_once_and_awareness_per_accused(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [SENTENCING, "war_niac.murder"])
    page = client_as("analyst").get(f"/cases/{made.pk}/").content.decode()
    matrix = page.split('id="matrix"')[1]
    assert matrix.count(NIAC_TITLE) == 1 and "art. 8(2)(c)</bdi>" in matrix
    for n in (1, 2, 3, 4, 5):
        assert f'id="element-{SENTENCING}.{n}"' in matrix
    nexus = matrix.split('id="element-war_niac.context.nexus"')[1].split("</tr>")[0]
    assert 'class="statuses"' not in nexus
    awareness = matrix.split('id="element-war_niac.context.awareness"')[1].split("</tr>")[0]
    assert "Ebrahim Raisi</bdi>: no supporting evidence" in awareness
    proof = page.split('id="proof"')[1].split("</section>")[0]
    assert "Awareness of the armed conflict, the elements of each crime alleged" in proof
    assert NIAC_TITLE in proof and "Aware of the existence of an armed conflict" in proof
    assert "In the context of and associated with" not in proof
    assert "Knowledge of the attack" not in proof and "element-cah.context" not in page


def test_a_case_mixing_crimes_against_humanity_and_war_crimes_reads_by_article(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [SENTENCING, "cah.murder", "war_iac.denying_fair_trial"])
    page = client_as("analyst").get(f"/cases/{made.pk}/").content.decode()
    matrix = page.split('id="matrix"')[1]
    keys = (
        "cah.context.attack",
        "cah.murder.1",
        "war_iac.context.nexus",
        "war_iac.denying_fair_trial.1",
        "war_niac.context.nexus",
        f"{SENTENCING}.1",
    )
    order = [matrix.index(f'id="element-{k}"') for k in keys]
    assert order == sorted(order)
    titles = (
        "Contextual elements of crimes against humanity",
        "Contextual elements of war crimes in international armed conflict",
        NIAC_TITLE,
    )
    assert [matrix.count(t) for t in titles] == [1, 1, 1]
    proof = page.split('id="proof"')[1].split("</section>")[0]
    assert "Knowledge of the attack, awareness of the armed conflict" in proof
    crimes = page.split('id="crimes"')[1].split("</ul>")[0]
    assert (
        crimes.index("Murder") < crimes.index("denying a fair trial") < crimes.index("due process")
    )


def test_the_link_form_offers_the_conflict_of_the_crimes_alleged_only(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [SENTENCING])
    client = client_as("investigator")
    offered = _options(client.get(f"/cases/{made.pk}/link/").content.decode())
    assert offered[:2] == ["war_niac.context.nexus", "war_niac.context.awareness"]
    assert not [k for k in offered if k.startswith(("cah.", "war_iac."))]
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    form = {
        "element": "war_iac.context.nexus",
        "strength": "weak",
        "excerpt": excerpt.pk,
        "confidentiality": "restricted",
    }
    refused = client.post(f"/cases/{made.pk}/link/", form)
    assert refused.status_code == 400 and not ElementLink.objects.exists()
    # A page opened before the crimes alleged changed is told what to tick, in the form's words.
    said = refused.content.decode()
    assert "is a contextual element of war crimes in international armed conflict" in said
    assert "not one of the available choices" not in said
    nexus = {**form, "element": "war_niac.context.nexus"}
    assert client.post(f"/cases/{made.pk}/link/", nexus).status_code == 302
    assert ElementLink.objects.get().person is None


def test_a_crime_not_alleged_or_an_element_not_in_the_catalogue_is_refused_in_the_forms_words(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [SENTENCING])
    client = client_as("investigator")
    form = {
        "element": "liability.ordering",
        "person": case["raisi"].pk,
        "crime": "cah.murder",
        "strength": "weak",
        "excerpt": Excerpt.objects.filter(source=case["english"]).first().pk,
        "confidentiality": "restricted",
    }
    not_alleged = client.post(f"/cases/{made.pk}/link/", form).content.decode()
    assert "This case does not allege “Murder”: tick it under Crimes alleged" in not_alleged
    unknown = client.post(f"/cases/{made.pk}/link/", {**form, "element": "cah.no_such"})
    assert "Choose an element from the list." in unknown.content.decode()
    assert not ElementLink.objects.exists()


def test_a_persian_reader_reads_war_crimes_and_their_articles_in_persian(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [SENTENCING])
    client = client_as("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    page = client.get(f"/cases/{made.pk}/").content.decode()
    assert "جنایت جنگی صدور حکم یا اعدام بدون دادرسی قانونی" in page
    assert "ماده ۸(۲)(پ)(۴)" in page


def test_a_sub_paragraphs_numeral_is_a_number_in_persian_and_a_lone_letter_stays_a_letter():
    assert article_fa("art. 8(2)(a)(ii)-1, element 2") == "ماده ۸(۲)(الف)(۲)-۱، رکن ۲"
    assert article_fa("art. 8(2)(c)(iv)") == "ماده ۸(۲)(پ)(۴)"
    # Enforced disappearance is paragraph (i) of article 7(1), a letter.
    assert article_fa("art. 7(1)(i)") == "ماده ۷(۱)(خ)"


def test_a_refusal_names_the_family_of_war_crimes_in_the_forms_words():
    refused = CaseError(
        "case 1 alleges no war crimes ...",
        "family_not_alleged",
        family="war_iac",
        element="war_iac.context.nexus",
    )
    with translation.override("en"):
        assert case_error_message(refused) == (
            "“In the context of and associated with an international armed conflict” is a "
            "contextual element of war crimes in international armed conflict, and this case "
            "alleges none: tick one under Crimes alleged on the case page before linking it."
        )
    with translation.override("fa"):
        assert "جنایات جنگی در مخاصمه مسلحانه بین‌المللی" in case_error_message(refused)


def test_a_refusal_names_the_link_by_the_id_a_command_takes_in_either_language():
    # A link's number is an id (`khavaran case unlink 16`, `/history/link/16/`): it keeps its
    # digits on a Persian page, as every record's id does (`rendering.reader_digits`).
    refused = CaseError(
        "link 16 cites evidence ...",
        "context_has_links",
        link=16,
        element="war_iac.context.nexus",
        family="war_iac",
    )
    with translation.override("en"):
        assert case_error_message(refused).startswith("Link 16 cites evidence")
    with translation.override("fa"):
        assert "16" in case_error_message(refused)


def test_every_familys_contextual_elements_have_a_heading():
    with translation.override("en"):
        titles = [context_title(f.context) for f in FAMILIES.values() if f.context]
    assert titles == [
        "Contextual elements of crimes against humanity",
        "Contextual elements of war crimes in international armed conflict",
        NIAC_TITLE,
    ]


def test_a_persian_reader_reads_each_conflicts_heading_and_the_proof_note_in_persian():
    # gettext_lazy over several lines: the catalogue check of test_web_i18n does not see them.
    contexts = [f.context for f in FAMILIES.values() if f.context]
    with translation.override("fa"):
        titles = [context_title(group) for group in contexts]
        notes = [
            proof_note([SimpleNamespace(group=g) for g in groups])
            for groups in ([], contexts[:1], contexts[1:], contexts)
        ]
    assert titles[1] == "ارکان زمینه‌ای جنایات جنگی در مخاصمه مسلحانه بین‌المللی"
    assert titles[2] == "ارکان زمینه‌ای جنایات جنگی در مخاصمه مسلحانه غیربین‌المللی"
    assert [n for n in notes if n.isascii() or n[:40].isascii()] == []
