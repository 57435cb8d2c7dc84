"""A custody event names the build that recorded it, not only the version: two builds of one
version can differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.audit.build import tool_version
from khavaran.evidence.models import CustodyEvent
from khavaran.verify import verify_all
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_a_custody_event_records_the_version_and_the_build(data_dir: Path, tmp_path: Path) -> None:
    source = make_source(tmp_path, "A statement.")
    event = CustodyEvent.objects.get(source=source)
    assert event.tool_version == tool_version()
    assert "+" in event.tool_version  # "khavaran 0.1.0+g1a2b3c4", or "+unknown"
    assert verify_all().ok


def test_an_event_recorded_by_an_older_build_still_verifies(data_dir: Path, tmp_path: Path) -> None:
    from khavaran.audit.chain import append
    from khavaran.evidence.actions import custody_state

    source = make_source(tmp_path, "An older statement.")
    old = CustodyEvent.objects.create(
        source=source, action="received", actor="custodian", at=source.created_at,
        method="in person", tool_version="khavaran 0.1.0", sha256_seen=source.sha256,
    )  # fmt: skip
    append(actor="custodian", action="custody:received", model="evidence.CustodyEvent",
           object_id=old.pk, after=custody_state(old))  # fmt: skip
    assert verify_all().ok
