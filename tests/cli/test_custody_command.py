"""`khavaran custody`: evidence received, transferred, copied or verified after collection is a
link of its chain of custody, recorded only for the bytes that were collected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from khavaran.accounts.actions import create_user
from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import CustodyEvent
from khavaran.verify import verify_all
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_a_transfer_is_recorded_with_who_to_whom_and_the_hash_seen(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(tmp_path, "Witness statement, Evin, 1988.", name="statement.txt")
    result = khavaran(
        "custody", str(source.pk), "transferred", "--by", "Custodian A",
        "--to", "Prosecution office", "--method", "encrypted drive, in person",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "transferred by Custodian A to Prosecution office (SHA-256 checked" in result.output
    event = CustodyEvent.objects.filter(source=source).order_by("pk").last()
    assert (event.action, event.actor, event.sha256_seen) == (
        "transferred", "Custodian A", source.sha256
    )  # fmt: skip
    assert event.note == "to Prosecution office" and event.method == "encrypted drive, in person"
    logged = AuditEvent.objects.filter(action="custody:transferred").get()
    assert logged.after["action"] == "transferred" and logged.object_id == str(event.pk)
    assert verify_all().ok


def test_nothing_is_recorded_for_an_original_that_is_not_the_one_collected(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(tmp_path, "Unique words for this altered original.", name="a.txt")
    original = get_store().path_for(source.sha256)
    kept = original.read_bytes()
    original.chmod(0o600)
    original.write_bytes(kept + b" altered")
    try:
        result = khavaran("custody", str(source.pk), "verified")
    finally:
        original.write_bytes(kept)
        original.chmod(0o400)
    assert result.exit_code == 1
    assert "does not match its recorded SHA-256; run khavaran verify" in result.output
    assert not CustodyEvent.objects.filter(source=source, action="verified").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("transferred",), "say to whom with --to"),
        (("received", "--from", "x" * 151), "--from: a name of at most 150 characters"),
    ],
)
def test_a_custody_event_missing_what_it_needs_is_refused_in_one_line(
    khavaran: Any, tmp_path: Path, data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    source = make_source(tmp_path, "A report.", name="r.txt")
    result = khavaran("custody", str(source.pk), *args)
    assert result.exit_code == 1 and message in result.output
    assert CustodyEvent.objects.filter(source=source).count() == 1  # its collection


def test_only_editors_record_custody_and_only_of_sources_they_may_read(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    secret = make_source(tmp_path, "A confidential file.", confidentiality="confidential")
    create_user("ana", role="analyst", password="a long enough password", actor="t")
    refused = khavaran("--as", "ana", "custody", str(secret.pk), "verified")
    assert refused.exit_code == 1 and "record custody events" in refused.output
    assert khavaran("custody", "999999", "verified").exit_code == 1
    assert CustodyEvent.objects.filter(source=secret).count() == 1
