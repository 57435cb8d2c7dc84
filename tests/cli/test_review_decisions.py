"""`khavaran review --accept/--reject`: every decision of one command, or none."""

from __future__ import annotations

import pytest

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


def row(source, kind):
    return StoredProposal.objects.get(source=source, kind=kind)


def all_pending(source) -> bool:
    return not StoredProposal.objects.filter(source=source).exclude(status=Status.PENDING).exists()


def test_an_unknown_id_among_several_decides_nothing(khavaran, source):
    events = AuditEvent.objects.count()
    mention = row(source, "mention")
    result = khavaran("review", "--accept", f"{mention.pk},99999")
    assert result.exit_code == 1 and "no proposal 99999" in result.output
    assert "accepted" not in result.output
    assert all_pending(source) and not Name.objects.exists()
    assert AuditEvent.objects.count() == events


def test_accepting_and_rejecting_one_proposal_is_refused(khavaran, source):
    claim = row(source, "claim")
    result = khavaran("review", "--accept", str(claim.pk), "--reject", str(claim.pk))
    assert result.exit_code == 1
    assert f"proposal {claim.pk} is both accepted and rejected" in result.output
    assert all_pending(source) and not Claim.objects.exists()


def test_one_decided_proposal_among_several_decides_nothing(khavaran, source):
    mention, claim, date = row(source, "mention"), row(source, "claim"), row(source, "date")
    assert khavaran("review", "--reject", str(date.pk)).exit_code == 0
    result = khavaran("review", "--accept", f"{mention.pk},{claim.pk}", "--reject", str(date.pk))
    assert result.exit_code == 1 and f"proposal {date.pk} is already rejected" in result.output
    assert not Name.objects.exists() and not Claim.objects.exists()
    assert row(source, "mention").status == row(source, "claim").status == Status.PENDING


def test_an_id_given_twice_is_decided_once(khavaran, source):
    claim = row(source, "claim")
    result = khavaran("review", "--accept", f"{claim.pk},{claim.pk}")
    assert result.exit_code == 0, result.output
    assert result.output.count(f"accepted {claim.pk}") == 1
    assert Claim.objects.count() == 1
