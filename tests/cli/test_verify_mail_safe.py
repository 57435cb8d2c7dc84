"""What `verify` and `backup` print goes into cron mail (docs/deployment.md): sources are named
by id, confidentiality and short SHA-256 only, and no problem they report carries a file name,
a title, a quote, a person's name or a list's name, which often name a witness. `verify --json`
says the same for a monitor, with the same care."""

from __future__ import annotations

import json

import pytest

from khavaran.analysis.models import ListRecord
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Excerpt, Source
from khavaran.records.models import Name
from tests.audit.tampering import tamper
from tests.factories import make_excerpt, make_person, make_source, make_victim_list

pytestmark = pytest.mark.django_db

WITNESS = ("zahra", "karimi")


@pytest.fixture
def witness(data_dir, tmp_path) -> Source:
    """A confidential testimony whose file name, title, text, passage and person name a witness,
    and a restricted list named after her family."""
    source = make_source(
        tmp_path,
        "Zahra Karimi saw the trucks leave Evin prison at night.",
        name="witness-statement-Zahra-Karimi.txt",
        title="Testimony of Zahra Karimi",
        confidentiality="confidential",
    )
    excerpt = make_excerpt(source, "Zahra Karimi saw the trucks")
    make_person(excerpt, name="Zahra Karimi")
    make_victim_list(tmp_path, "Karimi-family", [1, 2])
    return source


def damage_everything(source: Source) -> None:
    """A failing disk and someone with the database's rights, at once."""
    path = get_store().path_for(source.sha256)
    path.chmod(0o600)
    path.write_bytes(path.read_bytes().replace(b"trucks", b"TRUCKS"))
    Source.objects.filter(pk=source.pk).update(title="Zahra Karimi, second statement")
    Excerpt.objects.filter(source=source).update(quoted_text="Zahra Karimi saw nothing")
    Name.objects.update(text="Zahra Karimi-Tehrani")
    person = Name.objects.get().person
    ListRecord.objects.filter(row_number=1).update(person=person)
    tamper("UPDATE audit_auditevent SET actor = 'Zahra Karimi' WHERE seq = 1")


def named(source: Source) -> str:
    return f"source {source.pk} (confidential, {source.sha256[:12]})"


def assert_nothing_of_the_witness(output: str) -> None:
    assert not any(word in output.lower() for word in WITNESS), output
    assert ".txt" not in output and "Testimony" not in output and "Evin" not in output


def test_verify_names_a_damaged_source_by_id_level_and_hash_only(khavaran, witness):
    damage_everything(witness)
    result = khavaran("verify")
    assert result.exit_code == 1
    assert f"FAIL {named(witness)}: original was altered" in result.output
    # Each kind of problem is there, said without what it is about.
    for said in (
        "no longer matches the text of source",
        "audit event #1",
        "records.Name",
        "evidence.Source",
        "analysis.ListRecord list ",
    ):
        assert said in result.output, said
    assert_nothing_of_the_witness(result.output)


def test_a_list_record_is_named_by_its_lists_id_and_row(khavaran, witness):
    record = ListRecord.objects.get(row_number=1)
    ListRecord.objects.filter(pk=record.pk).update(person=Name.objects.get().person)
    result = khavaran("verify")
    assert result.exit_code == 1
    assert f"FAIL analysis.ListRecord list {record.victim_list_id} row 1: changed outside" in (
        result.output
    )
    assert_nothing_of_the_witness(result.output)


def test_verify_json_reports_the_same_problems_as_careful_and_exits_1(khavaran, witness):
    damage_everything(witness)
    lines = khavaran("verify")
    result = khavaran("verify", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert {"what": named(witness), "message": report["problems"][0]["message"]} in report[
        "problems"
    ]
    assert len(report["problems"]) == lines.output.count("FAIL ")
    assert_nothing_of_the_witness(result.output)


def test_verify_json_on_an_intact_data_dir(khavaran, witness):
    result = khavaran("verify", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] is True and report["problems"] == []
    assert report["checked"]["originals"] == 2  # the testimony and the list's file
    assert report["audit_head"].split(":")[0].isdigit()
    # The same head the lines print, to record elsewhere.
    assert f"audit head: {report['audit_head']} " in khavaran("verify").output


def test_verify_json_reports_a_head_recorded_elsewhere_that_is_gone(khavaran, witness):
    result = khavaran("verify", "--json", "--expect-head", "999999:" + "a" * 64)
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)["problems"]
    assert problem["what"] == "audit head" and "is gone" in problem["message"]


def test_a_refused_backup_names_the_source_by_id_level_and_hash_only(khavaran, witness, tmp_path):
    damage_everything(witness)
    result = khavaran("backup", str(tmp_path / "b.tar"))
    assert result.exit_code == 1
    assert f"the original of {named(witness)} is altered or damaged" in result.output
    assert_nothing_of_the_witness(result.output)
    skipped = khavaran("backup", "--skip-damaged", str(tmp_path / "b.tar"))
    assert skipped.exit_code == 0, skipped.output
    assert f"left out of the backup: the original of {named(witness)}" in skipped.output
    assert_nothing_of_the_witness(skipped.output)
