"""`khavaran lists import` reads 08/03/1988 day or month first as the column's own rows say,
says so in its report, and refuses a column that contradicts itself or that no row decides,
until `--date-order` gives the order. Year-first dates (Solar Hijri or ISO) are not concerned."""

from __future__ import annotations

import pytest

from khavaran.analysis.models import ListRecord, VictimList
from khavaran.evidence.models import Source

pytestmark = pytest.mark.django_db


def write_list(tmp_path, dates: list[str], *, header: str = "Date of death", name: str = "l.csv"):
    names = ["Ali Ahmadi", "Reza Karimi", "Hassan Nouri", "Kaveh Nazari", "Iraj Moradi"]
    lines = [f"Full name,{header}", *(f"{n},{d}" for n, d in zip(names, dates, strict=False))]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def death_days(list_name: str = "l") -> dict[int, str]:
    records = ListRecord.objects.filter(victim_list__name=list_name)
    return {r.row_number: r.normalized["death_date_range"]["earliest"] for r in records}


def test_a_month_first_column_is_read_month_first_and_the_report_says_so(khavaran, tmp_path):
    path = write_list(tmp_path, ["08/03/1988", "08/21/1988", "1988", "08/25/1988"])
    result = khavaran("lists", "import", str(path), "--name", "l")
    assert result.exit_code == 0, result.output
    assert (
        "column 'Date of death': read as month/day/year "
        "(decided by 2 rows such as row 2: 08/21/1988)"
    ) in result.output
    # 08/03/1988 is 3 August here, not 8 March: the column says so.
    assert death_days() == {1: "1988-08-03", 2: "1988-08-21", 3: "1988-01-01", 4: "1988-08-25"}


def test_the_audit_log_keeps_how_each_column_was_read(khavaran, tmp_path):
    from khavaran.audit.models import AuditEvent

    path = write_list(tmp_path, ["08/03/1988", "08/21/1988"])
    assert khavaran("lists", "import", str(path), "--name", "l").exit_code == 0
    event = AuditEvent.objects.get(model="analysis.VictimList", action="create")
    assert event.after["date_orders"] == {"Date of death": "mdy"}
    assert khavaran("verify").exit_code == 0


def test_a_day_first_column_is_read_day_first_and_the_report_says_so(khavaran, tmp_path):
    path = write_list(tmp_path, ["08/03/1988", "21.08.1988", "1988-08-15"])
    result = khavaran("lists", "import", str(path), "--name", "l")
    assert result.exit_code == 0, result.output
    assert (
        "column 'Date of death': read as day/month/year (decided by 1 row such as row 2: "
        "21.08.1988)"
    ) in result.output
    assert death_days() == {1: "1988-03-08", 2: "1988-08-21", 3: "1988-08-15"}


@pytest.mark.parametrize("skip", [(), ("--skip-bad-rows",)])
def test_a_column_written_both_ways_is_refused_naming_a_row_of_each(khavaran, tmp_path, skip):
    path = write_list(tmp_path, ["08/03/1988", "21/08/1988", "08/25/1988"])
    result = khavaran("lists", "import", str(path), "--name", "l", *skip)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: l.csv: column 'Date of death' has dates written day first (row 2: 21/08/1988) "
        "and month first (row 3: 08/25/1988); give --date-order dmy or --date-order mdy to "
        "read it one way (the rows that do not fit are then refused, and --skip-bad-rows "
        "imports the others)"
    )
    assert not Source.objects.exists() and not VictimList.objects.exists()


def test_with_date_order_the_rows_that_do_not_fit_it_are_refused(khavaran, tmp_path):
    path = write_list(tmp_path, ["08/03/1988", "21/08/1988", "08/25/1988"])
    result = khavaran(
        "lists", "import", str(path), "--name", "l", "--date-order", "mdy", "--skip-bad-rows"
    )
    assert result.exit_code == 0, result.output
    assert "column 'Date of death': read as month/day/year (--date-order mdy)" in result.output
    assert "refused row 2: column 'Date of death': cannot read \"21/08/1988\"" in result.output
    assert death_days() == {1: "1988-08-03", 3: "1988-08-25"}


def test_a_column_no_row_decides_is_refused_then_read_as_date_order_says(khavaran, tmp_path):
    path = write_list(tmp_path, ["1988-08-15", "08/03/1988", "05/05/1988"])
    refused = khavaran("lists", "import", str(path), "--name", "l", "--skip-bad-rows")
    assert refused.exit_code == 1
    assert refused.output.strip() == (
        "Error: l.csv: column 'Date of death': no row tells whether its dates are "
        "day/month/year or month/day/year (row 2: 08/03/1988 can be either); give "
        "--date-order dmy or --date-order mdy"
    )
    assert not Source.objects.exists()
    accepted = khavaran("lists", "import", str(path), "--name", "l", "--date-order", "mdy")
    assert accepted.exit_code == 0, accepted.output
    assert death_days() == {1: "1988-08-15", 2: "1988-08-03", 3: "1988-05-05"}


def test_date_order_dmy_reads_an_undecided_column_day_first(khavaran, tmp_path):
    path = write_list(tmp_path, ["08/03/1988"])
    result = khavaran("lists", "import", str(path), "--name", "l", "--date-order", "dmy")
    assert result.exit_code == 0, result.output
    assert death_days() == {1: "1988-03-08"}


def test_a_persian_list_no_row_decides_is_read_day_first_and_says_so(khavaran, tmp_path):
    # Persian writes dates day first; a Persian list's 05/08/1988 is 5 August, as before.
    path = tmp_path / "fa.csv"
    path.write_text("نام,تاریخ اعدام\nعلی احمدی,۰۵/۰۸/۱۹۸۸\nرضا کریمی,1367/05/24\n")
    result = khavaran("lists", "import", str(path), "--name", "l")
    assert result.exit_code == 0, result.output
    assert (
        "column 'تاریخ اعدام': read as day/month/year (no row decides it, such as row 1: "
        "۰۵/۰۸/۱۹۸۸, so day first as Persian lists write dates; give --date-order mdy if it "
        "is month first)"
    ) in result.output
    assert death_days() == {1: "1988-08-05", 2: "1988-08-15"}


def test_solar_hijri_and_iso_dates_are_read_as_before_beside_month_first_ones(khavaran, tmp_path):
    # Year first, or with a Solar Hijri year, a date is not month first whatever the column.
    path = write_list(tmp_path, ["1367/05/24", "1988-08-15", "24/05/1367", "08/21/1988"])
    result = khavaran("lists", "import", str(path), "--name", "l")
    assert result.exit_code == 0, result.output
    assert "read as month/day/year (decided by 1 row such as row 4: 08/21/1988)" in result.output
    assert death_days() == {1: "1988-08-15", 2: "1988-08-15", 3: "1988-08-15", 4: "1988-08-21"}


def test_a_column_of_solar_hijri_and_day_first_dates_is_read_as_before(khavaran, tmp_path):
    path = write_list(tmp_path, ["1367/05/24", "21/08/1988", "05/08/1988", "۱۳۶۷/۰۵/۲۴"])
    result = khavaran("lists", "import", str(path), "--name", "l")
    assert result.exit_code == 0, result.output
    assert death_days() == {1: "1988-08-15", 2: "1988-08-21", 3: "1988-08-05", 4: "1988-08-15"}


def test_a_column_without_dates_in_numbers_only_has_no_report_line(khavaran, persian_list):
    result = khavaran("lists", "import", str(persian_list), "--name", "families")
    assert result.exit_code == 0, result.output
    assert "read as" not in result.output
