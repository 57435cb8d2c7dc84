"""One damaged audit event is set apart, not the whole log: a page marks that event only, and
the comparison of rows with the log skips only the rows whose state rests on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.audit.chain import _hashed_fields, check_chain, event_hash
from khavaran.audit.damage import damaged_by, unconfirmed
from khavaran.audit.models import AuditEvent
from khavaran.audit.replay import drift
from khavaran.evidence.integrity import EVIDENCE
from khavaran.evidence.models import Source
from khavaran.records.actions import update_record
from khavaran.records.integrity import audited_records
from khavaran.records.models import Claim
from tests.audit.tampering import tamper
from tests.factories import make_claim, make_excerpt, make_source

pytestmark = pytest.mark.django_db

CLAIMS = next(a for a in audited_records() if a.model == "records.Claim")
SOURCES = next(a for a in EVIDENCE if a.model == "evidence.Source")


def _events(model: str, object_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(model=model, object_id=str(object_id)).order_by("seq"))


def _two_claims(tmp_path: Path) -> tuple[Claim, Claim]:
    excerpt = make_excerpt(make_source(tmp_path, "Witness A saw the commission in 1988."))
    return make_claim(excerpt), make_claim(excerpt, value_number=4000)


def test_an_intact_log_has_no_damaged_event(data_dir: Path, tmp_path: Path) -> None:
    first, second = _two_claims(tmp_path)
    shown = _events("records.Claim", first.pk) + _events("records.Claim", second.pk)
    assert unconfirmed(shown) == set()
    assert damaged_by(check_chain()) == frozenset()


def test_only_the_altered_event_is_unconfirmed(data_dir: Path, tmp_path: Path) -> None:
    first, second = _two_claims(tmp_path)
    altered = _events("records.Claim", first.pk)[-1]
    tamper("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [altered.pk])
    shown = _events("records.Claim", first.pk) + _events("records.Claim", second.pk)
    assert unconfirmed(shown) == {altered.seq}
    assert damaged_by(check_chain()) == {altered.seq}


def test_an_event_rewritten_with_its_hash_recomputed_is_found_by_the_next_link(
    data_dir: Path, tmp_path: Path
) -> None:
    first, _ = _two_claims(tmp_path)
    event = _events("records.Claim", first.pk)[-1]
    event.reason = "forged"
    forged = event_hash(_hashed_fields(event))
    tamper(
        "UPDATE audit_auditevent SET reason = 'forged', hash = %s WHERE id = %s",
        [forged, event.pk],
    )
    assert event.seq in unconfirmed(_events("records.Claim", first.pk))
    assert event.seq in damaged_by(check_chain())


def test_rows_are_still_compared_past_a_damaged_event(data_dir: Path, tmp_path: Path) -> None:
    first, second = _two_claims(tmp_path)
    damaged = _events("records.Claim", first.pk)[-1]
    tamper("UPDATE audit_auditevent SET actor = 'someone' WHERE id = %s", [damaged.pk])
    Claim.objects.filter(pk=second.pk).update(value_number=1)
    found = {d.object_id: d.message for d in drift(CLAIMS, damaged_by(check_chain()))}
    assert "value_number differs" in found[str(second.pk)]
    assert found[str(first.pk)].startswith("not compared with the audit log: its event #")
    assert set(found) == {str(first.pk), str(second.pk)}


def test_a_later_intact_event_makes_a_row_comparable_again(data_dir: Path, tmp_path: Path) -> None:
    first, _ = _two_claims(tmp_path)
    damaged = _events("records.Claim", first.pk)[-1]
    update_record(first, {"qualifier": "later"}, actor="reviewer", reason="a later change")
    tamper("UPDATE audit_auditevent SET actor = 'someone' WHERE id = %s", [damaged.pk])
    assert list(drift(CLAIMS, damaged_by(check_chain()))) == []
    Claim.objects.filter(pk=first.pk).update(qualifier="behind the log")
    assert [d.object_id for d in drift(CLAIMS, damaged_by(check_chain()))] == [str(first.pk)]


def test_a_custody_report_logged_on_a_source_is_not_read_as_its_state(
    data_dir: Path, tmp_path: Path
) -> None:
    from khavaran.evidence.custody_report import report_custody

    source = make_source(tmp_path, "A statement.")
    report_custody(source, "json", actor="ines", staff=True)
    assert list(drift(SOURCES)) == []
    Source.objects.filter(pk=source.pk).update(title="renamed behind the log")
    assert [d.object_id for d in drift(SOURCES)] == [str(source.pk)]
