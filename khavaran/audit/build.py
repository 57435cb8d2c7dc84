"""Which build of Khavaran is running: the version and, when it can be known, the commit.

Two builds of one version can differ (a patched checkout, a fork), so a custody event records
`khavaran 0.1.0+g1a2b3c4`, not `khavaran 0.1.0` alone. The commit is read from the checkout's
`.git` without running git (no subprocess in a request, no git on a server), else from a
stamp file written when a package is built (`khavaran/BUILD.txt`, one line: the commit), else
it is `unknown`. It is worked out once per process: the files are read on the first call.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from khavaran import __version__

PACKAGE = Path(__file__).resolve().parent.parent
STAMP = PACKAGE / "BUILD.txt"
UNKNOWN = "unknown"
# A commit as git writes it; the first 7 characters name it, as `git describe` does.
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
SHORT = 7


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _git_dir(checkout: Path) -> Path | None:
    """The git directory of a checkout: `.git`, or where a worktree's `.git` file points."""
    dot_git = checkout / ".git"
    if dot_git.is_dir():
        return dot_git
    pointer = _read(dot_git)
    if pointer.startswith("gitdir:"):
        found = Path(pointer.removeprefix("gitdir:").strip())
        return found if found.is_absolute() else (checkout / found).resolve()
    return None


def _packed(git_dir: Path, ref: str) -> str:
    """A ref's commit from `packed-refs` (where `git gc` moves them)."""
    for line in _read(git_dir / "packed-refs").splitlines():
        commit, _, name = line.partition(" ")
        if name == ref:
            return commit
    return ""


def commit_of_checkout(checkout: Path) -> str:
    """The commit checked out at `checkout` ("" when it is no git checkout or cannot be read)."""
    git_dir = _git_dir(checkout)
    if git_dir is None:
        return ""
    head = _read(git_dir / "HEAD")
    if head.startswith("ref:"):
        ref = head.removeprefix("ref:").strip()
        # A worktree keeps its HEAD apart, and its refs in the main git directory.
        common = _read(git_dir / "commondir")
        shared = (git_dir / common).resolve() if common else git_dir
        head = _read(shared / ref) or _read(git_dir / ref) or _packed(shared, ref)
    return head if _COMMIT.fullmatch(head) else ""


def build_of(package: Path = PACKAGE, stamp: Path = STAMP) -> str:
    """The commit of this build, short, as `g1a2b3c4`; `unknown` when neither the checkout
    the package runs from nor a build stamp says it."""
    commit = commit_of_checkout(package.parent) or _read(stamp).lower()
    return f"g{commit[:SHORT]}" if _COMMIT.fullmatch(commit) else UNKNOWN


@cache
def tool_version() -> str:
    """What a custody event records as the tool: `khavaran 0.1.0+g1a2b3c4` (or `+unknown`)."""
    return f"khavaran {__version__}+{build_of()}"
