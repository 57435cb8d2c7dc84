"""`khavaran case`: open, accuse, link, show and export a cited case file; errors in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khavaran.records.models import ElementLink
from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(tmp_path: Path, data_dir: Path):
    public = make_excerpt(make_source(tmp_path, "Raisi sat on the commission in 1988."))
    secret = make_excerpt(
        make_source(
            tmp_path, "A witness saw him at Evin.", name="w.txt", confidentiality="confidential"
        )
    )
    return {"public": public, "secret": secret, "person": make_person(public)}


def test_it_builds_a_case_and_exports_it_with_every_link_and_source(khavaran, evidence, tmp_path):
    person, public = evidence["person"], evidence["public"]
    case_id = khavaran("case", "add", "Tehran", "--crime", "cah.murder").output.strip()
    assert khavaran("case", "accuse", case_id, str(person.pk)).exit_code == 0
    linked = khavaran(
        "case",
        "link",
        case_id,
        "cah.murder.1",
        "--excerpt",
        str(public.pk),
        "--person",
        str(person.pk),
        "--strength",
        "moderate",
        "--note",
        "member",
    )
    assert linked.exit_code == 0, linked.output
    shown = khavaran("case", "show", case_id).output
    assert "cah.murder.1\tlink" in shown and "GAP" in shown
    target = tmp_path / "case.md"
    assert khavaran("case", "export", case_id, "-o", str(target)).exit_code == 0
    text = target.read_text()
    assert f"“{public.quoted_text}”" in text
    assert f"[1] {public.source.title}" in text and public.source.sha256 in text
    assert "1 of 1 elements supported for every accused" in text


def test_the_export_holds_nothing_above_the_readers_level(khavaran, account, evidence, tmp_path):
    person = evidence["person"]
    # The attack is a contextual element of crimes against humanity: the case alleges one.
    added = khavaran("case", "add", "T", "--crime", "cah.murder", "--confidentiality", "public")
    case_id = added.output.strip()
    khavaran("case", "accuse", case_id, str(person.pk))
    for key in ("public", "secret"):
        khavaran(
            "case",
            "link",
            case_id,
            "cah.context.attack",
            "--excerpt",
            str(evidence[key].pk),
            "--strength",
            "strong",
            "--confidentiality",
            "public",
        )
    assert ElementLink.objects.count() == 2
    account("vida", "viewer")
    target = tmp_path / "public.json"
    result = khavaran(
        "--as", "vida", "case", "export", case_id, "--format", "json", "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text())
    text = target.read_text()
    assert "witness" not in text.lower()
    assert all("collected_by" not in s and "origin" not in s for s in data["sources"])
    assert data["reader_level"] == "public"


def test_a_failed_export_leaves_no_partial_file(khavaran, tmp_path, data_dir):
    case_id = khavaran("case", "add", "T").output.strip()
    target = tmp_path / "missing-folder" / "case.md"
    result = khavaran("case", "export", case_id, "-o", str(target))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "cannot write" in result.output
    assert not target.parent.exists() or not list(target.parent.iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("case", "show", "99999999999999999999999"), "case ids are whole numbers"),
        (("case", "show", "42"), "no case 42 that you may read"),
        (("case", "accuse", "1", "abc"), "no case 1"),
        (("case", "add", "T", "--crime", "cah.genocide"), "unknown crime 'cah.genocide'"),
        (("case", "export", "1", "--format", "pdf", "-o", "x"), "unknown case file format"),
    ],
)
def test_errors_are_one_line(khavaran, data_dir, args, message):
    result = khavaran(*args)
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_a_link_without_a_citation_is_refused(khavaran, evidence):
    case_id = khavaran("case", "add", "T", "--crime", "cah.murder").output.strip()
    result = khavaran("case", "link", case_id, "cah.context.attack", "--strength", "weak")
    assert result.exit_code == 1 and "needs at least one excerpt" in result.output


def test_a_viewer_may_not_open_a_case(khavaran, account, data_dir):
    account("vida", "viewer")
    result = khavaran("--as", "vida", "case", "add", "T")
    assert result.exit_code == 1 and "only an investigator or an admin" in result.output


def test_the_list_counts_only_the_accused_the_reader_may_see(khavaran, account, evidence):
    witness = make_person(evidence["secret"], "A protected witness", confidentiality="confidential")
    case_id = khavaran("case", "add", "T").output.strip()
    for person in (evidence["person"], witness):
        assert khavaran("case", "accuse", case_id, str(person.pk)).exit_code == 0
    assert "\t2 accused\t" in khavaran("case", "list").output
    account("ana", "analyst")
    listed = khavaran("--as", "ana", "case", "list").output
    assert "\t1 accused\t" in listed
    assert listed.count("accused") == 1


def test_an_accused_is_withdrawn_with_a_reason(khavaran, evidence):
    from khavaran.audit.models import AuditEvent
    from khavaran.records.models import Accused

    person = evidence["person"]
    case_id = khavaran("case", "add", "T").output.strip()
    khavaran("case", "accuse", case_id, str(person.pk))
    refused = khavaran("case", "withdraw", case_id, str(person.pk))
    assert refused.exit_code != 0 and "--reason" in refused.output
    done = khavaran("case", "withdraw", case_id, str(person.pk), "--reason", "wrong person")
    assert done.exit_code == 0, done.output
    assert not Accused.objects.filter(case_id=case_id).exists()
    event = AuditEvent.objects.get(model="records.Accused", action="delete")
    assert event.reason == "wrong person" and event.before["person_id"] == person.pk
    again = khavaran("case", "withdraw", case_id, str(person.pk), "--reason", "again")
    assert again.exit_code == 1 and "is not accused" in again.output


def test_show_marks_contradicting_evidence_as_no_support(khavaran, evidence):
    person, public = evidence["person"], evidence["public"]
    case_id = khavaran("case", "add", "T", "--crime", "cah.murder").output.strip()
    khavaran("case", "accuse", case_id, str(person.pk))
    args = ("--excerpt", str(public.pk), "--person", str(person.pk))
    khavaran("case", "link", case_id, "cah.murder.1", *args, "--strength", "contradicts")
    shown = khavaran("case", "show", case_id).output
    assert "cah.murder: 1 of 1 elements without supporting evidence, 0 contested" in shown
    assert "Ebrahim Raisi: no supporting evidence" in shown


def test_a_mode_of_liability_is_linked_for_the_crime_it_concerns(khavaran, evidence):
    person, public = evidence["person"], evidence["public"]
    case_id = khavaran(
        "case", "add", "T", "--crime", "cah.murder", "--crime", "cah.imprisonment"
    ).output.strip()
    khavaran("case", "accuse", case_id, str(person.pk))
    args = ("--excerpt", str(public.pk), "--person", str(person.pk), "--strength", "strong")
    refused = khavaran("case", "link", case_id, "liability.ordering", *args)
    assert refused.exit_code == 1 and refused.output.count("\n") == 1
    assert "--crime" in refused.output and "cah.murder, cah.imprisonment" in refused.output
    linked = khavaran("case", "link", case_id, "liability.ordering", *args, "--crime", "cah.murder")
    assert linked.exit_code == 0, linked.output
    assert ElementLink.objects.get(pk=int(linked.output)).crime == "cah.murder"
    ordering = next(
        line
        for line in khavaran("case", "show", case_id).output.splitlines()
        if "liability.ordering" in line
    )
    assert f"link {linked.output.strip()} strong for cah.murder" in ordering
    assert (
        "Ebrahim Raisi (cah.murder): supported; "
        "Ebrahim Raisi (cah.imprisonment): no supporting evidence" in (ordering)
    )


def test_knowledge_of_the_attack_is_linked_for_an_accused(khavaran, evidence):
    person, public = evidence["person"], evidence["public"]
    case_id = khavaran("case", "add", "T", "--crime", "cah.murder").output.strip()
    khavaran("case", "accuse", case_id, str(person.pk))
    args = ("--excerpt", str(public.pk), "--strength", "weak")
    refused = khavaran("case", "link", case_id, "cah.context.knowledge", *args)
    assert refused.exit_code == 1 and "say which person (--person)" in refused.output
    linked = khavaran(
        "case", "link", case_id, "cah.context.knowledge", *args, "--person", str(person.pk)
    )
    assert linked.exit_code == 0, linked.output
    shown = khavaran("case", "show", case_id).output
    assert "cah.context.knowledge\tlink" in shown and "Ebrahim Raisi: supported" in shown


def test_verify_is_intact_after_a_claim_raised_the_links_resting_on_it(khavaran, evidence):
    from khavaran.records.actions import update_record
    from tests.factories import make_case, make_claim, make_link

    person, public = evidence["person"], evidence["public"]
    claim = make_claim(public)
    case = make_case(person)
    link = make_link(case, "cah.murder.1", public, person=person, claim=claim)
    update_record(claim, {"confidentiality": "confidential"}, actor="t", reason="a witness")
    assert ElementLink.objects.get(pk=link.pk).confidentiality == "confidential"
    result = khavaran("verify")
    assert result.exit_code == 0, result.output
    assert "rows against the log: all intact" in result.output
