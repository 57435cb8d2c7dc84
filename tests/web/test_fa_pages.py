"""The Persian reader's pages (the families' review): labels instead of keys, forms and date
refusals in Persian, a readable history, Persian digits, and the Persian name first."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from khavaran.public_ids import public_id
from khavaran.records.models import Claim

pytestmark = pytest.mark.django_db

KILLED = "number-killed:massacre-1988"


def _persian(client: Client) -> Client:
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    return client


def _shown(page: str) -> str:
    """What a reader sees of a page: its text, without markup, attributes, the head, scripts
    and the folded-away raw audit events (those are for staff who open them)."""
    page = re.sub(r"(?s)<head>.*?</head>|<script.*?</script>|<details.*?</details>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _killed() -> Claim:
    claim = Claim.objects.filter(question=KILLED, value_number=30000).first()
    assert claim is not None
    return claim


def _edit_claim(client: Client, claim: Claim, **changes: Any) -> Any:
    fields = ("question", "predicate", "subject_text", "value_text", "value_number")
    data = {f: getattr(claim, f) or "" for f in (*fields, "qualifier", "attributed_to")}
    return client.post(f"/edit/claim/{claim.pk}/", {**data, **changes})


# Internal keys of the shipped case and the English labels Django makes from field names.
KEYS = (
    KILLED,
    "victim_count",
    "house-arrest:montazeri",
    "house_arrest_period",
    "characterised_as",
    "birth_date",
    "birthplace:raisi",
    "described_by_family",
)
ENGLISH_LABELS = (
    "Value number",
    "Value text",
    "Subject text",
    "Father name",
    "Place text",
    "Attributed to",
    "Qualifier",
    "Question:",
    "Confidentiality",
    "Public",
    "Restricted",
    "Changes",
    "Cannot read the date",
    "is not a month",
    "version",
)


def test_no_persian_page_shows_an_internal_key_or_an_english_label(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = _persian(client_as("investigator"))
    claim, raisi, massacre = _killed(), case["raisi"].pk, case["massacre"].pk
    _edit_claim(client, claim, qualifier="at least", reason="the source says so")
    staff = [
        "/claims/",
        f"/claims/{claim.pk}/",
        f"/claims/question/{KILLED}/",
        f"/claims/{claim.pk}/assess/",
        f"/history/claim/{claim.pk}/",
        f"/edit/claim/{claim.pk}/",
        f"/edit/person/{raisi}/",
        f"/edit/incident/{massacre}/",
        f"/people/{raisi}/",
        f"/incidents/{massacre}/",
        "/search/?q=Raisi",
        "/sources/?published_from=xyz",
    ]
    public = [
        f"/public/claims/{public_id('claim', claim.pk)}/",
        f"/public/claims/question/{KILLED}/",
        f"/public/people/{public_id('person', raisi)}/",
        f"/public/incidents/{public_id('incident', massacre)}/",
        "/public/search/?q=Raisi",
    ]
    found = {}
    for url in staff + public:
        response = client.get(url)
        assert response.status_code == 200, url
        shown = _shown(response.content.decode())
        found[url] = [word for word in KEYS + ENGLISH_LABELS if word in shown]
    assert found == {url: [] for url in staff + public}


def test_an_english_page_keeps_its_english_labels(client_as: Any) -> None:
    page = client_as("investigator").get(f"/claims/{_killed().pk}/").content.decode()
    assert "Number of people killed: Mass execution" in page
    assert "<dd>number of people killed</dd>" in page and "30,000" in page


def test_the_edit_form_speaks_persian_labels_and_choices(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = _persian(client_as("investigator"))
    claim_form = client.get(f"/edit/claim/{_killed().pk}/").content.decode()
    assert '<label for="id_value_number">عدد:</label>' in claim_form
    assert '<label for="id_question">پرسش:</label>' in claim_form
    person_form = client.get(f"/edit/person/{case['raisi'].pk}/").content.decode()
    assert "نام پدر:" in person_form and "جنسیت:" in person_form
    assert '<option value="public" selected>عمومی</option>' in person_form
    incident_form = client.get(f"/edit/incident/{case['massacre'].pk}/").content.decode()
    assert '<option value="execution" selected>اعدام</option>' in incident_form


def test_a_persian_edit_form_still_saves_the_stored_values(
    client_as: Any, case: dict[str, Any]
) -> None:
    # The choices are relabelled, not revalued.
    client, raisi = _persian(client_as("investigator")), case["raisi"]
    fields = {"father_name": "", "gender": "", "notes": "", "reason": "a restricted profile"}
    response = client.post(f"/edit/person/{raisi.pk}/", {**fields, "confidentiality": "restricted"})
    assert response.status_code == 302
    raisi.refresh_from_db()
    assert raisi.confidentiality == "restricted"


def test_a_claim_is_shown_by_its_labels_in_the_readers_language(client_as: Any) -> None:
    client, claim = _persian(client_as("investigator")), _killed()
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<dd>شمار کشته‌شدگان</dd>" in page  # the property, not "victim_count"
    assert "شمار کشته‌شدگان: Mass execution of political prisoners" in page  # question, subject
    # The key stays where it is needed: the address of the other versions.
    assert 'href="/claims/question/number-killed%3Amassacre-1988/"' in page


def test_a_question_a_person_wrote_in_words_is_shown_as_written() -> None:
    from khavaran.web.templatetags.khavaran import property_label, question_label

    assert question_label("How many died in Gohardasht?") == "How many died in Gohardasht?"
    assert property_label("prisoners_moved") == "prisoners_moved"


def test_the_history_shows_each_change_as_label_old_and_new(client_as: Any) -> None:
    client, claim = _persian(client_as("investigator")), _killed()
    _edit_claim(client, claim, value_number="30001", qualifier="at least", reason="typo")
    page = client.get(f"/history/claim/{claim.pk}/").content.decode()
    shown = _shown(page)
    assert "عدد : ۳۰٬۰۰۰ ← ۳۰٬۰۰۱" in shown
    assert (
        "قید : opposition estimate; basis not documented in the material consulted ← at least"
        in (shown)
    )
    assert "ویژگی : شمار کشته‌شدگان" in shown  # the creation, labelled
    # Staff can still open the event as the log keeps it.
    assert '<details class="raw">' in page and "<dt>value_number</dt>" in page


def test_an_english_history_points_its_arrows_left_to_right(client_as: Any) -> None:
    client, claim = client_as("investigator"), _killed()
    _edit_claim(client, claim, value_number="30001", reason="typo")
    shown = _shown(client.get(f"/history/claim/{claim.pk}/").content.decode())
    assert "Number : 30,000 → 30,001" in shown


def test_persian_pages_write_figures_counts_and_dates_in_persian_digits(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = _persian(client_as("investigator"))
    contested = client.get(f"/claims/question/{KILLED}/").content.decode()
    assert "<bdi>۳۰٬۰۰۰</bdi>" in contested and "30,000</a>" not in contested
    assert "۶ روایت" in contested
    home = _persian(client_as("viewer")).get("/public/").content.decode()
    assert re.search(r"[۰-۹]+ منبع عمومی", home)
    # Identifiers keep their digits: addresses and a source's own words.
    assert re.search(r'href="/claims/\d+/"', contested)
    assert "opposition estimate" in contested


def test_english_pages_keep_latin_digits(client_as: Any) -> None:
    contested = client_as("investigator").get(f"/claims/question/{KILLED}/").content.decode()
    assert "<bdi>30,000</bdi>" in contested and "6 versions" in contested


def test_a_persian_page_names_a_person_in_persian_first(
    client_as: Any, case: dict[str, Any]
) -> None:
    persian = _shown(_persian(client_as("viewer")).get("/people/").content.decode())
    assert "ابراهیم رئیسی · Ebrahim Raisi" in persian
    person = _shown(
        _persian(client_as("viewer")).get(f"/people/{case['raisi'].pk}/").content.decode()
    )
    assert "ابراهیم رئیسی · Ebrahim Raisi" in person
    incident = _persian(client_as("viewer")).get(f"/incidents/{case['massacre'].pk}/")
    assert "ابراهیم رئیسی · Ebrahim Raisi" in _shown(incident.content.decode())


def test_an_english_page_names_a_person_in_latin_first(
    client_as: Any, case: dict[str, Any]
) -> None:
    assert "Ebrahim Raisi · ابراهیم رئیسی" in _shown(
        client_as("viewer").get("/people/").content.decode()
    )
    person = client_as("viewer").get(f"/people/{case['raisi'].pk}/").content.decode()
    assert "<h1><bdi>Ebrahim Raisi</bdi></h1>" in person
