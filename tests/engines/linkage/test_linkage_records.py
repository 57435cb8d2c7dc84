"""Preparing records: the normalized columns the model links on."""

from khavaran.engines.linkage import ListRecord, prepare


def test_it_puts_a_known_given_name_back_in_the_given_column() -> None:
    table = prepare(
        [
            ListRecord("1", "a", given_name="Ahmadi", family_name="Ali"),
            ListRecord("2", "a", given_name="Seyed Ali", family_name="Ahmadi"),
            ListRecord("3", "b", full_name="Ahmadi Ali"),
        ]
    ).table
    assert table["given_key"].tolist() == ["li"] * 3
    assert table["family_key"].tolist() == ["hmdi"] * 3


def test_it_leaves_a_lone_name_where_the_list_put_it() -> None:
    table = prepare([ListRecord("1", "a", family_name="Ali")]).table
    assert table["given_key"].isna().all() and table.at[0, "family_key"] == "li"


def test_it_leaves_the_order_alone_when_neither_name_is_known() -> None:
    table = prepare([ListRecord("1", "a", given_name="Tabrizi", family_name="Kioumarsian")])
    assert table.table.at[0, "given_key"] == "tbrizi"


def test_it_meets_a_name_written_without_its_inner_h_but_keeps_a_first_h() -> None:
    table = prepare(
        [
            ListRecord("1", "a", given_name="مهدی", family_name="تهرانی"),
            ListRecord("2", "b", given_name="Medi", family_name="Terani"),
            ListRecord("3", "b", given_name="Hassan", family_name="Salei"),
            ListRecord("4", "a", given_name="حسن", family_name="صالحی"),
        ]
    ).table
    assert table.at[0, "given_key"] != table.at[1, "given_key"]
    assert table.at[0, "given_hkey"] == table.at[1, "given_hkey"] == "mdi"
    assert table.at[0, "family_hkey"] == table.at[1, "family_hkey"]
    assert table.at[2, "family_hkey"] == table.at[3, "family_hkey"]
    assert table.at[2, "given_hkey"] == table.at[3, "given_hkey"] == "hsn"


def test_it_gives_each_city_one_key_however_a_list_transliterates_it() -> None:
    spellings = ["تهران", "Tehran", "Teheran", "Teran", "Tihran"]
    table = prepare([ListRecord(str(i), "a", city=c) for i, c in enumerate(spellings)]).table
    assert table["city_key"].nunique() == 1
    others = prepare([ListRecord("1", "a", city="Kerman"), ListRecord("2", "a", city="Kermanshah")])
    assert others.table["city_key"].nunique() == 2


def test_it_notes_a_title_written_in_any_name_column() -> None:
    table = prepare(
        [
            ListRecord("1", "a", given_name="Seyed Ali", family_name="Ahmadi"),
            ListRecord("2", "b", full_name="سید علی احمدی"),
            ListRecord("3", "c", given_name="Ali", family_name="Ahmadi"),
        ]
    ).table
    assert table["titled"].tolist() == [1, 1, 0]
