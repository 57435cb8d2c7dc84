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
