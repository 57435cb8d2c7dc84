"""Web throughput: `python benchmarks/web.py [--sources 100000 --seconds 30 --clients 8]`.

Builds a data dir with `khavaran demo`, grows it to `--sources` sources (bulk rows cloned from
the demo's texts, indexed for search by the FTS triggers), starts `khavaran serve` (gunicorn,
2 workers) on loopback, signs in as an investigator and drives the source page, the person page
and the search page for `--seconds` each from `--clients` keep-alive connections on loopback.
Prints JSON: requests/s, p50/p95/max latency and errors per page, and the targets met
(>= 200 requests/s and p95 <= 50 ms on the source and person pages, no errors).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

KHAVARAN = str(Path(sys.executable).parent / "khavaran")
PASSWORD = "benchmark password 2026"


def grow(data: Path, total: int) -> dict[str, int]:
    """Clone the demo's sources until there are `total` (run in a child with Django set up)."""
    code = f"""
import hashlib
from khavaran.config.bootstrap import setup_django
setup_django({str(data)!r})
from khavaran.evidence.models import Source
from khavaran.search.models import SearchDocument
from khavaran.records.models import Person
seeds = list(Source.objects.filter(confidentiality="public"))
have = Source.objects.count()
batch = []
for i in range(have, {total}):
    seed = seeds[i % len(seeds)]
    batch.append(Source(title=f"{{seed.title}} #{{i}}", kind=seed.kind, media_type=seed.media_type,
        size=seed.size, sha256=hashlib.sha256(str(i).encode()).hexdigest(),
        original_filename=seed.original_filename, language=seed.language,
        confidentiality=("public", "restricted")[i % 2], text=seed.text))
    if len(batch) == 5000:
        made = Source.objects.bulk_create(batch)
        SearchDocument.objects.bulk_create([SearchDocument(kind="source", ref_id=s.pk,
            source_id=s.pk, title=s.title, body=s.text, language=s.language,
            confidentiality=s.confidentiality, source_kind=s.kind) for s in made])
        batch = []
made = Source.objects.bulk_create(batch)
SearchDocument.objects.bulk_create([SearchDocument(kind="source", ref_id=s.pk, source_id=s.pk,
    title=s.title, body=s.text, language=s.language, confidentiality=s.confidentiality,
    source_kind=s.kind) for s in made])
print(seeds[0].pk, Person.objects.filter(key="raisi").order_by("pk").first().pk)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    source_id, person_id = map(int, out.stdout.split()[-2:])
    return {"source": source_id, "person": person_id}


def sign_in(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token})
    conn.request(
        "POST",
        "/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://127.0.0.1:{port}/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    return f"sessionid={session}; csrftoken={csrf_cookie}"


def drive(port: int, path: str, cookie: str, seconds: float, clients: int) -> dict[str, object]:
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ms = sorted(x * 1000 for x in latencies)
    return {
        "path": path,
        "requests": len(ms),
        "rps": round(len(ms) / seconds, 1),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 1),
        "max_ms": round(ms[-1], 1),
        "errors": errors[0],
    }


def wait_for(port: int) -> None:
    for _ in range(200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("khavaran serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="khavaran-web-bench-")) / "data"
    env = {**os.environ, "KHAVARAN_DATA_DIR": str(data)}
    subprocess.run(
        [KHAVARAN, "--data-dir", str(data), "demo", "--no-serve"],
        check=True,
        capture_output=True,
        env=env,
    )
    secret = data.parent / "password"
    secret.write_text(PASSWORD)
    subprocess.run(
        [
            KHAVARAN,
            "--data-dir",
            str(data),
            "user",
            "add",
            "bench",
            "--role",
            "investigator",
            "--password-file",
            str(secret),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    started = time.perf_counter()
    ids = grow(data, args.sources)
    build_s = time.perf_counter() - started
    server = subprocess.Popen(
        [KHAVARAN, "--data-dir", str(data), "serve", "--port", str(args.port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(args.port)
        cookie = sign_in(args.port)
        pages = {
            "source": f"/sources/{ids['source']}/",
            "person": f"/people/{ids['person']}/",
            "search": "/search/?" + urlencode({"q": "Raisi commission"}),
        }
        results = {
            name: drive(args.port, path, cookie, args.seconds, args.clients)
            for name, path in pages.items()
        }
    finally:
        server.terminate()
        server.wait(10)
    met = all(
        results[p]["rps"] >= 200 and results[p]["p95_ms"] <= 50 and results[p]["errors"] == 0
        for p in ("source", "person")
    )
    print(
        json.dumps(
            {
                "sources": args.sources,
                "seconds_per_page": args.seconds,
                "clients": args.clients,
                "build_s": round(build_s, 1),
                "cpu_count": os.cpu_count(),
                "python": platform.python_version(),
                "pages": results,
                "targets_met": met,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
