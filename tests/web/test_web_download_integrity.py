"""Originals are handed out only as collected: one gone from the store, or whose bytes no
longer match their SHA-256, is refused with a page that says so, never served or copied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from khavaran.evidence.actions import get_store
from khavaran.public_ids import public_id
from tests.evidence.test_public_copy_copies import _tagged_wav
from tests.web.test_web_sources import _published

pytestmark = pytest.mark.django_db


@pytest.fixture
def restored() -> Any:
    """Puts back, after the test, each original it damaged: the store outlives a test's
    database, and another test may ingest the same bytes."""
    kept: dict[Path, bytes] = {}
    yield kept
    for path, data in kept.items():
        path.unlink(missing_ok=True)
        path.write_bytes(data)
        path.chmod(0o400)


def _alter(source: Any, restored: dict[Path, bytes]) -> None:
    original = get_store().path_for(source.sha256)
    restored[original] = original.read_bytes()
    original.chmod(0o600)
    data = bytearray(restored[original])
    data[-1] ^= 1
    original.write_bytes(bytes(data))


def _remove(source: Any, restored: dict[Path, bytes]) -> None:
    original = get_store().path_for(source.sha256)
    restored[original] = original.read_bytes()
    original.unlink()


@pytest.mark.parametrize("damage", [_alter, _remove], ids=["altered", "missing"])
def test_staff_are_told_an_original_is_altered_or_missing_instead_of_getting_it(
    client_as: Any, tmp_path: Path, damage: Any, restored: dict[Path, bytes]
) -> None:
    note = tmp_path / "statement.txt"
    note.write_text("The commission met in Evin in the summer of 1988.", encoding="utf-8")
    source = _published(client_as, note)
    assert client_as("investigator").get(f"/sources/{source.pk}/original/").status_code == 200
    damage(source, restored)
    response = client_as("investigator").get(f"/sources/{source.pk}/original/")
    assert response.status_code == 409
    assert "khavaran verify" in response.content.decode()
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )


def test_no_public_copy_is_made_from_an_altered_original(
    client_as: Any, tmp_path: Path, restored: dict[Path, bytes]
) -> None:
    source = _published(client_as, _tagged_wav(tmp_path, seconds=1))
    _alter(source, restored)
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )
    copies = Path(settings.DATA_DIR) / "public_copies"
    assert not [p for p in copies.glob(f"*/*/{source.sha256}.*") if not p.name.endswith(".lock")]
