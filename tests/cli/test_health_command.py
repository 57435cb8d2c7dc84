"""`khavaran health`: the server's checks for cron or a monitor, one line each (`ok` or the
problem's word, and for the operator what failed), or one JSON object; exits 1 on a problem.
The public `/health` leaves storage to it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError

from tests.factories import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def used(data_dir: Path, tmp_path: Path) -> Path:
    """A data dir that holds a source, as a server's does."""
    make_source(tmp_path, "A first report.", name="a.txt")
    return data_dir


def test_a_healthy_server_says_ok_for_each_check_and_exits_0(khavaran: Any, used: Path) -> None:
    result = khavaran("health")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["database ok", "storage ok"]
    assert re.fullmatch(r"disk ok: \d+ MB free", lines[2])
    assert len(lines) == 3


def test_too_little_room_for_one_largest_file_is_disk_low_and_exits_1(
    khavaran: Any, used: Path, settings: Any
) -> None:
    settings.MAX_FILE_BYTES = 2**62
    result = khavaran("health")
    assert result.exit_code == 1
    [disk] = [line for line in result.output.splitlines() if line.startswith("disk ")]
    assert disk.startswith("disk low: ") and "KHAVARAN_MAX_FILE_BYTES" in disk
    assert str(used / "originals") in disk  # the operator is told where


def test_an_originals_folder_that_is_not_there_is_storage_unwritable(
    khavaran: Any, used: Path, tmp_path: Path
) -> None:
    # A volume that did not mount.
    (used / "originals").rename(tmp_path / "elsewhere")
    result = khavaran("health")
    assert result.exit_code == 1
    assert f"storage unwritable: the originals folder {used / 'originals'}" in result.output
    assert not (used / "originals").exists()  # the check created nothing


def test_json_gives_each_checks_word_and_the_problems(
    khavaran: Any, used: Path, settings: Any
) -> None:
    settings.MAX_FILE_BYTES = 2**62
    result = khavaran("health", "--json")
    assert result.exit_code == 1
    said = json.loads(result.output)
    assert said["ok"] is False
    assert said["checks"] == {"database": "ok", "storage": "ok", "disk": "low"}
    [problem] = said["problems"]
    assert problem["what"] == "disk" and "KHAVARAN_MAX_FILE_BYTES" in problem["message"]


def test_json_of_a_healthy_server_has_no_problems(khavaran: Any, used: Path) -> None:
    said = json.loads(khavaran("health", "--json").output)
    assert said == {
        "ok": True,
        "checks": {"database": "ok", "storage": "ok", "disk": "ok"},
        "problems": [],
    }


def test_a_database_that_stops_answering_is_database_unavailable(
    khavaran: Any, used: Path, monkeypatch: Any
) -> None:
    from khavaran import health

    def down() -> bool:
        return False

    monkeypatch.setattr(health, "database_answers", down)
    result = khavaran("health", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["checks"]["database"] == "unavailable"


def test_a_database_that_cannot_be_opened_is_reported_with_the_other_checks(
    khavaran: Any, used: Path, monkeypatch: Any
) -> None:
    import psycopg

    from khavaran.config import bootstrap

    def unreachable(data_dir: Any) -> None:
        refused = 'connection to server at "db.internal" failed: Connection refused'
        raise OperationalError(refused) from psycopg.OperationalError(refused)

    monkeypatch.setattr(bootstrap, "setup_existing", unreachable)
    result = khavaran("health")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("database unavailable: cannot use the database")
    assert lines[1:] and lines[1] == "storage ok"


def test_only_an_admin_account_may_run_it(khavaran: Any, used: Path, account: Any) -> None:
    result = khavaran("--as", account("vida", "viewer"), "health")
    assert result.exit_code == 1
    assert "only an admin may check the server's health" in result.output
    assert khavaran("--as", account("ada", "admin"), "health").exit_code == 0
