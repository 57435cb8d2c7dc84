"""An export is written whole or not at all, under a name that fits its format."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def disk_full(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "case.jsonl"), ("csv", "tables.zip")])
def test_a_full_disk_leaves_the_earlier_export_untouched_and_no_partial_file(
    case, khavaran, tmp_path, monkeypatch, fmt, name
):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / name
    target.write_bytes(b"the earlier, good export")
    monkeypatch.setattr(os, "fsync", disk_full)
    result = khavaran("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert target.read_bytes() == b"the earlier, good export"
    assert sorted(p.name for p in folder.iterdir()) == [name]


def test_a_folder_export_blocked_part_way_writes_no_table(case, khavaran, tmp_path):
    out = tmp_path / "out"
    (out / "person.csv").mkdir(parents=True)
    result = khavaran("export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 1
    assert f"cannot write {out / 'person.csv'}: it is not a file" in result.output
    assert [p.name for p in out.iterdir()] == ["person.csv"]


def test_a_folder_export_writes_every_table(case, khavaran, tmp_path):
    out = tmp_path / "out"
    assert khavaran("export", "--format", "csv", "-o", str(out)).exit_code == 0
    assert {"source.csv", "claim.csv", "excerpt.csv"} <= {p.name for p in out.iterdir()}
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_an_empty_output_path_is_refused_not_read_as_the_current_folder(
    case, khavaran, tmp_path, monkeypatch
):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = khavaran("export", "--format", "csv", "-o", "")
    assert result.exit_code == 2 and "an empty path" in result.output
    assert list(Path(here).iterdir()) == []


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "case.zip"), ("ftm", "case.csv")])
def test_a_format_under_another_formats_name_is_refused(case, khavaran, tmp_path, fmt, name):
    result = khavaran("export", "--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 1 and f"{fmt} is written to a .json" in result.output
    assert not (tmp_path / name).exists()


def test_every_jsonl_record_has_its_type_and_id(case, khavaran):
    result = khavaran("export", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all("type" in r and "id" in r for r in records)
    excerpt = next(r for r in records if r["type"] == "excerpt")
    assert excerpt["id"] == excerpt["excerpt"]
