"""Every command that writes, or reads everything, checks the --as account's role; without
--as the operator who owns the data dir may do anything."""

from __future__ import annotations

import click
import pytest

from khavaran.accounts.models import User
from khavaran.analysis.models import LinkageRun, VictimList
from khavaran.cli.context import GATES
from khavaran.cli.main import cli
from khavaran.evidence.models import Source
from khavaran.extract.models import StoredProposal
from tests.factories import make_source, make_victim_list

pytestmark = pytest.mark.django_db

# Commands that only read, through the read gates (a viewer may run them).
READS = {
    "sources",
    "search",
    "export",
    "lists show",
    "lists count",
    "lists export-merged",
    "lists export-captures",
    "estimate list",
    "estimate show",
    "estimate reproduce",
    "case list",
    "case show",
    "case export",
    "case elements",
}
# Commands that read, and check their own writes (or, demo, make a fresh data dir).
OWN_CHECKS = {"link review", "link accept-clusters", "demo"}


def command_paths(group: click.Group, ctx: click.Context, prefix: str = "") -> set[str]:
    paths = set()
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        path = f"{prefix}{name}"
        if not isinstance(command, click.Group) or command.invoke_without_command:
            paths.add(path)
        if isinstance(command, click.Group):
            paths |= command_paths(command, click.Context(command, parent=ctx), f"{path} ")
    return paths


def test_every_command_is_gated_or_only_reads():
    paths = command_paths(cli, click.Context(cli))
    assert paths == set(GATES) | READS | OWN_CHECKS
    assert not set(GATES) & (READS | OWN_CHECKS)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "note.txt").write_text("A note about 1988.", encoding="utf-8")
    (tmp_path / "case.json").write_text("{}", encoding="utf-8")
    (tmp_path / "list.csv").write_text("First name,Last name\nAli,Ahmadi\n", encoding="utf-8")
    return tmp_path


EDITORS = "only an investigator or an admin may"


def stored() -> tuple[int, ...]:
    models = (Source, VictimList, LinkageRun, StoredProposal, User)
    return tuple(model.objects.count() for model in models)


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (("ingest", "{dir}/note.txt"), f"{EDITORS} ingest sources"),
        (("import-facts", "{dir}/case.json"), f"{EDITORS} import facts"),
        (("lists", "import", "{dir}/list.csv", "--name", "l"), f"{EDITORS} import lists"),
        (("link",), f"{EDITORS} link the lists"),
        (("extract", "--all"), f"{EDITORS} queue proposals"),
        (("backup", "{dir}/backup.tar"), "only an admin may write a backup"),
        (("verify",), "only an admin may verify the originals and the audit chain"),
        (("user", "add", "x1", "--role", "admin"), "only an admin may manage accounts"),
    ],
)
def test_a_viewer_is_refused_every_write_in_one_line(khavaran, account, files, args, refusal):
    make_source(files, "Ebrahim Raisi said 5,000 were executed.", name="public.txt")
    make_victim_list(files, "memorial", [1, 2], confidentiality="public")
    viewer = account("p3", "viewer")
    before = stored()
    result = khavaran("--as", viewer, *(a.format(dir=files) for a in args))
    assert (result.exit_code, result.output) == (1, f"Error: {refusal}\n")
    assert stored() == before
    assert not (files / "backup.tar").exists()


def test_a_backup_holds_everything_so_only_an_admin_may_write_one(khavaran, account, tmp_path):
    make_source(tmp_path, "Witness A's testimony.", confidentiality="confidential")
    for role in ("investigator", "analyst", "reviewer"):
        refused = khavaran("--as", account(role, role), "backup", str(tmp_path / f"{role}.tar"))
        assert refused.exit_code == 1 and "only an admin may write a backup" in refused.output
        assert not (tmp_path / f"{role}.tar").exists()
    done = khavaran("--as", account("ada", "admin"), "backup", str(tmp_path / "admin.tar"))
    assert done.exit_code == 0, done.output


def test_an_investigator_may_write_and_an_analyst_may_not(khavaran, account, tmp_path):
    (tmp_path / "a.csv").write_text("First name,Last name\nAli,Ahmadi\n", encoding="utf-8")
    listed = ("lists", "import", str(tmp_path / "a.csv"), "--name", "a")
    analyst = khavaran("--as", account("ana", "analyst"), *listed)
    assert analyst.exit_code == 1 and "may import lists" in analyst.output
    investigator = khavaran("--as", account("ivy", "investigator"), *listed)
    assert investigator.exit_code == 0, investigator.output
    assert VictimList.objects.get().name == "a"


def test_only_an_admin_adds_accounts(khavaran, account):
    refused = khavaran(
        "--as", account("ivy", "investigator"), "user", "add", "x1", "--role", "admin"
    )
    assert refused.exit_code == 1 and "only an admin may manage accounts" in refused.output
    added = khavaran("--as", account("ada", "admin"), "user", "add", "x2", "--role", "viewer")
    assert added.exit_code == 0, added.output
    assert set(User.objects.values_list("username", flat=True)) == {"ivy", "ada", "x2"}


def test_a_deactivated_account_may_not_write(khavaran, account, tmp_path):
    User.objects.filter(username=account("old", "admin")).update(is_active=False)
    (tmp_path / "note.txt").write_text("A note.", encoding="utf-8")
    result = khavaran("--as", "old", "ingest", str(tmp_path / "note.txt"))
    assert result.exit_code == 1 and "the account old is deactivated" in result.output
    assert not Source.objects.exists()


def test_without_an_account_the_operator_writes_and_is_told_so(khavaran, tmp_path):
    (tmp_path / "note.txt").write_text("A note.", encoding="utf-8")
    result = khavaran("ingest", str(tmp_path / "note.txt"), env={"KHAVARAN_USER": "maryam"})
    assert result.exit_code == 0, result.output
    assert "no active account named 'maryam'" in result.stderr
    assert Source.objects.count() == 1


def test_a_viewer_may_still_read(khavaran, account, tmp_path):
    make_victim_list(tmp_path, "memorial", [1, 2], confidentiality="public")
    result = khavaran("--as", account("vida", "viewer"), "lists", "show")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("memorial\t")


@pytest.mark.parametrize("name", ["", "   ", "bad name", "x" * 151])
def test_an_account_name_that_cannot_sign_in_is_refused_in_one_line(khavaran, name):
    result = khavaran("user", "add", name, "--role", "viewer")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "account" in result.output
