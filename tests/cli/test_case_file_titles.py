"""A case file below the confidential level names its sources as exports do there: a title
taken from the file (its name may name a witness) becomes "Source N"."""

from __future__ import annotations

import pytest

from khavaran.evidence.access import untitled_title
from tests.factories import make_case, make_excerpt, make_link, make_person, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_an_analysts_case_file_carries_public_titles_only(khavaran, account, tmp_path, fmt):
    source = make_source(
        tmp_path, "Darius said the commission met at Evin.", name="interview-with-Darius.txt"
    )
    excerpt = make_excerpt(source, "the commission met at Evin")
    accused = make_person(make_excerpt(source, "Darius"), "Darius")
    case = make_case(accused)
    make_link(case, "cah.context.attack", excerpt)
    analyst = account("ana", "analyst")
    target = tmp_path / f"case.{fmt}"
    result = khavaran(
        "--as", analyst, "case", "export", str(case.pk), "--format", fmt, "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "interview-with-Darius" not in text and untitled_title(source.pk) in text
    staff = tmp_path / f"staff.{fmt}"
    assert (
        khavaran("case", "export", str(case.pk), "--format", fmt, "-o", str(staff)).exit_code == 0
    )
    assert "interview-with-Darius" in staff.read_text(encoding="utf-8")
