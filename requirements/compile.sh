#!/usr/bin/env bash
# Re-pin the lockfiles from base.in / dev.in (needs `uv`: pip install uv).
set -euo pipefail
cd "$(dirname "$0")"
for name in base dev; do
  uv pip compile "$name.in" --generate-hashes --python-version 3.11 --quiet -o "$name.lock"
  # followthemoney asks for sqlalchemy[mypy]; pip's --require-hashes only accepts the extra
  # when the pinned line names it too.
  sed -i 's/^sqlalchemy==/sqlalchemy[mypy]==/' "$name.lock"
done
