"""Reading and validating capture-history CSVs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khavaran.engines.estimation import CaptureDataError, CaptureHistories, read_captures


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "captures.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_lists_patterns_and_counts(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,C,count\n1,0,0,5\n0,1,1,3\n1,1,1,2\n")
    table = read_captures(path)[None]
    assert table.lists == ("A", "B", "C")
    assert table.n_observed == 10
    assert table.list_sizes() == {"A": 7, "B": 5, "C": 5}


def test_it_splits_strata_and_names_them(tmp_path: Path) -> None:
    text = "province,A,B,count\nTehran,1,0,5\nTehran,1,1,2\nFars,0,1,4\n"
    tables = read_captures(write(tmp_path, text), strata=["province"])
    assert sorted(tables, key=str) == ["province=Fars", "province=Tehran"]
    assert tables["province=Tehran"].n_observed == 7
    assert tables["province=Fars"].stratum == "province=Fars"


@pytest.mark.parametrize(
    "text",
    [
        "A;B;count\n1;0;5\n1;1;2\n",  # a spreadsheet saved in a European locale
        "A\tB\tcount\n1\t0\t5\n1\t1\t2\n",
        "\ufeffA,B,Count\r\n1,0,5\r\n1,1,2\r\n",  # Excel's byte order mark and line ends
        " A , B , COUNT \n1,0,5\n1,1,2\n",
    ],
)
def test_it_reads_the_csv_dialects_spreadsheets_write(tmp_path: Path, text: str) -> None:
    table = read_captures(write(tmp_path, text))[None]
    assert table.lists == ("A", "B")
    assert table.list_sizes() == {"A": 7, "B": 2}


def test_it_keeps_persian_list_names(tmp_path: Path) -> None:
    table = read_captures(write(tmp_path, "عفو بین‌الملل,خاوران,count\n1,0,5\n1,1,2\n"))[None]
    assert table.lists == ("عفو بین‌الملل", "خاوران")


@pytest.mark.parametrize(
    ("text", "strata", "message"),
    [
        ("A,B,C\n1,0,0\n", (), "no 'count' column"),
        ("A,B,count\n1,2,5\n", (), "row 2, column 'B': list membership must be 0 or 1"),
        ("A,B,count\n1,0,-3\n", (), "row 2, column 'count': counts must be whole numbers"),
        ("A,B,count\n1,0,2.5\n", (), "counts must be whole numbers"),
        ("A,B,count\n0,0,4\n", (), "row 2: the all-zero pattern"),
        ("A,count\n1,4\n", (), "needs at least 2 lists"),
        ("A,B,count\n1,0,4\n", ("province",), "stratum column 'province' is missing"),
        ("A,B,count\n1,0\n", (), "row 2: 2 fields but the header has 3"),
        ("A,B,count,Count\n1,0,4,4\n", (), "column 'count' appears twice"),
        ("year,A,B,count\n1988,1,0,4\n ,0,1,3\n", ("year",), "row 3, column 'year': no stratum"),
    ],
)
def test_it_refuses_a_malformed_table_naming_row_and_column(
    tmp_path: Path, text: str, strata: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CaptureDataError, match=message):
        read_captures(write(tmp_path, text), strata=strata)


def test_it_refuses_more_than_fifteen_lists(tmp_path: Path) -> None:
    names = ",".join(f"L{i}" for i in range(16))
    row = ",".join(["1"] + ["0"] * 15)
    with pytest.raises(CaptureDataError, match="16 list columns; at most 15"):
        read_captures(write(tmp_path, f"{names},count\n{row},3\n"))


def test_it_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaptureDataError, match="file not found"):
        read_captures(tmp_path / "nope.csv")


def test_it_refuses_a_file_that_is_not_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00binary")
    with pytest.raises(CaptureDataError, match="not"):
        read_captures(path)


cells = st.dictionaries(
    st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 1)).filter(any),
    st.integers(0, 500),
    min_size=1,
)


@settings(max_examples=50, deadline=None)
@given(cells)
def test_its_hash_ignores_row_order_and_zero_cells(counts: dict[tuple[int, ...], int]) -> None:
    forward = CaptureHistories.from_counts(["A", "B", "C"], counts)
    backward = CaptureHistories.from_counts(["A", "B", "C"], dict(reversed(list(counts.items()))))
    nonzero = CaptureHistories.from_counts(
        ["A", "B", "C"], {k: v for k, v in counts.items() if v > 0}
    )
    assert forward.sha256() == backward.sha256() == nonzero.sha256()
    assert forward.full_table().sum() == sum(counts.values())


def test_its_hash_changes_with_a_count() -> None:
    one = CaptureHistories.from_counts(["A", "B"], {(1, 0): 5, (1, 1): 2})
    two = CaptureHistories.from_counts(["A", "B"], {(1, 0): 5, (1, 1): 3})
    assert one.sha256() != two.sha256()


def test_a_count_too_large_for_people_is_refused_naming_row_column_and_limit(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "A,B,count\n1,0,10\n0,1,12\n1,1,99999999999999999999\n")
    with pytest.raises(CaptureDataError) as error:
        read_captures(path)
    message = str(error.value)
    assert "captures.csv, row 4, column 'count'" in message
    assert "less than 1,000,000,000,000" in message and "\n" not in message


def test_counts_under_the_limit_are_read_exactly(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,count\n1,0,999999000000\n1,1,3\n0,1,1000\n")
    assert read_captures(path)[None].n_observed == 999_999_000_000 + 3 + 1_000


def test_counts_that_add_up_past_the_limit_are_refused() -> None:
    counts = {(1, 0): 600_000_000_000, (0, 1): 600_000_000_000, (1, 1): 1}
    with pytest.raises(CaptureDataError, match=r"add up to 1,200,000,000,001"):
        CaptureHistories.from_counts(["A", "B"], counts)
    with pytest.raises(CaptureDataError, match=r"less than 1,000,000,000,000"):
        CaptureHistories.from_counts(["A", "B"], {(1, 0): 10**20, (1, 1): 1})


@pytest.mark.parametrize(
    ("header", "column"),
    [("A,B,,count", 3), ("A,B,count,", 4), (",A,B,count", 1), ("A, ,B,count", 2)],
)
def test_a_column_without_a_name_is_refused_wherever_it_is(
    tmp_path: Path, header: str, column: int
) -> None:
    row = ",".join("1" if name.strip() else "0" for name in header.split(","))
    path = write(tmp_path, f"{header}\n{row}\n")
    with pytest.raises(CaptureDataError, match=rf"column {column} has no name in the header row"):
        read_captures(path)
