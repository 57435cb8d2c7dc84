"""accept-clusters offers the Person a new victim probably is, never joins them by itself: a
common name is shared by different people, and only a reviewer can tell (docs/merging.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from khavaran.analysis.actions import RunData, import_list, record_linkage_run
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import LinkageRun, ListRecord
from khavaran.analysis.victims import accept_clusters
from khavaran.records import actions
from khavaran.records.models import Person
from tests.factories import ACTOR, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

ADMIN = SimpleNamespace(is_authenticated=True, is_active=True, role="admin")


def _run(tmp_path: Path, rows: list[str]) -> LinkageRun:
    """A public list of these rows ("given,family,born"), each row a cluster of its own."""
    path = tmp_path / "memorial.csv"
    path.write_text("\n".join(["First name,Last name,Year of birth", *rows]) + "\n", "utf-8")
    import_list(path, ImportOptions(name="memorial", actor=ACTOR, confidentiality="public"))
    records = list(ListRecord.objects.order_by("pk"))
    summary = {"n_clusters": len(records)}
    clusters = [(r.pk, f"c{r.row_number}") for r in records]
    return record_linkage_run(
        RunData({"threshold": 0.9}, "0" * 64, summary, ["memorial"], [], clusters), actor=ACTOR
    )


def _victim(row: int) -> Person:
    person = ListRecord.objects.get(row_number=row).person
    assert person is not None
    return person


def _reviewed(tmp_path: Path, text: str, name: str, **fields: str) -> Person:
    """A person recorded from an article (the extraction review), outside the lists."""
    source = make_source(tmp_path, text, name=f"{abs(hash(text))}.txt")
    return make_person(make_excerpt(source, name), name, **fields)


def test_a_new_victim_named_as_a_person_from_the_articles_is_offered_not_joined(data_dir, tmp_path):
    hamid = _reviewed(tmp_path, "حمید رضایی was executed.", "حمید رضایی", script="persian")
    run = _run(tmp_path, ["Hamid,Rezaei,1960", "Maryam,Hosseini,1962"])

    outcome = accept_clusters(run, actor=ACTOR)

    victim = _victim(1)
    assert outcome.created == 2
    assert outcome.probable == [
        f"cluster c1: the new victim person {victim.pk} (Hamid Rezaei) is probably person "
        f"{hamid.pk}, recorded outside the lists (same name, no contradicting birth date or "
        f"father's name); if one: khavaran people merge {hamid.pk} {victim.pk} --reason TEXT"
    ]
    # Two people still: the reviewer decides.
    assert victim.pk != hamid.pk and not Person.objects.filter(is_deleted=True).exists()
    assert list(hamid.list_records.all()) == []


def test_a_person_born_in_another_year_is_not_offered(data_dir, tmp_path):
    hamid = _reviewed(tmp_path, "Hamid Rezaei, born 1970.", "Hamid Rezaei")
    born = actions.save_fuzzy_date(date(1970, 1, 1), date(1970, 12, 31), original="1970")
    actions.update_record(hamid, {"birth_date": born}, actor=ACTOR, reason="the article")

    outcome = accept_clusters(_run(tmp_path, ["Hamid,Rezaei,1960"]), actor=ACTOR)

    assert outcome.created == 1 and outcome.probable == []


def test_a_person_the_reader_may_not_read_is_not_offered(data_dir, tmp_path):
    """Without a reader, only what the public may read: a witness is not named."""
    witness = _reviewed(tmp_path, "Hamid Rezaei testified.", "Hamid Rezaei")
    actions.update_record(
        witness, {"confidentiality": "confidential"}, actor=ACTOR, reason="a witness"
    )

    outcome = accept_clusters(_run(tmp_path, ["Hamid,Rezaei,1960"]), actor=ACTOR)

    assert outcome.created == 1 and outcome.probable == []


def test_an_admin_reader_is_offered_the_confidential_person(data_dir, tmp_path):
    witness = _reviewed(tmp_path, "Hamid Rezaei testified.", "Hamid Rezaei")
    actions.update_record(
        witness, {"confidentiality": "confidential"}, actor=ACTOR, reason="a witness"
    )

    outcome = accept_clusters(_run(tmp_path, ["Hamid,Rezaei,1960"]), actor=ACTOR, reader=ADMIN)

    assert [line.split(" is probably ")[1].split(",")[0] for line in outcome.probable] == [
        f"person {witness.pk}"
    ]


def test_a_namesake_the_linkage_kept_apart_is_not_offered(data_dir, tmp_path):
    """Two rows of the lists in two clusters: the run (or a reviewer's split) said two people."""
    run = _run(tmp_path, ["Hamid,Rezaei,1960", "Hamid,Rezaei,1961"])

    outcome = accept_clusters(run, actor=ACTOR)

    assert outcome.created == 2 and outcome.probable == []


def test_the_command_prints_the_offer_for_its_reader(data_dir, tmp_path):
    from click.testing import CliRunner

    from khavaran.cli.main import cli

    hamid = _reviewed(tmp_path, "Hamid Rezaei was executed.", "Hamid Rezaei")
    _run(tmp_path, ["Hamid,Rezaei,1960"])
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "link", "accept-clusters"])
    assert result.exit_code == 0, result.output
    assert f"is probably person {hamid.pk}, recorded outside the lists" in result.output
    assert f"khavaran people merge {hamid.pk} " in result.output
