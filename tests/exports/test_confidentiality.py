"""An export holds what its reader may see and nothing more: the confidential witness testimony
of the shipped case never reaches a public export, in any format, not even as a quote."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from khavaran.evidence.models import Source
from tests.exports.conftest import TESTIMONY_PHRASE, TESTIMONY_WORDS

pytestmark = pytest.mark.django_db


def assert_no_testimony(text: str) -> None:
    assert TESTIMONY_PHRASE not in text
    for words in TESTIMONY_WORDS:
        assert words not in text
    testimony = Source.objects.get(kind="testimony")
    assert testimony.sha256 not in text
    assert testimony.original_filename not in text


def all_formats(khavaran, *before: str, after: tuple[str, ...] = ()) -> str:  # type: ignore[no-untyped-def]
    """The same export in every format (and every CSV table), concatenated for searching."""
    texts = []
    for fmt in ("ftm", "jsonl"):
        result = khavaran(*before, "export", "--format", fmt, *after)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()
        texts.append(result.stdout)
    target = khavaran.data_dir.parent / "tables.zip"
    result = khavaran(*before, "export", "--format", "csv", "-o", str(target), *after)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        texts += [archive.read(name).decode() for name in archive.namelist()]
    return "".join(texts)


def test_a_viewers_export_holds_no_trace_of_the_confidential_testimony(
    case, khavaran, user_with_role
):
    viewer = user_with_role("vida", "viewer")
    assert_no_testimony(all_formats(khavaran, "--as", viewer))


def test_level_public_lowers_the_operators_export(case, khavaran):
    assert_no_testimony(all_formats(khavaran, after=("--level", "public")))


def test_the_operator_without_an_account_exports_every_level(case, khavaran):
    result = khavaran("export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert TESTIMONY_PHRASE in result.stdout
    assert "up to level confidential" in result.stderr


def test_an_analyst_sees_restricted_data_but_not_the_confidential_testimony(
    case, khavaran, user_with_role
):
    Source.objects.filter(original_filename="death-toll-figures.md").update(
        confidentiality="restricted"
    )
    result = khavaran("--as", user_with_role("ana", "analyst"), "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    levels = {
        json.loads(line)["confidentiality"]
        for line in result.stdout.splitlines()
        if json.loads(line)["type"] == "source"
    }
    assert levels == {"public", "restricted"}
    assert_no_testimony(result.stdout)


def test_level_can_lower_a_role_but_never_raise_it(case, khavaran, user_with_role):
    viewer = user_with_role("vida", "viewer")
    result = khavaran("--as", viewer, "export", "--format", "jsonl", "--level", "confidential")
    assert result.exit_code == 0, result.output
    assert "up to level public" in result.stderr
    assert_no_testimony(result.stdout)


def test_a_public_claim_about_a_confidential_person_stays_out(data_dir, khavaran, tmp_path):
    from tests.factories import make_claim, make_excerpt, make_person, make_source

    excerpt = make_excerpt(make_source(tmp_path, "Witness B saw the trucks at night."))
    witness = make_person(excerpt, "Witness B", confidentiality="confidential")
    make_claim(excerpt, question="saw-trucks", subject_person=witness, value_text="yes")
    result = khavaran("export", "--format", "jsonl", "--level", "public")
    assert result.exit_code == 0, result.output
    types = [json.loads(line)["type"] for line in io.StringIO(result.stdout)]
    assert "claim" not in types and "person" not in types and "name" not in types
    # The public source and its excerpt are still exported: only the person is protected.
    assert types == ["source", "excerpt"]


def test_a_restricted_parent_organization_is_not_linked_in_a_public_export(
    data_dir, khavaran, tmp_path
):
    from khavaran.records.actions import create_organization

    ministry = create_organization("Ministry X", actor="test", confidentiality="restricted")
    create_organization("Prison office", actor="test", parent=ministry)
    for fmt in ("ftm", "jsonl"):
        result = khavaran("export", "--format", fmt, "--level", "public")
        assert result.exit_code == 0, result.output
        assert "Ministry X" not in result.stdout
        assert "Prison office" in result.stdout
        assert '"parent"' not in result.stdout or '"parent": null' in result.stdout


def test_a_mistyped_account_exports_nothing(case, khavaran, tmp_path):
    # `--as vdia` for the viewer vida must not write every confidential record.
    out = tmp_path / "out.jsonl"
    result = khavaran("--as", "vdia", "export", "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 1
    assert result.output.startswith("Error: no account named 'vdia'")
    assert not out.exists()


def test_an_operator_named_for_the_log_without_an_account_is_told_what_it_reads(
    case, khavaran, monkeypatch
):
    monkeypatch.setenv("KHAVARAN_USER", "vdia")
    result = khavaran("export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert "no active account named 'vdia'" in result.stderr
    assert "up to level confidential" in result.stderr
