"""The build a custody event records: the version and the commit, read from the checkout's
`.git` without running git, or from a build stamp, else `unknown`."""

from __future__ import annotations

from pathlib import Path

from khavaran import __version__
from khavaran.audit.build import build_of, commit_of_checkout, tool_version

COMMIT = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"
OTHER = "ffffffffffffffffffffffffffffffffffffffff"


def _checkout(root: Path, head: str) -> Path:
    git = root / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text(head)
    package = root / "khavaran"
    package.mkdir()
    return package


def test_a_branch_checkout_names_its_commit(tmp_path: Path) -> None:
    package = _checkout(tmp_path, "ref: refs/heads/main\n")
    (tmp_path / ".git" / "refs" / "heads" / "main").write_text(COMMIT + "\n")
    assert build_of(package, tmp_path / "none") == "g1a2b3c4"


def test_a_packed_ref_and_a_detached_head_are_read_too(tmp_path: Path) -> None:
    _checkout(tmp_path, "ref: refs/heads/release\n")
    (tmp_path / ".git" / "packed-refs").write_text(
        f"# pack-refs with: peeled\n{OTHER} refs/heads/main\n{COMMIT} refs/heads/release\n"
    )
    assert commit_of_checkout(tmp_path) == COMMIT
    (tmp_path / ".git" / "HEAD").write_text(OTHER)
    assert commit_of_checkout(tmp_path) == OTHER


def test_a_worktree_follows_its_gitdir_file(tmp_path: Path) -> None:
    main = tmp_path / "main" / ".git"
    (main / "refs" / "heads").mkdir(parents=True)
    (main / "refs" / "heads" / "fix").write_text(COMMIT)
    tree = main / "worktrees" / "fix"
    tree.mkdir(parents=True)
    (tree / "HEAD").write_text("ref: refs/heads/fix")
    (tree / "commondir").write_text("../..")
    work = tmp_path / "work"
    work.mkdir()
    (work / ".git").write_text(f"gitdir: {tree}\n")
    assert commit_of_checkout(work) == COMMIT


def test_an_installed_package_reads_its_stamp_else_says_unknown(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "khavaran"
    package.mkdir(parents=True)
    stamp = package / "BUILD.txt"
    assert build_of(package, stamp) == "unknown"
    stamp.write_text(COMMIT.upper() + "\n")
    assert build_of(package, stamp) == "g1a2b3c4"
    stamp.write_text("not a commit")
    assert build_of(package, stamp) == "unknown"


def test_the_tool_version_is_the_version_plus_the_build_worked_out_once() -> None:
    version = tool_version()
    assert version.startswith(f"khavaran {__version__}+")
    assert tool_version() is version
    assert len(version) <= 50  # CustodyEvent.tool_version
