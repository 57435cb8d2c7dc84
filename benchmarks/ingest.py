"""Ingest throughput and peak memory: `python benchmarks/ingest.py [--files 10000]`.

Generates a mixed Persian/English corpus (.txt, .html, .pdf), runs the real `khavaran ingest`
command on it in a fresh data dir, and prints documents per second and the command's peak
memory (max RSS), for a smaller and the full corpus so that growth with the number of files
shows; then the small corpus once more with extraction proposals (`--extract`). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def run_ingest(files: int, workdir: Path, *, extract: bool = False) -> dict[str, object]:
    corpus = workdir / f"corpus-{files}"
    kinds = generate(corpus, files) if not corpus.exists() else "reused"
    label = f"data-{files}-{'extract' if extract else 'plain'}"
    env = {**os.environ, "KHAVARAN_DATA_DIR": str(workdir / label)}
    env.pop("KHAVARAN_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "khavaran.cli", "sources"], env=env, check=True, capture_output=True
    )
    started = time.perf_counter()
    flag = "--extract" if extract else "--no-extract"
    # A wrapper process reports the peak memory of this one ingest alone.
    command = [sys.executable, "-m", "khavaran.cli", "ingest", flag, str(corpus)]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    peak_kib = int([line for line in result.stderr.splitlines() if line.isdigit()][-1])
    summary = [line for line in result.stdout.splitlines() if "ingested," in line][-1]
    return {
        "files": files,
        "extract_proposals": extract,
        "kinds": kinds,
        "seconds": round(elapsed, 2),
        "documents_per_second": round(files / elapsed, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "summary": summary,
        "exit_code": result.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="khavaran-ingest-bench-") as tmp:
        # Separate processes, so each peak RSS is that run's own.
        runs = [run_ingest(n, Path(tmp)) for n in (args.small, args.files)]
        # The same small corpus again with extraction proposals queued after each ingest.
        runs.append(run_ingest(args.small, Path(tmp), extract=True))
    print(
        json.dumps(
            {
                "benchmark": "ingest",
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "runs": runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
