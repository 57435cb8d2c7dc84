"""Web throughput: `python benchmarks/web.py [--sources 100000 --seconds 30 --clients 4]`.

Builds a data dir with `khavaran demo`, grows it to `--sources` sources in bulk SQL
(`benchmarks/web_data.py`: excerpts, custody, people, names, claims, tenures, participations and
their search documents), starts `khavaran serve --workers 2` (gunicorn, threaded workers that
keep connections open) on loopback, signs in as an investigator and drives, for
`--seconds` each, from `--clients` threads with keep-alive `http.client` connections:
  source          1,000 sources across the whole id range, in turn;
  person          the headline person (60 facts, about 120 citations: the heaviest page);
  person_typical  200 ordinary people (about 13 facts each), in turn;
  search          four queries in turn;
  memorial        the public list of victims (`/public/victims/`), its pages in turn, read
                  without signing in; with `--victims N` the data holds N more public victims.
                  The first request (the memorial order not yet cached: the first view after
                  any change) is timed on its own as `memorial_first_view_ms`;
  memorial_name   the memorial's name box: four names in both scripts, in turn.
Prints JSON per page: requests/s, p50/p95/p99/max latency, errors, SQL queries, and the CPU
milliseconds per request of the server and of the load generator (which share the cores, and
which other work on the machine does not change much); and whether the targets are met
(>= 200 requests/s and p95 <= 50 ms on the source and headline person pages, no errors).
`--data DIR` reuses a grown data dir, `--build-only` stops after growing one, `--pages
source,person` drives only those pages.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from itertools import cycle
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# A sibling module, found through the path above.
from web_data import grow

KHAVARAN = str(Path(sys.executable).parent / "khavaran")
PASSWORD = "benchmark password 2026"
QUERIES = ["Raisi commission", "Khavaran", "Montazeri recording", "هیئت مرگ"]
# Family names the grown data gives thousands of victims each, and a given name inside others.
MEMORIAL_NAMES = ["Karimi", "کریمی", "Ahmadi-Tabrizi", "Reza"]


def khavaran(data: Path, *args: str) -> None:
    env = {**os.environ, "KHAVARAN_DATA_DIR": str(data)}
    cmd = [KHAVARAN, "--data-dir", str(data), *args]
    subprocess.run(cmd, check=True, capture_output=True, env=env)


def build(data: Path, total: int, victims: int = 0) -> dict[str, Any]:
    """The demo, an investigator account, then the bulk growth; returns the ids to drive."""
    khavaran(data, "demo", "--no-serve")
    secret = data.parent / "password"
    secret.write_text(PASSWORD)
    khavaran(data, "user", "add", "bench", "--role", "investigator", "--password-file", str(secret))
    # As if the investigator had chosen this password at their first sign-in: an account's
    # password given by `user add` is one-time, and sends every page to the change form.
    # And the public site open, as an admin would open it to publish the memorial.
    with sqlite3.connect(data / "khavaran.sqlite3") as con:
        con.execute("UPDATE accounts_user SET must_change_password = 0 WHERE username = 'bench'")
        con.execute(
            "INSERT OR REPLACE INTO web_sitesettings (id, public_site_enabled, changed_by, "
            "changed_at) VALUES (1, 1, 'benchmark', CURRENT_TIMESTAMP)"
        )
    ids: dict[str, Any] = grow(data / "khavaran.sqlite3", total, victims=victims)
    rng = random.Random(1)
    ids["sources"] = [rng.randint(1, total) for _ in range(1000)]
    ids["total"] = total
    ids["victims"] = victims
    return ids


def page_paths(ids: dict[str, Any]) -> dict[str, list[str]]:
    victims = ids.get("victims", 0)
    return {
        "source": [f"/sources/{pk}/" for pk in ids["sources"]],
        "person": [f"/people/{ids['person']}/"],
        "person_typical": [f"/people/{pk}/" for pk in ids["people"]],
        "search": ["/search/?" + urlencode({"q": q}) for q in QUERIES],
        # The memorial's pages of 50 (`web.pages`), up to the 200th.
        "memorial": [f"/public/victims/?page={k}" for k in range(1, 2 + min(199, victims // 50))],
        # A family looking for a name in the memorial's box, in either script, first page.
        "memorial_name": ["/public/victims/?" + urlencode({"name": n}) for n in MEMORIAL_NAMES],
    }


def count_queries(data: Path, pages: dict[str, list[str]]) -> dict[str, int]:
    """SQL statements per page, through Django's test client on the grown data."""
    from khavaran.config.bootstrap import setup_django

    setup_django(data)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from khavaran.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench"))
    counts = {}
    for name, paths in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(paths[0]).status_code == 200, paths[0]
        counts[name] = len(queries)
    connection.close()
    return counts


def sign_in(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf and token, "no CSRF token on the sign-in page"
    body = urlencode({"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token[1]})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf[1]}",
        "Referer": f"http://127.0.0.1:{port}/login/",
    }
    conn.request("POST", "/login/", body, headers)
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", ""))
    assert session, f"sign-in refused ({response.status})"
    return f"sessionid={session[1]}; csrftoken={csrf[1]}"


def _client(port: int, paths: list[str], cookie: str, stop: float, out: list[Any]) -> None:
    """One keep-alive connection (reopened when the server closes it) until `stop`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    for path in cycle(random.sample(paths, len(paths))):
        if time.monotonic() >= stop:
            break
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
        latencies.append(time.perf_counter() - started)
        errors += not ok
    conn.close()
    out.append((latencies, errors))


def drive(port: int, paths: list[str], cookie: str, seconds: float, clients: int) -> dict[str, Any]:
    out: list[Any] = []
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, paths, cookie, stop, out))
        for _ in range(clients)
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    ms = sorted(x * 1000 for latencies, _ in out for x in latencies)
    return {
        "requests": len(ms),
        "rps": round(len(ms) / elapsed, 1),
        "p50_ms": _percentile(ms, 50),
        "p95_ms": _percentile(ms, 95),
        "p99_ms": _percentile(ms, 99),
        "max_ms": round(ms[-1], 1) if ms else None,
        "errors": sum(e for _, e in out),
    }


def _percentile(sorted_ms: list[float], p: float) -> float | None:
    if not sorted_ms:
        return None
    return round(sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p / 100))], 1)


def server_cpu_s(pid: int) -> float:
    """CPU seconds used so far by the server and its workers (from /proc; Linux only)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid_here = int(stat.parent.name)
        # After the command name: state, ppid, ..., utime and stime are fields 14 and 15.
        if pid_here == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def measure(port: int, pid: int, paths: list[str], cookie: str, args: Any) -> dict[str, Any]:
    """Drive one page; add the CPU time per request of the server and of the load generator,
    which share the machine's cores (the figures that do not depend on what else runs)."""
    server_before, client_before = server_cpu_s(pid), time.process_time()
    result = drive(port, paths, cookie, args.seconds, args.clients)
    requests = max(1, result["requests"])
    server_ms = (server_cpu_s(pid) - server_before) * 1000 / requests
    client_ms = (time.process_time() - client_before) * 1000 / requests
    return {**result, "server_cpu_ms": round(server_ms, 2), "client_cpu_ms": round(client_ms, 2)}


def first_view_ms(port: int, path: str, cookie: str) -> float:
    """One request's time on a server that has not shown `path` yet (nothing cached)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200, f"{path}: {response.status}"
    return round((time.perf_counter() - started) * 1000, 1)


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("khavaran serve exited")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("khavaran serve did not start")


def serve_and_drive(data: Path, pages: dict[str, list[str]], args: Any) -> dict[str, Any]:
    env = {**os.environ, "KHAVARAN_DATA_DIR": str(data)}
    cmd = [KHAVARAN, "--data-dir", str(data), "serve", "--port", str(args.port), "--workers", "2"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(args.port, server)
        cookie = sign_in(args.port)
        results: dict[str, Any] = {}
        for name, paths in pages.items():
            # The public reads the memorial without an account.
            page_cookie = "" if name.startswith("memorial") else cookie
            first = first_view_ms(args.port, paths[-1], page_cookie) if name == "memorial" else None
            # Untimed warm-up: each worker's first requests compile templates and fill caches.
            drive(args.port, paths, page_cookie, args.warmup, args.clients)
            results[name] = measure(args.port, server.pid, paths, page_cookie, args)
            if first is not None:
                results["memorial_first_view_ms"] = first
        return results
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data", type=Path, help="reuse a data dir grown by an earlier run")
    parser.add_argument("--build-only", action="store_true", help="grow a data dir and stop")
    parser.add_argument("--victims", type=int, default=0, help="public victims to add")
    parser.add_argument("--pages", help="comma-separated pages to drive (default: all six)")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.data:
        data, ids = args.data, json.loads((args.data / "benchmark-ids.json").read_text())
    else:
        data = Path(tempfile.mkdtemp(prefix="khavaran-web-bench-")) / "data"
        if not args.build_only:  # --build-only keeps the grown data dir for later runs
            atexit.register(shutil.rmtree, data.parent, ignore_errors=True)
        ids = build(data, args.sources, args.victims)
        (data / "benchmark-ids.json").write_text(json.dumps(ids))
    build_s = time.perf_counter() - started
    if args.build_only:
        print(json.dumps({"data_dir": str(data), "build_s": round(build_s, 1)}))
        return
    pages = page_paths(ids)
    if args.pages:
        pages = {name: pages[name] for name in args.pages.split(",")}
    queries = count_queries(data, pages)
    results = serve_and_drive(data, pages, args)
    for name, count in queries.items():
        results[name]["queries"] = count
    met = all(
        results[p]["rps"] >= 200 and results[p]["p95_ms"] <= 50 and results[p]["errors"] == 0
        for p in ("source", "person")
        if p in results
    )
    report = {
        "sources": ids["total"],
        "victims_added": ids.get("victims", 0),
        "data_dir": str(data),
        "seconds_per_page": args.seconds,
        "clients": args.clients,
        "build_s": round(build_s, 1),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "server": "khavaran serve (gunicorn, 2 workers x 4 threads), load generator on the same"
        " cores",
        "pages": results,
        "targets_met": met,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
