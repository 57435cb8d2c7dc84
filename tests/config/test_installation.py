"""A data dir and a database belong together by one installation id in both: the rules that
tie a new pair, adopt one from before the id, and refuse a pair that does not belong together
(a mistyped --data-dir beside the production database, a data dir without its database URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.config.installation import (
    ID_FILE,
    Database,
    DataDir,
    Mismatch,
    Verdict,
    decide,
)

SHA = "ab" * 32
DB = "the database khavaran on db.internal"


def data_dir(tmp_path: Path, *, used: bool = False, original: str | None = None) -> DataDir:
    root = tmp_path / "data"
    root.mkdir()
    if used:
        (root / ".setup.lock").touch()
    if original:
        path = root / "originals" / "objects" / original[:2] / original[2:4] / original
        path.parent.mkdir(parents=True)
        path.write_bytes(b"testimony")
    return DataDir.before_opening(root)


def database(
    installation: str | None = None, *, holds_data: bool, first: tuple[int, str] | None = None
) -> Database:
    return Database(DB, installation, holds_data, first)


def test_a_new_data_dir_and_a_new_database_are_tied(tmp_path: Path) -> None:
    assert decide(data_dir(tmp_path), None, database(holds_data=False)) is Verdict.NEW


def test_a_new_data_dir_beside_a_database_that_holds_data_is_refused_naming_both(
    tmp_path: Path,
) -> None:
    new = data_dir(tmp_path)
    with pytest.raises(Mismatch) as refused:
        decide(new, None, database("1" * 32, holds_data=True))
    said = str(refused.value)
    assert said.startswith(f"{DB} already holds Khavaran data but the data dir {new.root} is new")
    assert "check --data-dir (or KHAVARAN_DATA_DIR)" in said and "\n" not in said


def test_a_new_data_dir_beside_a_database_from_before_the_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Mismatch, match="is new"):
        decide(data_dir(tmp_path), None, database(holds_data=True, first=(1, SHA)))


def test_a_data_dir_and_a_database_of_two_installations_are_refused(tmp_path: Path) -> None:
    with pytest.raises(Mismatch) as refused:
        decide(data_dir(tmp_path, used=True), "a" * 32, database("b" * 32, holds_data=True))
    assert "belongs to installation aaaaaaaa but " + DB + " to installation bbbbbbbb" in str(
        refused.value
    )


def test_a_data_dir_without_its_database_url_is_refused(tmp_path: Path) -> None:
    # KHAVARAN_DATABASE_URL missing: a new, empty SQLite database beside the originals.
    with pytest.raises(Mismatch, match="KHAVARAN_DATABASE_URL is probably not set"):
        decide(data_dir(tmp_path, used=True), "a" * 32, database(holds_data=False))


def test_originals_beside_an_empty_database_without_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(Mismatch, match="is not its database"):
        decide(data_dir(tmp_path, original=SHA), None, database(holds_data=False))


def test_a_used_data_dir_is_not_given_to_another_installations_database(tmp_path: Path) -> None:
    with pytest.raises(Mismatch, match="is not its data dir"):
        decide(data_dir(tmp_path, used=True), None, database("b" * 32, holds_data=True))


def test_an_installation_from_before_the_id_is_adopted_when_its_sides_agree(
    tmp_path: Path,
) -> None:
    used = data_dir(tmp_path, used=True, original=SHA)
    assert decide(used, None, database(holds_data=True, first=(1, SHA))) is Verdict.ADOPT


def test_a_used_data_dir_without_the_databases_first_original_is_not_adopted(
    tmp_path: Path,
) -> None:
    # A mistyped data dir that an earlier version filled with one later ingest.
    typo = data_dir(tmp_path, used=True, original="cd" * 32)
    with pytest.raises(Mismatch) as refused:
        decide(typo, None, database(holds_data=True, first=(1, SHA)))
    assert f"the data dir {typo.root} does not hold the original of source 1" in str(refused.value)


def test_a_database_that_recorded_no_source_adopts_a_used_data_dir(tmp_path: Path) -> None:
    used = data_dir(tmp_path, used=True)
    assert decide(used, None, database(holds_data=True)) is Verdict.ADOPT


def test_the_id_is_read_from_the_data_dir_as_it_is_now(tmp_path: Path) -> None:
    new = data_dir(tmp_path)
    assert new.installation() is None
    (new.root / ID_FILE).write_text("c" * 32 + "\n")
    assert new.installation() == "c" * 32


def test_a_tie_cut_short_after_the_database_is_completed_when_the_data_dir_is_its_own(
    tmp_path: Path,
) -> None:
    # `tie` writes the database's id, then the data dir's: killed in between (a full disk),
    # the next command copies the id over instead of refusing the operator for good.
    own = data_dir(tmp_path, used=True, original=SHA)
    verdict = decide(own, None, database("b" * 32, holds_data=True, first=(1, SHA)))
    assert verdict is Verdict.COMPLETE


def test_a_tie_cut_short_on_a_new_pair_is_completed(tmp_path: Path) -> None:
    assert decide(data_dir(tmp_path, used=True), None, database("b" * 32, holds_data=False)) is (
        Verdict.COMPLETE
    )


def test_a_used_data_dir_without_the_first_original_does_not_complete_another_id(
    tmp_path: Path,
) -> None:
    other = data_dir(tmp_path, used=True, original="cd" * 32)
    with pytest.raises(Mismatch, match="is not its data dir"):
        decide(other, None, database("b" * 32, holds_data=True, first=(1, SHA)))
