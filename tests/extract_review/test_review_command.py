"""`khavaran review`: the pending queue by source, highlighted in its sentence; accept and reject
without prompts."""

from __future__ import annotations

import json

import pytest

from khavaran.accounts.models import User
from khavaran.audit.models import AuditEvent
from khavaran.extract.models import Status, StoredProposal
from khavaran.records.models import Claim, Name
from tests.factories import make_source

pytestmark = pytest.mark.django_db

TEXT = "Ebrahim Raisi said that 5,000 prisoners were executed in 1988."


@pytest.fixture
def source(khavaran, tmp_path):
    source = make_source(tmp_path, TEXT)
    assert khavaran("extract", str(source.pk)).exit_code == 0
    return source


def row(source, **where):
    return StoredProposal.objects.get(source=source, **where)


def test_the_list_groups_by_source_and_highlights_the_span(khavaran, source):
    result = khavaran("review", "--list")
    assert result.exit_code == 0, result.output
    assert f"source {source.pk}: {source.title} (" in result.output
    claim = row(source, kind="claim")
    assert f"[{claim.pk}] claim" in result.output
    assert "Ebrahim Raisi said that ⟦5,000 prisoners⟧ were executed" in result.output


def test_accept_and_reject_take_several_ids(khavaran, source):
    mention, claim = row(source, kind="mention"), row(source, kind="claim")
    date = row(source, kind="date")
    result = khavaran("review", "--accept", f"{mention.pk},{claim.pk}", "--reject", str(date.pk))
    assert result.exit_code == 0, result.output
    assert f"accepted {mention.pk}: new person" in result.output
    assert f"rejected {date.pk}" in result.output
    assert Name.objects.get().text == "Ebrahim Raisi"
    assert Claim.objects.get().value_number == 5000
    listed = khavaran("review", "--json").output.splitlines()
    assert {json.loads(line)["id"] for line in listed}.isdisjoint({mention.pk, claim.pk, date.pk})


def test_the_reviewer_sets_the_question(khavaran, source):
    claim = row(source, kind="claim")
    result = khavaran(
        "review", "--accept", str(claim.pk), "--question", "number-killed:massacre-1988", "--json"
    )
    decision = json.loads(result.output)
    assert decision["status"] == "accepted" and decision["result"].startswith("records.Claim:")
    assert Claim.objects.get().question == "number-killed:massacre-1988"


def test_a_decided_or_unknown_proposal_gets_one_clear_line(khavaran, source):
    date = row(source, kind="date")
    khavaran("review", "--reject", str(date.pk))
    again = khavaran("review", "--accept", str(date.pk))
    assert again.exit_code == 1 and f"proposal {date.pk} is already rejected" in again.output
    unknown = khavaran("review", "--accept", "999")
    assert unknown.exit_code == 1 and "no proposal 999" in unknown.output


def test_a_viewer_may_not_decide(khavaran, source):
    User.objects.create_user(username="vera", password="x" * 12, role="viewer")
    result = khavaran("--as", "vera", "review", "--accept", str(row(source, kind="claim").pk))
    assert result.exit_code == 1 and "investigator" in result.output
    assert not Claim.objects.exists()


# --- Every decision of one command, or none ---------------------------------------------------


def all_pending(source) -> bool:
    return not StoredProposal.objects.filter(source=source).exclude(status=Status.PENDING).exists()


def test_an_unknown_id_among_several_decides_nothing(khavaran, source):
    events = AuditEvent.objects.count()
    mention = row(source, kind="mention")
    result = khavaran("review", "--accept", f"{mention.pk},99999")
    assert result.exit_code == 1 and "no proposal 99999" in result.output
    assert "accepted" not in result.output
    assert all_pending(source) and not Name.objects.exists()
    assert AuditEvent.objects.count() == events


def test_accepting_and_rejecting_one_proposal_is_refused(khavaran, source):
    claim = row(source, kind="claim")
    result = khavaran("review", "--accept", str(claim.pk), "--reject", str(claim.pk))
    assert result.exit_code == 1
    assert f"proposal {claim.pk} is both accepted and rejected" in result.output
    assert all_pending(source) and not Claim.objects.exists()


def test_one_decided_proposal_among_several_decides_nothing(khavaran, source):
    mention, claim, date = (
        row(source, kind="mention"),
        row(source, kind="claim"),
        row(source, kind="date"),
    )
    assert khavaran("review", "--reject", str(date.pk)).exit_code == 0
    result = khavaran("review", "--accept", f"{mention.pk},{claim.pk}", "--reject", str(date.pk))
    assert result.exit_code == 1 and f"proposal {date.pk} is already rejected" in result.output
    assert not Name.objects.exists() and not Claim.objects.exists()
    assert row(source, kind="mention").status == row(source, kind="claim").status == Status.PENDING


def test_an_id_given_twice_is_decided_once(khavaran, source):
    claim = row(source, kind="claim")
    result = khavaran("review", "--accept", f"{claim.pk},{claim.pk}")
    assert result.exit_code == 0, result.output
    assert result.output.count(f"accepted {claim.pk}") == 1
    assert Claim.objects.count() == 1


def test_a_source_that_does_not_exist_is_an_error_not_an_empty_queue(khavaran, source):
    result = khavaran("review", "99999")
    assert result.exit_code == 1 and "no source 99999 you may read" in result.output
