"""The audit head recorded outside Khavaran: `verify` and `backup` print it, and `verify
--expect-head` fails when the log was rolled back or rewritten, which the chain alone, held in
the same database, cannot show."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def _head(output: str) -> str:
    found = re.search(r"audit head: (\d+:[0-9a-f]{64})", output)
    assert found is not None, output
    return found.group(1)


def test_verify_prints_the_head_and_accepts_it_later(khavaran: Any, tmp_path: Path) -> None:
    make_source(tmp_path, "A first report.", name="a.txt")
    head = _head(khavaran("verify").output)
    last = AuditEvent.objects.order_by("-seq").first()
    assert head == f"{last.seq}:{last.hash}"
    make_source(tmp_path, "Work goes on.", name="b.txt")
    later = khavaran("verify", "--expect-head", head)
    assert later.exit_code == 0, later.output
    assert "all intact" in later.output and _head(later.output) != head
    assert khavaran("verify", "--expect-head", head[: head.index(":") + 13]).exit_code == 0


def test_a_log_rolled_back_past_the_recorded_head_fails(khavaran: Any, tmp_path: Path) -> None:
    make_source(tmp_path, "A report.", name="a.txt")
    last = AuditEvent.objects.order_by("-seq").first()
    # A head recorded after events this database no longer has (an older copy put back).
    result = khavaran("verify", "--expect-head", f"{last.seq + 5}:{'ab' * 32}")
    assert result.exit_code == 1
    assert f"audit head #{last.seq + 5}, recorded elsewhere, is gone" in result.output
    assert f"the log now ends at #{last.seq}" in result.output


def test_a_rewritten_log_fails_against_the_recorded_head(khavaran: Any, tmp_path: Path) -> None:
    make_source(tmp_path, "A report.", name="a.txt")
    last = AuditEvent.objects.order_by("-seq").first()
    # What a recomputed chain looks like from outside: the same number, another hash.
    result = khavaran("verify", "--expect-head", f"{last.seq}:{'0' * 64}")
    assert result.exit_code == 1 and "the log was rewritten" in result.output


def test_a_head_not_written_as_seq_hash_is_refused_in_one_line(khavaran: Any) -> None:
    result = khavaran("verify", "--expect-head", "yesterday")
    assert result.exit_code == 1
    assert "--expect-head: 'yesterday' is not SEQ:HASH" in result.output


def test_backup_prints_the_files_sha256_and_the_head(khavaran: Any, tmp_path: Path) -> None:
    make_source(tmp_path, "A report.", name="a.txt")
    out = tmp_path / "backup.tar"
    result = khavaran("backup", str(out))
    assert result.exit_code == 0, result.output
    assert f"backup SHA-256: {hashlib.sha256(out.read_bytes()).hexdigest()}" in result.output
    assert _head(result.output)
