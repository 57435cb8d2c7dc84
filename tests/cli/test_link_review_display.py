"""`khavaran link review` as a reviewer reads it: one row per field with each record's cell in
its own column, the columns the linkage does not use included, and each date as read beside
what the list wrote, Gregorian with Solar Hijri, as the web's review shows it.

The tester's pair: two rows of one list, the same age, different wards, one dated in Persian.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.analysis.actions import RunData, import_list, record_linkage_run
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import LinkageRun, LinkPair, ListRecord
from tests.factories import ACTOR

pytestmark = pytest.mark.django_db

HEADERS = "Name,Age,Ward,City,Date of execution"
ROWS = ["مرتضی منصوری,31,3,کرج,مرداد ۱۳۶۷", "Mansouri,31,1,Karaj,1988-08-22"]


def memoir_pair(folder: Path) -> LinkPair:
    """The list `memoir` and a run whose one pair, memoir:1 ~ memoir:2, waits for review."""
    path = folder / "memoir.csv"
    path.write_text("\n".join([HEADERS, *ROWS]) + "\n", encoding="utf-8")
    import_list(path, ImportOptions(name="memoir", actor=ACTOR))
    left, right = ListRecord.objects.filter(victim_list__name="memoir").order_by("row_number")
    data = RunData(
        {"threshold": 0.9},
        "test",
        {},
        ["memoir"],
        [(left.pk, right.pk, 0.9, 0.0)],
        [(left.pk, "memoir:1"), (right.pk, "memoir:2")],
    )
    run: LinkageRun = record_linkage_run(data, actor=ACTOR)
    return LinkPair.objects.get(run=run)


def shown(khavaran) -> list[str]:
    result = khavaran("link", "review", "--list")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_a_column_the_linkage_does_not_use_is_one_row_with_both_cells(khavaran, tmp_path):
    memoir_pair(tmp_path)
    lines = shown(khavaran)
    assert [line for line in lines if line.split()[:1] == ["Age"]] == [
        f"    {'Age':<14} {'31':<30} | 31"
    ]
    assert [line for line in lines if line.split()[:1] == ["Ward"]] == [
        f"    {'Ward':<14} {'3':<30} | 1"
    ]


def test_each_date_is_shown_as_read_in_both_calendars_beside_what_was_written(khavaran, tmp_path):
    memoir_pair(tmp_path)
    lines = shown(khavaran)
    written = next(i for i, line in enumerate(lines) if line.split()[:1] == ["death_date"])
    assert "مرداد ۱۳۶۷" in lines[written] and "| 1988-08-22" in lines[written]
    assert lines[written + 1] == (
        f"    {'  read as':<14} {'23 July – 22 August 1988 (Mordad 1367)':<30} | "
        "22 August 1988 (31 Mordad 1367)"
    )
    # A field that is not a date is never "read".
    assert sum("read as" in line for line in lines) == 1
