"""Fields the web keeps to staff (a person's notes, a source's origin and file name) go out only
in an export at the confidential level, and are left out, not blanked, below it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest

from khavaran.evidence.access import untitled_title
from khavaran.evidence.models import Source
from khavaran.records.models import Person

pytestmark = pytest.mark.django_db

NOTES = "Informant, lives at 12 Hidden Lane, Ahvaz"
DONOR = "https://donor.example/handed-over-by-reza"
FILENAME = "statement-of-witness-zohreh.md"
STAFF_KEYS = {"notes", "origin", "original_filename"}


@pytest.fixture
def staff_only(case: None) -> Source:
    """A public person with internal notes, and a public source that names its donor."""
    Person.objects.filter(key="raisi").update(notes=NOTES)
    source = Source.objects.filter(confidentiality="public").order_by("pk").first()
    assert source is not None
    Source.objects.filter(pk=source.pk).update(origin=DONOR, original_filename=FILENAME)
    return source


def export(khavaran: Any, fmt: str, *args: str, who: tuple[str, ...] = ()) -> str:
    result = khavaran(*who, "export", "--format", fmt, *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def records(text: str, kind: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in text.splitlines()]
    return [r for r in rows if r["type"] == kind]


def assert_no_staff_fields(text: str) -> None:
    for secret in (NOTES, DONOR, FILENAME, "donor.example"):
        assert secret not in text


@pytest.mark.parametrize("role", ["viewer", "analyst", "reviewer"])
def test_a_reader_below_confidential_exports_no_staff_field(
    staff_only, khavaran, user_with_role, role
):
    name = user_with_role(f"{role}1", role)
    text = export(khavaran, "jsonl", who=("--as", name))
    assert_no_staff_fields(text)
    assert records(text, "source") and records(text, "person")
    for row in records(text, "source") + records(text, "person"):
        assert not STAFF_KEYS & set(row), row
    assert_no_staff_fields(export(khavaran, "ftm", who=("--as", name)))


def test_csv_tables_below_confidential_have_no_staff_columns(staff_only, khavaran, user_with_role):
    target = khavaran.data_dir.parent / "tables.zip"
    viewer = user_with_role("vida", "viewer")
    result = khavaran("--as", viewer, "export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        tables = {name: archive.read(name).decode() for name in archive.namelist()}
    assert_no_staff_fields("".join(tables.values()))
    for table in ("source.csv", "person.csv"):
        header = next(csv.reader(io.StringIO(tables[table])))
        assert not STAFF_KEYS & set(header), (table, header)


def test_level_public_before_publishing_drops_file_names_and_origins_from_ftm(staff_only, khavaran):
    text = export(khavaran, "ftm", "--level", "public")
    assert_no_staff_fields(text)
    documents = [json.loads(line) for line in text.splitlines()]
    documents = [d for d in documents if d["schema"] == "Document"]
    assert documents
    for document in documents:
        assert not {"fileName", "sourceUrl"} & set(document["properties"]), document


def test_the_operator_lowering_to_restricted_exports_no_staff_field(staff_only, khavaran):
    assert_no_staff_fields(export(khavaran, "jsonl", "--level", "restricted"))


@pytest.mark.parametrize("who", [(), ("--as", "ivy")])
def test_a_confidential_export_keeps_the_staff_fields(staff_only, khavaran, user_with_role, who):
    user_with_role("ivy", "investigator")
    text = export(khavaran, "jsonl", who=who)
    (raisi,) = [p for p in records(text, "person") if p["key"] == "raisi"]
    assert raisi["notes"] == NOTES
    (source,) = [s for s in records(text, "source") if s["id"] == staff_only.pk]
    assert (source["origin"], source["original_filename"]) == (DONOR, FILENAME)
    ftm = export(khavaran, "ftm", who=who)
    assert FILENAME in ftm and DONOR in ftm


@pytest.mark.parametrize("fmt", ["jsonl", "ftm"])
def test_below_confidential_a_source_goes_out_under_its_public_title(
    staff_only, khavaran, user_with_role, fmt
):
    """A title taken from a file's name is as telling as the name: it stays with staff."""
    Source.objects.filter(pk=staff_only.pk).update(title="statement-of-Zohreh", title_given=False)
    given = Source.objects.filter(confidentiality="public").exclude(pk=staff_only.pk).first()
    Source.objects.filter(pk=given.pk).update(title="Amnesty report, 1990", title_given=True)
    viewer = export(khavaran, fmt, who=("--as", user_with_role("vida", "viewer")))
    public = export(khavaran, fmt, "--level", "public")
    for text in (viewer, public):
        assert "Zohreh" not in text
        assert untitled_title(staff_only.pk) in text and "Amnesty report, 1990" in text
    assert "statement-of-Zohreh" in export(khavaran, fmt)  # the operator, every level
