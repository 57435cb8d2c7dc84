"""`khavaran demo`, the README's first command, end to end: a real process, database and server."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import isolated_env

KHAVARAN = str(Path(sys.executable).parent / "khavaran")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sign_in_page(port: int, process: subprocess.Popen[bytes]) -> int:
    for _ in range(240):
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as page:
                return int(page.status)
        except OSError:
            time.sleep(0.5)
    pytest.fail("khavaran demo never served its sign-in page")


@pytest.mark.slow
def test_demo_loads_the_case_serves_it_and_stops_cleanly(tmp_path: Path) -> None:
    data, log, scratch = tmp_path / "data", tmp_path / "demo.log", tmp_path / "tmp"
    scratch.mkdir()
    port = _free_port()
    with isolated_env(data) as env, log.open("wb") as out:
        process = subprocess.Popen(
            [KHAVARAN, "--data-dir", str(data), "demo", "--port", str(port)],
            env={**env, "TMPDIR": str(scratch)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            assert _sign_in_page(port, process) == 200
            # More requests, none retried: workers forked from the loading process used to
            # crash on some of them (intermittently; gunicorn then started new ones).
            for _ in range(20):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as page:
                    assert page.status == 200
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(30)
        # In the same environment: on PostgreSQL it names a database made for this test only.
        verify = subprocess.run(
            [KHAVARAN, "--data-dir", str(data), "verify"], env=env, capture_output=True, text=True
        )
    output = log.read_text(encoding="utf-8")
    assert code == 0, output
    assert "records linked into" in output and "estimates of the total stored" in output
    # Nor on the way out; and Splink's notes no longer bury what the demo prints.
    assert "SIGSEGV" not in output
    assert "not observed in dataset" not in output
    # The linkage's temporary folders are gone, though the demo replaced itself with the server.
    assert list(scratch.iterdir()) == []
    # Everything the demo wrote went through the audited actions: the rows match the log.
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "rows against the log: all intact" in verify.stdout
