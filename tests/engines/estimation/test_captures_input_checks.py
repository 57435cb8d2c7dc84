"""What a capture-history CSV may hold: one row per pattern, counts in digits, 0/1 in any of the
digits spreadsheets in Iran write, and a hint when a stratum column was left unnamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.engines.estimation import CaptureDataError, read_captures


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "captures.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_repeated_pattern_is_refused_naming_both_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,count\n1,0,10\n0,1,12\n1,1,5\n1,0,10\n")
    with pytest.raises(CaptureDataError) as error:
        read_captures(path)
    assert str(error.value).endswith(
        "captures.csv, row 5: repeats the pattern of row 2; give each pattern once, with its "
        "total count"
    )


def test_a_repeated_pattern_is_refused_within_a_stratum_only(tmp_path: Path) -> None:
    text = "p,A,B,count\nn,1,0,10\ns,1,0,12\nn,0,1,5\nn,1,0,3\n"
    with pytest.raises(
        CaptureDataError, match="row 5: repeats the pattern of row 2 in stratum p=n"
    ):
        read_captures(write(tmp_path, text), ["p"])
    tables = read_captures(write(tmp_path, text.rsplit("n,1,0,3\n", 1)[0]), ["p"])
    assert {key: t.n_observed for key, t in tables.items()} == {"p=n": 15, "p=s": 12}


@pytest.mark.parametrize("count", ["1_000", "1e3", "1.5e1", "12.0", "+5", "-3", "1,000", "١٫٥"])
def test_a_count_not_written_in_plain_digits_is_refused(tmp_path: Path, count: str) -> None:
    path = write(tmp_path, f'A,B,count\n1,0,10\n0,1,12\n1,1,"{count}"\n')
    with pytest.raises(CaptureDataError) as error:
        read_captures(path)
    assert "row 4, column 'count': counts must be whole numbers ≥ 0 written in digits" in str(
        error.value
    )


def test_persian_and_arabic_indic_digits_are_read_in_counts_and_list_columns(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "A,B,count\n۱,۰,۱۲\n٠,١,٣٠\n1,1,5\n")
    table = read_captures(path)[None]
    assert table.n_observed == 47 and table.list_sizes() == {"A": 17, "B": 35}


def test_a_word_in_a_list_column_hints_at_a_stratum_column(tmp_path: Path) -> None:
    path = write(tmp_path, "province,A,B,count\nnorth,1,0,10\nnorth,0,1,12\n")
    with pytest.raises(CaptureDataError) as error:
        read_captures(path)
    assert str(error.value).endswith(
        "captures.csv, row 2, column 'province': list membership must be 0 or 1, found 'north' "
        "(is it a stratum column? give --strata province)"
    )


def test_a_number_other_than_0_or_1_in_a_list_column_has_no_stratum_hint(tmp_path: Path) -> None:
    with pytest.raises(CaptureDataError) as error:
        read_captures(write(tmp_path, "A,B,count\n2,0,10\n"))
    assert "found '2'" in str(error.value) and "--strata" not in str(error.value)
