"""The victim lists' overlap chart in the reader's language: its title and axis are the page's
words around the image, which itself carries no words but the lists' names and counts."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.web.test_web_review_linkage import linked  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_the_chart_is_captioned_in_persian(client_as: Any, linked: None) -> None:  # noqa: F811
    client = client_as("reviewer")
    client.post("/language/", {"language": "fa", "next": "/lists/"})
    page = client.get("/lists/").content.decode()
    caption = page[page.index("<figcaption>") : page.index("</figcaption>")]
    assert "قربانیان مستند: " in caption and "اجرای پیوند" in caption
    assert "Documented victims" not in page
    assert '<strong id="documented-victims">' in page


def test_the_chart_draws_no_english_title_or_axis(client_as: Any, linked: None) -> None:  # noqa: F811
    from matplotlib.figure import Figure

    # What each figure says as it is saved: the title and the y axis's label, with their colour.
    drawn: list[Any] = []
    save = Figure.savefig

    def keep(figure: Any, *args: Any, **kwargs: Any) -> None:
        drawn.append(
            [
                (t.get_text(), t.get_color())
                for ax in figure.axes
                for t in (ax.title, ax.yaxis.label)
            ]
        )
        save(figure, *args, **kwargs)

    Figure.savefig = keep  # type: ignore[method-assign,assignment]
    try:
        response = client_as("reviewer").get("/lists/overlaps.png")
    finally:
        Figure.savefig = save  # type: ignore[method-assign]
    assert response.status_code == 200 and io.BytesIO(response.content).read(4) == b"\x89PNG"
    words = [(text, color) for figure in drawn for text, color in figure if text]
    assert words and all(color == "none" for _, color in words)
