"""Where commands write: bad paths are refused in one line, before any work."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from khavaran.cli import main as entry
from khavaran.cli.outputs import OutputPath


@click.command()
@click.argument("out", type=OutputPath())
def write(out: Path) -> None:
    out.write_text("written")


def test_an_output_is_written_where_asked(tmp_path: Path) -> None:
    target = tmp_path / "merged.csv"
    result = CliRunner().invoke(write, [str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text() == "written"


def test_an_output_in_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    # A typo in a folder name should not quietly make a new folder.
    target = tmp_path / "exprots" / "merged.csv"
    result = CliRunner().invoke(write, [str(target)])
    assert result.exit_code == 2
    assert f"there is no folder {tmp_path / 'exprots'}; make it first" in result.output
    assert not (tmp_path / "exprots").exists()


def test_an_output_under_a_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "lists.csv").write_text("a,b\n")
    result = CliRunner().invoke(write, [str(tmp_path / "lists.csv" / "merged.csv")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'lists.csv'} is a file, not a folder" in result.output


def test_a_folder_is_not_taken_for_an_output_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(write, [str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_a_file_system_error_while_writing_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def disk_full(**_: object) -> None:
        raise OSError(28, "No space left on device", "/data/originals/ab/cd")

    monkeypatch.setattr(entry.cli, "main", disk_full)
    with pytest.raises(SystemExit) as stopped:
        entry.main(["ingest", "report.pdf"])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert err == "Error: /data/originals/ab/cd: No space left on device\n"


@click.command()
@click.argument("out", type=OutputPath(".csv"))
def write_csv(out: Path) -> None:
    out.write_text("a,b\n")


def test_a_csv_export_refuses_a_name_that_promises_another_format(tmp_path: Path) -> None:
    # CSV text saved as captures.xlsx does not open in the spreadsheet its name promises.
    refused = CliRunner().invoke(write_csv, [str(tmp_path / "captures.xlsx")])
    assert refused.exit_code == 2 and "this writes .csv files" in refused.output
    assert CliRunner().invoke(write_csv, [str(tmp_path / "captures.CSV")]).exit_code == 0
