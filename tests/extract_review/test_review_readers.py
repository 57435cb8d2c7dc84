"""Who may open `khavaran review`, and what its queue shows them: a viewer is refused, as on the
web; a reviewer never learns from a proposal an entity or a claim they may not read."""

from __future__ import annotations

import json

import pytest

from khavaran.accounts.models import User
from khavaran.records import actions
from khavaran.records.models import Person
from tests.factories import ACTOR, make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "Everyone fears Secretalias Hajji these days. Ebrahim Raisi was at the prison. "
    "Raisi said 5,000 prisoners were executed there."
)


@pytest.fixture
def queued(khavaran, tmp_path):
    """A public person whose alias is known only from a confidential testimony, a confidential
    claim about him, and a restricted report the operator ran the extractors on."""
    public = make_source(tmp_path, "Ebrahim Raisi was a prosecutor.", name="public.txt")
    raisi = make_person(make_excerpt(public, "Ebrahim Raisi"))
    testimony = make_source(
        tmp_path,
        "The man they call Secretalias Hajji is Raisi; 300 were executed.",
        name="testimony.txt",
        confidentiality="confidential",
    )
    alias = make_excerpt(testimony, "Secretalias Hajji")
    spec = actions.NameSpec(text="Secretalias Hajji", script="latin", excerpts=[alias])
    actions.add_name(raisi, spec, actor=ACTOR)
    make_claim(
        make_excerpt(testimony, "300 were executed"),
        subject_person=raisi,
        value_number=300,
    )
    report = make_source(tmp_path, TEXT, name="report.txt", confidentiality="restricted")
    assert khavaran("extract", str(report.pk)).exit_code == 0
    assert Person.objects.get(pk=raisi.pk).confidentiality == "public"
    return raisi


def account(name: str, role: str) -> str:
    User.objects.create_user(username=name, password="x" * 12, role=role)
    return name


def mentions(output: str) -> dict[str, str]:
    """Each listed mention's span, with the details line under it."""
    lines = output.splitlines()
    return {
        line.split("⟦")[1].split("⟧")[0]: lines[i + 1].strip() if i + 1 < len(lines) else ""
        for i, line in enumerate(lines)
        if "] mention " in line
    }


@pytest.mark.parametrize("args", [(), ("--list",), ("--json",)])
def test_a_viewer_may_not_open_the_review_queue(khavaran, queued, args):
    result = khavaran("--as", account("p3", "viewer"), "review", *args)
    assert result.exit_code == 1
    assert result.output == (
        "Error: only a reviewer, an analyst, an investigator or an admin may open the "
        "extraction review queue\n"
    )


def test_an_analyst_may_look_at_the_queue_as_on_the_web_but_not_decide(khavaran, queued):
    analyst = account("ana", "analyst")
    assert khavaran("--as", analyst, "review", "--list").exit_code == 0
    decided = khavaran("--as", analyst, "review", "--accept", "1", "--reason", "x")
    assert decided.exit_code == 1 and "only an investigator or an admin" in decided.output


def test_a_deactivated_reviewer_may_not_open_it(khavaran, queued):
    User.objects.filter(username=account("old", "reviewer")).update(is_active=False)
    result = khavaran("--as", "old", "review", "--list")
    assert result.exit_code == 1 and "the account old is deactivated" in result.output


def test_a_mistyped_account_is_named_as_no_account_not_as_a_role(khavaran, queued):
    account("rita", "reviewer")
    typed = khavaran("--as", "ritta", "review", "--accept", "1", "--reason", "x")
    assert typed.exit_code == 1
    assert typed.output.startswith("Error: no account named 'ritta' (see `khavaran user list`)")
    # KHAVARAN_USER may name an operator without an account, but a decision needs one.
    named = khavaran("review", "--accept", "1", "--reason", "x", env={"KHAVARAN_USER": "ritta"})
    assert named.exit_code == 1
    refusal = named.output.splitlines()[-1]
    assert refusal.startswith("Error: no account named 'ritta'; only an investigator")


def test_a_reviewer_sees_no_entity_id_learned_from_a_hidden_name(khavaran, queued):
    result = khavaran("--as", account("rita", "reviewer"), "review", "--list")
    assert result.exit_code == 0, result.output
    shown = mentions(result.output)
    assert "entity_id" not in shown["Secretalias Hajji"]
    # A name the reviewer may read, and its short form, keep the id.
    assert f"entity_id={queued.pk}" in shown["Ebrahim Raisi"]
    assert f"entity_id={queued.pk}" in shown["Raisi"]


def test_the_operator_sees_what_the_extractors_matched(khavaran, queued):
    result = khavaran("review", "--list")
    assert result.exit_code == 0, result.output
    assert f"entity_id={queued.pk}" in mentions(result.output)["Secretalias Hajji"]
    assert "contradicts claim" in result.output


def test_a_reviewer_sees_no_contradiction_of_a_claim_they_may_not_read(khavaran, queued):
    rita = account("rita", "reviewer")
    listed = khavaran("--as", rita, "review", "--list")
    assert listed.exit_code == 0, listed.output
    assert "contradicts claim" not in listed.output and "300" not in listed.output
    as_json = khavaran("--as", rita, "review", "--json")
    values = [json.loads(line)["value"] for line in as_json.stdout.splitlines()]
    assert values and not any("contradicts claim" in (v or "") for v in values)


def test_the_stored_proposals_keep_what_the_extractors_found(khavaran, queued):
    from khavaran.extract.models import StoredProposal

    khavaran("--as", account("rita", "reviewer"), "review", "--list")
    alias = StoredProposal.objects.get(text="Secretalias Hajji")
    assert alias.payload["entity_id"] == str(queued.pk)


def test_the_web_review_panel_hides_the_same_from_a_reviewer(khavaran, queued):
    # The web panel reads the queue through the same rule as the command line.
    from django.test import Client

    from khavaran.extract.models import StoredProposal

    report = StoredProposal.objects.filter(text="Secretalias Hajji").first().source
    client = Client()
    client.force_login(User.objects.get(username=account("rita", "reviewer")))
    page = client.get(f"/review/sources/{report.pk}/").content.decode()
    assert "Secretalias Hajji" in page  # the mention is there...
    assert "contradicts claim" not in page  # ...but not what the reviewer may not read
    assert f"entity_id={queued.pk}" not in page and f">{queued.pk}<" not in page
