"""`khavaran verify` and `khavaran backup` run nightly from cron on small servers: they load
none of the list-reading and linkage libraries (pandas, splink, duckdb), which would take the
process from about 70 MB to about 200 MB, and need none of them to check a list's rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import isolated_env

pytestmark = pytest.mark.slow

HEAVY = ("pandas", "splink", "duckdb")

# Runs the real command line, then writes which of the HEAVY packages the process loaded.
LOADED_AFTER = """
import json, sys
from khavaran.cli.main import main
out, heavy, args = sys.argv[1], tuple(sys.argv[2].split(",")), sys.argv[3:]
try:
    main(args)
finally:
    loaded = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy})
    with open(out, "w") as f:
        json.dump(loaded, f)
"""


def khavaran(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "khavaran.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def loaded_by(env: dict[str, str], out: Path, *args: str) -> list[str]:
    """The HEAVY packages that `khavaran ARGS` loaded; fails the test if the command failed."""
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER, str(out), ",".join(HEAVY), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(out.read_text())


def test_verify_and_backup_check_a_list_without_loading_pandas_splink_or_duckdb(
    tmp_path: Path,
) -> None:
    document = tmp_path / "note.txt"
    document.write_text("A witness statement.\n", encoding="utf-8")
    victims = tmp_path / "victims.csv"
    victims.write_text("full_name,birth_year\nعلی رضایی,1340\nمریم احمدی,؟\n", encoding="utf-8")
    with isolated_env(tmp_path / "data") as env:
        ingested = khavaran(env, "ingest", "--no-extract", str(document))
        assert ingested.returncode == 0, ingested.stdout + ingested.stderr
        # Reading a list does need pandas: this shows the harness sees what a command loads.
        imported = ("lists", "import", "--name", "memorial", str(victims))
        assert "pandas" in loaded_by(env, tmp_path / "import.json", *imported)

        assert loaded_by(env, tmp_path / "verify.json", "verify") == []
        backup = tmp_path / "nightly.tar"
        assert loaded_by(env, tmp_path / "backup.json", "backup", str(backup)) == []
    assert backup.is_file()
