"""`khavaran serve` under systemd's ProtectSystem=strict, and two servers of one account: gunicorn
makes no control socket (in $XDG_RUNTIME_DIR or ~/.gunicorn), which a read-only home refused at
every start and which a second server's stop removed from under the first."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from khavaran.cli.serve import run_server
from tests.processes import isolated_env


def test_gunicorn_is_told_to_make_no_control_socket(monkeypatch: Any, db: None) -> None:
    from gunicorn.app.base import BaseApplication

    seen: dict[str, Any] = {}
    monkeypatch.setattr(BaseApplication, "run", lambda self: seen.update(cfg=self.cfg))
    run_server("127.0.0.1", 8000, workers=1)
    assert seen["cfg"].control_socket_disable is True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                return bool(answer.status == 200 and answer.read() == b"ok\n")
        except OSError:
            time.sleep(0.2)
    return False


@pytest.mark.slow
def test_two_servers_of_one_account_leave_its_home_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with isolated_env(tmp_path / "data") as env:
        env = {**env, "HOME": str(home)}
        env.pop("XDG_RUNTIME_DIR", None)
        ports = [_free_port(), _free_port()]
        servers = [
            subprocess.Popen(
                [sys.executable, "-m", "khavaran.cli", "serve", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for port in ports
        ]
        try:
            assert all(_healthy(port, time.monotonic() + 60) for port in ports)
        finally:
            for server in servers:
                server.terminate()
            errors = [server.communicate(timeout=30)[1] for server in servers]
    assert not (home / ".gunicorn").exists()
    assert not any("Control" in error for error in errors), errors
