"""`import-facts` on a small case with a confidential testimony: who becomes public, what a wrong
file reports (item and field, never a stack trace, nothing written), and a second import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from khavaran.cli.main import cli
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Source
from khavaran.ingest.case_facts import FactsImportError, import_facts
from khavaran.records.models import Claim, Incident, Person, Post

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

PUBLIC = (
    "Amnesty reported that Nasrin Bahrami was executed in Gohardasht prison in August 1988.\n"
    "The deputy prosecutor Ebrahim Raisi was present.\n"
)
TESTIMONY = (
    "Testimony of Shahrzad Kamali, a former prisoner at Gohardasht.\n"
    "On 10 Mordad 1367 I saw Hossein-Ali Nayyeri read the names of prisoners in the corridor.\n"
    "My cellmate Nasrin Bahrami was taken away that day and never came back.\n"
)


def cite(*pairs: str) -> list[dict[str, str]]:
    return [{"file": f, "quote": q} for f, q in zip(pairs[::2], pairs[1::2], strict=True)]


def person(key: str, name: str, *cites: str) -> dict[str, Any]:
    return {"key": key, "names": [{"text": name, "script": "latin"}], "cite": cite(*cites)}


def small_case() -> dict[str, Any]:
    """A witness and a perpetrator known only from a confidential testimony, a victim named in
    both files, and an official named in the public report."""
    t, p = "testimony.txt", "public.txt"
    return {
        "format": "khavaran-case/1",
        "sources": [
            {"file": t, "kind": "testimony", "confidentiality": "confidential"},
            {"file": p, "kind": "report", "confidentiality": "public"},
        ],
        "people": [
            person("kamali", "Shahrzad Kamali", t, "Shahrzad Kamali"),
            person("bahrami", "Nasrin Bahrami", p, "Nasrin Bahrami was executed", t, "My cellmate"),
            person("nayyeri", "Hossein-Ali Nayyeri", t, "Hossein-Ali Nayyeri"),
            person("raisi", "Ebrahim Raisi", p, "Ebrahim Raisi"),
        ],
        "tenures": [
            {"person": "nayyeri", "post": "Religious judge", "start": "1988-07", "end": "1988-09",
             "cite": cite(t, "Hossein-Ali Nayyeri read the names")},
            {"person": "raisi", "post": "Deputy prosecutor", "start": "1988",
             "cite": cite(p, "The deputy prosecutor Ebrahim Raisi")},
        ],
        "incidents": [
            {"key": "exec-bahrami", "kind": "execution", "title": "Execution of Nasrin Bahrami",
             "start": "1988-08-01", "end": "1988-08-01", "date_as_written": "10 Mordad 1367",
             "calendar_as_written": "solar-hijri", "cite": cite(p, "executed in Gohardasht"),
             "participants": [
                 {"person": "bahrami", "role": "victim", "cite": cite(p, "Bahrami was executed")},
                 {"person": "kamali", "role": "witness", "cite": cite(t, "Testimony of")},
             ]},
        ],
        "claims": [
            {"question": "date:exec-bahrami", "subject": "exec-bahrami", "property": "date",
             "value": "1988-08", "attributed_to": "Amnesty", "cite": cite(p, "in August 1988")},
            {"question": "victims:exec-bahrami", "subject": "exec-bahrami", "value_min": 1,
             "value_max": 2, "cite": cite(p, "Nasrin Bahrami was executed")},
        ],
    }  # fmt: skip


def write_case(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "public.txt").write_text(PUBLIC, encoding="utf-8")
    (folder / "testimony.txt").write_text(TESTIMONY, encoding="utf-8")
    (folder / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder / "case.json"


def edited(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = small_case()
    change(data)
    return data


def refused(tmp_path: Path, data: dict[str, Any]) -> str:
    """The problems reported for a file that must import nothing at all."""
    with pytest.raises(FactsImportError) as raised:
        import_facts(write_case(tmp_path / "case", data), actor="tester")
    assert not Source.objects.exists() and not Person.objects.exists()
    assert list(get_store().all_hashes()) == []
    return "\n".join(raised.value.problems)


# --- Who becomes public -------------------------------------------------------------------------


def test_a_person_named_only_in_a_confidential_testimony_stays_confidential(data_dir, tmp_path):
    import_facts(write_case(tmp_path / "case", small_case()), actor="tester")
    levels = dict(Person.objects.values_list("key", "confidentiality"))
    assert levels == {
        "kamali": "confidential",
        "nayyeri": "confidential",
        "bahrami": "public",
        "raisi": "public",
    }


def test_a_public_export_holds_no_name_known_only_from_the_testimony(
    data_dir, tmp_path, monkeypatch
):
    import_facts(write_case(tmp_path / "case", small_case()), actor="tester")
    monkeypatch.setenv("KHAVARAN_DATA_DIR", str(data_dir))
    monkeypatch.delenv("KHAVARAN_USER", raising=False)
    exported = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), "export", "--format", "jsonl", "--level", "public"]
    )
    assert exported.exit_code == 0, exported.output
    assert "Nasrin Bahrami" in exported.stdout and "Ebrahim Raisi" in exported.stdout
    for hidden in ("Kamali", "Nayyeri", "kamali", "nayyeri", "Religious judge"):
        assert hidden not in exported.stdout


def test_a_post_known_only_from_the_testimony_is_confidential(data_dir, tmp_path):
    import_facts(write_case(tmp_path / "case", small_case()), actor="tester")
    levels = dict(Post.objects.values_list("title", "confidentiality"))
    assert levels == {"Religious judge": "confidential", "Deputy prosecutor": "public"}


def test_a_person_s_level_in_the_file_raises_it_but_never_lowers_it(data_dir, tmp_path):
    data = small_case()
    data["people"][3]["confidentiality"] = "restricted"
    data["people"][0]["confidentiality"] = "public"
    import_facts(write_case(tmp_path / "case", data), actor="tester")
    assert Person.objects.get(key="raisi").confidentiality == "restricted"
    assert Person.objects.get(key="kamali").confidentiality == "confidential"


def test_a_second_file_can_raise_a_known_person_s_level(data_dir, tmp_path):
    import_facts(write_case(tmp_path / "one", small_case()), actor="tester")
    data = small_case()
    data["people"][1]["confidentiality"] = "confidential"
    import_facts(write_case(tmp_path / "two", data), actor="tester")
    assert Person.objects.get(key="bahrami").confidentiality == "confidential"


# --- Wrong files: the item and the field, nothing written ---------------------------------------


def _del(item: dict[str, Any], name: str) -> None:
    del item[name]


WRONG: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "names missing": (lambda d: _del(d["people"][0], "names"), 'people[0] (kamali): "names"'),
    "names as text": (
        lambda d: d["people"][0].update(names="Shahrzad Kamali"),
        'people[0] (kamali): "names" must be a list',
    ),
    "name without text": (
        lambda d: d["people"][0]["names"][0].pop("text"),
        'people[0] (kamali) name[0]: "text" is missing',
    ),
    "people as object": (lambda d: d.update(people={"a": 1}), '"people" must be a list'),
    "a person as text": (lambda d: d["people"].append("x"), "people[4]: must be an object"),
    "role missing": (
        lambda d: _del(d["incidents"][0]["participants"][0], "role"),
        'incidents[0] (exec-bahrami) participant[0]: "role" is missing',
    ),
    "question missing": (lambda d: _del(d["claims"][0], "question"), 'claims[0]: "question"'),
    "title missing": (
        lambda d: _del(d["incidents"][0], "title"),
        'incidents[0] (exec-bahrami): "title" is missing',
    ),
    "unknown level": (
        lambda d: d["sources"][0].update(confidentiality="secret"),
        "sources[0]: \"confidentiality\" is the text 'secret'; "
        "write one of: public, restricted, confidential",
    ),
    "source without file": (lambda d: d["sources"].append({"title": "x"}), 'sources[2]: "file"'),
    "tenure without cite": (lambda d: _del(d["tenures"][0], "cite"), 'tenures[0]: "cite"'),
    "empty cite": (lambda d: d["claims"][0].update(cite=[]), 'claims[0]: "cite" is empty'),
    "cite as text": (
        lambda d: d["claims"][0].update(cite=["public.txt"]),
        "claims[0] cite[0]: must be an object",
    ),
    "key too long": (
        lambda d: d["people"][0].update(key="k" * 101),
        '"key" is 101 characters long; at most 100 are kept',
    ),
}


@pytest.mark.parametrize("change, expected", WRONG.values(), ids=WRONG.keys())
def test_a_wrong_field_is_reported_by_item_and_field_and_nothing_is_imported(
    data_dir, tmp_path, change, expected
):
    assert expected in refused(tmp_path, edited(change))


def test_the_command_reports_a_wrong_field_in_one_line_without_a_stack_trace(
    data_dir, tmp_path, monkeypatch
):
    path = write_case(tmp_path / "case", edited(lambda d: _del(d["people"][0], "names")))
    monkeypatch.setenv("KHAVARAN_DATA_DIR", str(data_dir))
    monkeypatch.delenv("KHAVARAN_USER", raising=False)
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "import-facts", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines()[0] == 'case.json: people[0] (kamali): "names" is missing'
    assert not Person.objects.exists()


def test_every_wrong_item_is_reported_at_once(data_dir, tmp_path):
    def two_mistakes(d: dict[str, Any]) -> None:
        del d["claims"][0]["question"]
        del d["incidents"][0]["title"]

    problems = refused(tmp_path, edited(two_mistakes)).splitlines()
    assert len(problems) == 2


# --- Values the importer used to change silently ------------------------------------------------


def test_an_unknown_role_is_refused_with_the_roles_there_are(data_dir, tmp_path):
    data = edited(lambda d: d["incidents"][0]["participants"][1].update(role="witnes"))
    assert (
        "incidents[0] (exec-bahrami) participant[1]: \"role\" is the text 'witnes'; "
        "write one of: victim, perpetrator, ordering_authority, witness, present"
    ) in refused(tmp_path, data)


@pytest.mark.parametrize(
    "where, change",
    [
        ("sources[0]", {"kind": "interview"}),
        ("incidents[0] (exec-bahrami)", {"kind": "massacre"}),
        ("tenures[0]", {"confidence": "certain"}),
    ],
)
def test_an_unknown_kind_or_confidence_is_refused(data_dir, tmp_path, where, change):
    section, i = where.split("[")[0], int(where.split("[")[1][0])
    data = edited(lambda d: d[section][i].update(change))
    assert f'{where}: "{next(iter(change))}" is the text' in refused(tmp_path, data)


def test_a_name_keeps_the_kind_the_file_gives_it_and_is_a_birth_name_otherwise(data_dir, tmp_path):
    data = edited(
        lambda d: d["people"][3]["names"].append(
            {"text": "Ebrahim Raisol-Sadati", "script": "latin", "kind": "alias"}
        )
    )
    import_facts(write_case(tmp_path / "case", data), actor="tester")
    kinds = dict(Person.objects.get(key="raisi").names.values_list("text", "kind"))
    assert kinds == {"Ebrahim Raisi": "birth", "Ebrahim Raisol-Sadati": "alias"}


def test_an_unknown_name_kind_is_refused_with_the_kinds_there_are(data_dir, tmp_path):
    data = edited(lambda d: d["people"][3]["names"][0].update(kind="nickname"))
    problems = refused(tmp_path, data)
    assert "people[3] (raisi) name[0]: \"kind\" is the text 'nickname'" in problems
    assert "alias" in problems and "transliteration" in problems


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"value": [1, 2]}, '"value" must be a text or a number, not a list'),
        ({"value": True}, '"value" must be a text or a number, not true'),
        ({"value": None}, '"value" is missing: give "value", or "value_min" and "value_max"'),
        ({"value": None, "value_min": 5, "value_max": 2}, '"value_min" 5 is above "value_max" 2'),
    ],
)
def test_a_claim_without_a_value_it_can_keep_is_refused(data_dir, tmp_path, change, expected):
    data = edited(lambda d: d["claims"][0].update(change))
    assert f"claims[0]: {expected}" in refused(tmp_path, data)


# --- Importing again ----------------------------------------------------------------------------


def test_importing_the_same_file_again_adds_no_claim(data_dir, tmp_path):
    path = write_case(tmp_path / "case", small_case())
    import_facts(path, actor="tester")
    again = import_facts(path, actor="tester")
    assert again.claims == 0 and again.people == 0 and again.tenures == 0
    assert again.as_dict()["excerpts"] == 0  # the same passages, cited again, are not new
    assert Claim.objects.count() == 2


def test_importing_again_after_a_merge_adds_to_the_kept_person_not_a_new_duplicate(
    data_dir, tmp_path
):
    from khavaran.records.merging import merge_people
    from tests.factories import make_excerpt, make_person, make_source

    path = write_case(tmp_path / "case", small_case())
    import_facts(path, actor="tester")
    # Recorded under a key of its own, which the merge keeps.
    recorded = make_person(make_excerpt(make_source(tmp_path, "Nasrin Bahrami, 1960-1988.")),
                           name="Nasrin Bahrami", key="n-bahrami-1960")  # fmt: skip
    imported = Person.objects.get(key="bahrami")
    merge_people(recorded, [imported], actor="tester", reason="one woman, two records")
    again = import_facts(path, actor="tester")
    assert again.people == 0
    assert Person.objects.filter(is_deleted=False, names__text="Nasrin Bahrami").count() == 1


def test_the_same_claim_from_another_passage_is_another_version(data_dir, tmp_path):
    import_facts(write_case(tmp_path / "one", small_case()), actor="tester")
    data = small_case()
    data["claims"][0]["cite"] = cite("testimony.txt", "10 Mordad 1367")
    summary = import_facts(write_case(tmp_path / "two", data), actor="tester")
    assert summary.claims == 1 and Claim.objects.count() == 3


@pytest.mark.skipif(not CORPUS.exists(), reason="the reference corpus is not beside the project")
def test_importing_the_reference_case_twice_keeps_ten_claims(data_dir):
    import_facts(CORPUS / "case-1988.json", actor="tester")
    import_facts(CORPUS / "case-1988.json", actor="tester")
    assert Claim.objects.count() == 10


# --- Dates --------------------------------------------------------------------------------------


def test_a_solar_hijri_date_in_start_is_refused_with_its_gregorian_day(data_dir, tmp_path):
    data = edited(lambda d: d["incidents"][0].update(start="1367-05-10"))
    problems = refused(tmp_path, data)
    assert "incidents[0] (exec-bahrami): \"start\" '1367-05-10' is a solar-hijri date" in problems
    assert "are Gregorian" in problems and "1367-05-10 solar-hijri is 1988-08-01" in problems


def test_a_date_as_written_that_disagrees_with_start_and_end_is_refused(data_dir, tmp_path):
    data = edited(lambda d: d["incidents"][0].update(start="1989-08-01", end="1989-08-01"))
    assert (
        '"date_as_written" \'10 Mordad 1367\' is 1988-08-01, outside "start" and "end" '
        "(1989-08-01 to 1989-08-01)"
    ) in refused(tmp_path, data)


def test_an_end_before_the_start_is_refused(data_dir, tmp_path):
    data = edited(lambda d: d["tenures"][0].update(start="1988-09", end="1988-07"))
    assert "tenures[0]: \"end\" '1988-07' is before \"start\" '1988-09'" in refused(tmp_path, data)


def test_a_month_that_does_not_exist_names_the_item_and_field(data_dir, tmp_path):
    data = edited(lambda d: d["incidents"][0].update(start="1988-13"))
    assert "incidents[0] (exec-bahrami): \"start\" '1988-13': month 13" in refused(tmp_path, data)


def test_a_gregorian_date_with_its_solar_hijri_words_keeps_both(data_dir, tmp_path):
    import_facts(write_case(tmp_path / "case", small_case()), actor="tester")
    start = Incident.objects.get(key="exec-bahrami").start
    assert start is not None
    assert (start.earliest.isoformat(), start.original, start.calendar) == (
        "1988-08-01",
        "10 Mordad 1367",
        "solar-hijri",
    )


def test_the_words_as_written_go_to_the_date_they_describe_only(data_dir, tmp_path):
    # "10 Mordad 1367" is the first day; the end is September 1988 as the file gives it.
    data = edited(lambda d: d["incidents"][0].update(end="1988-09"))
    import_facts(write_case(tmp_path / "case", data), actor="tester")
    incident = Incident.objects.get(key="exec-bahrami")
    assert (incident.start.original, incident.start.calendar) == ("10 Mordad 1367", "solar-hijri")
    assert (incident.end.original, incident.end.calendar) == ("1988-09", "gregorian")


def test_words_for_a_whole_period_go_to_both_its_ends(data_dir, tmp_path):
    # Mordad 1367 is 23 July to 22 August 1988: it meets both months.
    data = edited(
        lambda d: d["incidents"][0].update(
            start="1988-07", end="1988-08", date_as_written="Mordad 1367"
        )
    )
    import_facts(write_case(tmp_path / "case", data), actor="tester")
    incident = Incident.objects.get(key="exec-bahrami")
    assert incident.start.original == incident.end.original == "Mordad 1367"


def test_importing_a_tenure_again_stores_no_new_date(data_dir, tmp_path):
    from khavaran.evidence.models import FuzzyDate

    path = write_case(tmp_path / "case", small_case())
    import_facts(path, actor="tester")
    dates = FuzzyDate.objects.count()
    import_facts(path, actor="tester")
    assert FuzzyDate.objects.count() == dates
