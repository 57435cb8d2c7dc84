"""One-time form tokens: a form sent again with the same token (Back, then Save) is refused
with a link to what the first sending made; sign-in, the language switch and htmx keep working."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from khavaran.evidence.models import Excerpt
from khavaran.records.models import Claim
from khavaran.web.once import FIELD
from tests.web.test_web_a11y_pages import persian_words  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ONCE = "khavaran.web.once.OnceMiddleware"


def _with_once() -> list[str]:
    """The settings' middleware with OnceMiddleware after the messages middleware."""
    chain = [m for m in settings.MIDDLEWARE if m != ONCE]
    at = chain.index("django.contrib.messages.middleware.MessageMiddleware") + 1
    return [*chain[:at], ONCE, *chain[at:]]


@pytest.fixture(autouse=True)
def once_on() -> Iterator[None]:
    with override_settings(MIDDLEWARE=_with_once()):
        yield


def _excerpt(client: Client, source: Any, words: str) -> Excerpt:
    start = source.text.index(words)
    client.post(
        f"/sources/{source.pk}/excerpts/",
        {"start": start, "end": start + len(words), "quote": words},
    )
    excerpt = Excerpt.objects.order_by("-pk").first()
    assert excerpt is not None
    return excerpt


def _claim(excerpt: Excerpt, token: str | None) -> dict[str, Any]:
    form = {
        "excerpts": [excerpt.pk],
        "question": "number-killed:massacre-1988",
        "predicate": "victim_count",
        "value_number": "30000",
        "attributed_to": "the article itself",
        "confidentiality": "public",
    }
    return form | ({FIELD: token} if token else {})


def test_a_claim_sent_again_with_the_same_token_is_refused_with_a_link_to_the_first(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _excerpt(client, case["figures"], "30,000")
    first = client.post("/new/claim/", _claim(excerpt, "SeedOfThePage1.1"))
    assert first.status_code == 302
    before = Claim.objects.count()

    again = client.post("/new/claim/", _claim(excerpt, "SeedOfThePage1.1"))

    assert again.status_code == 409
    assert Claim.objects.count() == before
    page = again.content.decode()
    assert "This form was already sent; its result is here:" in page
    assert f'href="{first["Location"]}"' in page


def test_a_new_token_makes_a_new_claim(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("investigator")
    excerpt = _excerpt(client, case["figures"], "30,000")
    client.post("/new/claim/", _claim(excerpt, "SeedOfThePage1.1"))
    before = Claim.objects.count()
    assert client.post("/new/claim/", _claim(excerpt, "SeedOfThePage2.1")).status_code == 302
    assert Claim.objects.count() == before + 1


def test_a_form_refused_for_its_errors_can_be_corrected_and_sent_with_its_token(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _excerpt(client, case["figures"], "30,000")
    wrong = client.post("/new/claim/", _claim(excerpt, "SeedOfThePage3.1") | {"question": ""})
    assert wrong.status_code in (200, 400)
    assert client.post("/new/claim/", _claim(excerpt, "SeedOfThePage3.1")).status_code == 302


def test_a_form_without_a_token_is_let_through(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("investigator")
    excerpt = _excerpt(client, case["figures"], "30,000")
    before = Claim.objects.count()
    client.post("/new/claim/", _claim(excerpt, None))
    client.post("/new/claim/", _claim(excerpt, None))
    assert Claim.objects.count() == before + 2


def test_the_refusal_is_in_persian_on_a_persian_page(
    client_as: Any, case: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    persian = "این فرم پیش‌تر فرستاده شده است؛ نتیجه‌اش:"
    request.getfixturevalue("persian_words")(
        {"This form was already sent; its result is here:": persian}
    )
    client = client_as("investigator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    excerpt = _excerpt(client, case["figures"], "30,000")
    client.post("/new/claim/", _claim(excerpt, "SeedOfThePage4.1"))
    page = client.post("/new/claim/", _claim(excerpt, "SeedOfThePage4.1")).content.decode()
    assert 'lang="fa" dir="rtl"' in page
    assert persian in page


def test_an_htmx_form_sent_again_is_sent_to_the_first_result_with_a_message(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _excerpt(client, case["figures"], "30,000")
    first = client.post("/new/claim/", _claim(excerpt, "SeedOfThePage5.1"))
    before = Claim.objects.count()
    again = client.post(
        "/new/claim/", _claim(excerpt, "SeedOfThePage5.1"), headers={"HX-Request": "true"}
    )
    assert again.status_code == 204
    assert again["HX-Redirect"] == first["Location"]
    assert Claim.objects.count() == before
    shown = client.get(first["Location"]).content.decode()
    assert "This form was already sent; its result is shown here." in shown


def test_an_htmx_upload_records_its_token_from_the_redirect_header(client_as: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("investigator")

    def upload() -> Any:
        note = SimpleUploadedFile("once.txt", b"Evin prison, a note sent once.", "text/plain")
        fields = {"file": note, "confidentiality": "restricted", FIELD: "SeedOfThePage6.1"}
        return client.post("/sources/upload/", fields, headers={"HX-Request": "true"})

    first = upload()
    assert first.status_code == 204
    again = upload()
    assert again.status_code == 204
    assert again["HX-Redirect"] == first["HX-Redirect"]


def test_sign_in_and_the_language_switch_work_when_sent_again(
    cast: dict[str, Any], password: str
) -> None:
    client = Client()
    sign_in = {"username": "ines", "password": password, FIELD: "SeedOfThePage7.1"}
    assert client.post("/login/", sign_in).status_code == 302
    assert client.post("/login/", sign_in).status_code == 302
    switch = {"language": "fa", "next": "/sources/", FIELD: "SeedOfThePage7.2"}
    assert client.post("/language/", switch).status_code == 302
    assert client.post("/language/", switch | {"language": "en"}).status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_every_page_carries_a_new_seed_for_its_tokens(client_as: Any) -> None:
    client = client_as("investigator")
    seeds = [
        re.search(r'name="once-seed" content="([^"]+)"', client.get("/sources/").content.decode())
        for _ in range(2)
    ]
    assert all(seeds)
    assert seeds[0] and seeds[1] and seeds[0].group(1) != seeds[1].group(1)
