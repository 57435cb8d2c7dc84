"""`khavaran lists import`: a list is a dataset Source with its original kept, each row a
ListRecord with every field verbatim; a bad file gets one clear line and leaves nothing."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from khavaran.analysis.models import ColumnMapping, ListRecord, VictimList
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Source

pytestmark = pytest.mark.django_db


def nothing_stored() -> bool:
    return (
        not Source.objects.exists()
        and not VictimList.objects.exists()
        and list(get_store().all_hashes()) == []
    )


def test_a_windows_1256_persian_list_is_detected_and_its_headers_mapped(khavaran, persian_list):
    result = khavaran("lists", "import", str(persian_list), "--name", "families")
    assert result.exit_code == 0, result.output
    assert "26 rows read, 26 imported, 0 refused" in result.output
    victim_list = VictimList.objects.get(name="families")
    assert victim_list.encoding == "cp1256"
    assert victim_list.mapping["father_name"] == "نام پدر"
    assert victim_list.mapping["given_name"] == "نام"
    assert victim_list.mapping["death_date"] == "تاريخ اعدام"
    source = victim_list.source
    assert source.kind == "dataset" and source.original_filename == "families.csv"
    assert get_store().path_for(source.sha256).read_bytes() == persian_list.read_bytes()


def test_every_original_field_is_kept_verbatim_beside_the_normalized_ones(khavaran, persian_list):
    khavaran("lists", "import", str(persian_list), "--name", "families")
    record = ListRecord.objects.get(victim_list__name="families", row_number=1)
    # Windows-1256 has only the Arabic yeh: the original keeps it, the normalized form is Persian.
    assert record.original["نام خانوادگي"] == "احمدي"
    assert record.normalized["family_name"] == "احمدی"
    assert record.normalized["birth_year_range"]["earliest"] == "1961-03-21"
    assert record.normalized["death_date_range"]["calendar"] == "solar-hijri"


def test_a_row_with_only_a_full_name_beside_empty_name_columns_is_read_from_it(khavaran, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "given_name,family_name,full_name,city\n"
        "Kaveh,Nazari,Kaveh Nazari,Tehran\n"
        ",,Gholam-Siavash Ziaei-Ghuchani,Arak\n",
        encoding="utf-8",
    )
    result = khavaran("lists", "import", str(path), "--name", "mixed")
    assert result.exit_code == 0, result.output
    assert "2 rows read, 2 imported, 0 refused" in result.output
    first, second = ListRecord.objects.filter(victim_list__name="mixed").order_by("row_number")
    # The name in parts wins where there is one, so the engine reads no name twice...
    assert "full_name" not in first.normalized and first.normalized["given_name"] == "Kaveh"
    assert first.original["full_name"] == "Kaveh Nazari"
    # ...and the whole name is used where the parts are empty.
    assert second.normalized["full_name"] == "Gholam-Siavash Ziaei-Ghuchani"


def test_each_row_is_a_citable_line_of_the_lists_text(khavaran, latin_list):
    khavaran("lists", "import", str(latin_list), "--name", "memorial")
    record = ListRecord.objects.get(victim_list__name="memorial", row_number=2)
    line = record.victim_list.source.text[record.start : record.end]
    assert line.startswith("row 2 | First name: Kave | Last name: Nazary | Father's name: Ebrahim")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-8", b"")],
)
def test_utf8_with_or_without_bom_and_utf16_are_read(khavaran, tmp_path, encoding, prefix):
    path = tmp_path / "list.csv"
    path.write_bytes("نام,نام خانوادگی\nعلی,کاظمی\n".encode(encoding))
    assert path.read_bytes().startswith(prefix)
    result = khavaran("lists", "import", str(path), "--name", "l")
    assert result.exit_code == 0, result.output
    assert ListRecord.objects.get().original == {"نام": "علی", "نام خانوادگی": "کاظمی"}


def test_a_tsv_and_an_xlsx_list_are_read(khavaran, tmp_path):
    (tmp_path / "a.tsv").write_text("Surname\tFirst name\nAhmadi\tAli\n", encoding="utf-8")
    book = Workbook()
    book.active.append(["Full name", "Birth year"])
    book.active.append(["Reza Karimi", 1339])
    book.save(tmp_path / "b.xlsx")
    assert khavaran("lists", "import", str(tmp_path / "a.tsv"), "--name", "a").exit_code == 0
    assert khavaran("lists", "import", str(tmp_path / "b.xlsx"), "--name", "b").exit_code == 0
    xlsx = ListRecord.objects.get(victim_list__name="b")
    assert xlsx.original == {"Full name": "Reza Karimi", "Birth year": "1339"}
    assert ListRecord.objects.get(victim_list__name="a").normalized["given_name"] == "Ali"


def test_a_csv_saved_with_semicolons_is_read_by_its_header(khavaran, tmp_path):
    # What a spreadsheet set to a European locale writes for "CSV"; a name keeps its comma.
    text = 'Surname;First name;Date of execution\n"Ahmadi, Jr.";Ali;1367\n'
    (tmp_path / "semi.csv").write_text(text, encoding="utf-8")
    result = khavaran("lists", "import", str(tmp_path / "semi.csv"), "--name", "semi")
    assert result.exit_code == 0, result.output
    record = ListRecord.objects.get()
    assert record.original == {
        "Surname": "Ahmadi, Jr.",
        "First name": "Ali",
        "Date of execution": "1367",
    }
    assert record.normalized["given_name"] == "Ali"


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_excels_sep_line_names_the_separator_and_is_not_a_row(khavaran, tmp_path, separator):
    # Excel in a semicolon locale writes "sep=;" above the header, and a BOM before it.
    rows = ["Given name", "Family name", "City"], ["Ali", "Ahmadi", "Tehran, Evin"]
    body = "\r\n".join(separator.join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    path = tmp_path / "sepline.csv"
    path.write_text(f"\ufeffsep={separator}\r\n{body}\r\n", encoding="utf-8")
    result = khavaran("lists", "import", str(path), "--name", "sepline")
    assert result.exit_code == 0, result.output
    record = ListRecord.objects.get()
    assert record.original == {"Given name": "Ali", "Family name": "Ahmadi", "City": "Tehran, Evin"}
    assert record.row_number == 1


def test_row_numbers_count_data_rows_from_one_blank_rows_included(khavaran, tmp_path):
    (tmp_path / "l.csv").write_text("Name\nAli Ahmadi\n,\nReza Karimi\n", encoding="utf-8")
    khavaran("lists", "import", str(tmp_path / "l.csv"), "--name", "l")
    assert list(ListRecord.objects.values_list("row_number", flat=True)) == [1, 3]


def test_unrecognized_columns_are_mapped_with_map_and_the_mapping_can_be_saved(khavaran, tmp_path):
    (tmp_path / "a.csv").write_text("Nom complet,Papa\nAli Ahmadi,Hassan\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("Nom complet,Papa\nReza Karimi,Yousef\n", encoding="utf-8")
    result = khavaran(
        "lists",
        "import",
        str(tmp_path / "a.csv"),
        "--name",
        "a",
        "--map",
        "full_name=Nom complet",
        "--map",
        "father_name=Papa",
        "--save-mapping",
        "french",
    )
    assert result.exit_code == 0, result.output
    assert ColumnMapping.objects.get(name="french").fields["father_name"] == "Papa"
    result = khavaran(
        "lists", "import", str(tmp_path / "b.csv"), "--name", "b", "--mapping", "french"
    )
    assert result.exit_code == 0, result.output
    assert ListRecord.objects.get(victim_list__name="b").normalized["father_name"] == "Yousef"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.json", b'{"a": 1}', "give a .csv, .tsv or .xlsx file"),
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", b"Name,City\r\n", "a header line but no rows"),
        ("latin1.csv", b"Name,City\nAli,Tehran\nJos\xe9,Caf\xe9\n", "row 2 (line 3), byte 24"),
        ("cities.csv", b"Town,Prison\nTehran,Evin\n", "--map full_name=COLUMN"),
        ("noname.csv", b"Name,City\nAli,Tehran\n,Tabriz\n", "row 2: no name"),
        ("date.csv", b"Name,Born\nAli,1340\nReza,13x9\n", "row 2: column 'Born': cannot read"),
        ("broken.xlsx", b"PK\x03\x04 not a workbook", "not a readable .xlsx"),
    ],
)  # fmt: skip
def test_a_bad_file_gets_one_clear_line_and_leaves_nothing(
    khavaran, tmp_path, name, content, message
):
    (tmp_path / name).write_bytes(content)
    result = khavaran("lists", "import", str(tmp_path / name), "--name", "l")
    assert result.exit_code == 1
    assert message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert nothing_stored()


def test_with_skip_bad_rows_the_good_rows_are_imported_and_the_bad_reported(khavaran, tmp_path):
    content = "Name,Born\nAli Ahmadi,1340\n,1341\nReza,13x9\nHassan Nouri,1988\n"
    (tmp_path / "l.csv").write_text(content, encoding="utf-8")
    result = khavaran("lists", "import", str(tmp_path / "l.csv"), "--name", "l", "--skip-bad-rows")
    assert result.exit_code == 0, result.output
    assert "4 rows read, 2 imported, 2 refused" in result.output
    assert "refused row 2: no name" in result.output
    assert "refused row 3: column 'Born'" in result.output
    assert list(ListRecord.objects.values_list("row_number", flat=True)) == [1, 4]


def test_a_list_name_and_a_file_are_imported_once(khavaran, persian_list, latin_list):
    khavaran("lists", "import", str(persian_list), "--name", "families")
    again = khavaran("lists", "import", str(persian_list), "--name", "families-2")
    assert again.exit_code == 1
    assert "already imported as list 'families'" in again.output
    taken = khavaran("lists", "import", str(latin_list), "--name", "families")
    assert taken.exit_code == 1 and "a list named 'families' already exists" in taken.output
    assert VictimList.objects.count() == 1 and Source.objects.count() == 1


def test_a_row_with_more_values_than_the_header_is_refused_not_shifted(khavaran, tmp_path):
    # "Rezaei, Hossein" unquoted put Hossein in the father's column, Hassan in the city and
    # dropped Tabriz, without a word.
    path = tmp_path / "c.csv"
    path.write_text(
        "Full name,Father,City\nKaveh Nazari,Ali,Tehran\nRezaei, Hossein,Hassan,Tabriz\n",
        encoding="utf-8",
    )
    result = khavaran("lists", "import", str(path), "--name", "c")
    assert result.exit_code == 1
    assert "row 2: 4 fields but the header has 3" in result.output
    assert not ListRecord.objects.exists()


def test_columns_no_field_reads_are_named_after_the_import(khavaran, tmp_path):
    path = tmp_path / "ngo.csv"
    path.write_text("given name,Surname as given,Held at\nKaveh,Nazari,Evin\n", encoding="utf-8")
    result = khavaran("lists", "import", str(path), "--name", "ngo")
    assert result.exit_code == 0, result.output
    unused = "not used for linking (kept with each record): Surname as given, Held at"
    assert unused in result.output


def test_a_bare_birth_year_from_1200_to_1499_is_read_as_solar_hijri(khavaran, tmp_path):
    # A victim of 1988 born in 1285 was born in 1906, not in the thirteenth century; the
    # linkage engine reads list years the same way.
    from khavaran.analysis.models import ListRecord

    path = tmp_path / "old.csv"
    path.write_text("First name,Last name,Year of birth\nAli,Ahmadi,1285\nReza,Karimi,1960\n")
    result = khavaran("lists", "import", str(path), "--name", "old")
    assert result.exit_code == 0, result.output
    born = {
        r.row_number: r.normalized["birth_year_range"]
        for r in ListRecord.objects.filter(victim_list__name="old")
    }
    assert (born[1]["earliest"], born[1]["calendar"]) == ("1906-03-22", "solar-hijri")
    assert (born[2]["earliest"], born[2]["calendar"]) == ("1960-01-01", "gregorian")
