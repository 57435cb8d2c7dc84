"""Entry point of the `khavaran` command.

Commands are imported only when run, so that `khavaran estimate` on a laptop never loads Django
and `khavaran --help` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

import click
from click.core import ParameterSource

from khavaran import __version__
from khavaran.config.full_disk import causes, is_database_full

# command name -> "module:attribute" of its Click command, one line per command family.
COMMANDS: dict[str, str] = {
    "backup": "khavaran.cli.integrity:backup",
    "case": "khavaran.cli.cases:case",
    "custody": "khavaran.cli.custody:custody",
    "demo": "khavaran.cli.demo:demo",
    "estimate": "khavaran.cli.estimate:estimate",
    "export": "khavaran.cli.export:export",
    "extract": "khavaran.cli.extract:extract",
    "health": "khavaran.cli.health:health",
    "import-facts": "khavaran.cli.facts:import_facts",
    "ingest": "khavaran.cli.evidence:ingest",
    "link": "khavaran.cli.link:link",
    "lists": "khavaran.cli.lists:lists",
    "migrate": "khavaran.cli.migrate:migrate",
    "people": "khavaran.cli.people:people",
    "restore": "khavaran.cli.integrity:restore",
    "review": "khavaran.cli.review:review",
    "search": "khavaran.cli.search:search",
    "serve": "khavaran.cli.serve:serve",
    "sources": "khavaran.cli.evidence:sources",
    "user": "khavaran.cli.users:user",
    "verify": "khavaran.cli.integrity:verify",
}


class LazyGroup(click.Group):
    """A Click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khavaran")
@click.option(
    "--data-dir",
    envvar="KHAVARAN_DATA_DIR",
    type=click.Path(file_okay=False),
    default="khavaran-data",
    show_default=True,
    help="Where originals and the embedded database live (env: KHAVARAN_DATA_DIR).",
)
@click.option(
    "--as",
    "as_user",
    envvar="KHAVARAN_USER",
    default=None,
    help="The account acting: reads and writes are limited to its role, and the audit log "
    "names it (env: KHAVARAN_USER, which may also name an operator without an account; "
    "default: the OS user, as the operator).",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: str, as_user: str | None) -> None:
    """Khavaran: evidence, facts with provenance, counts and case files."""
    # --as typed on the command line must name an account (`boot` checks); KHAVARAN_USER may
    # name the operator for the audit log without one.
    given = ctx.get_parameter_source("as_user") is ParameterSource.COMMANDLINE
    ctx.obj = {"data_dir": data_dir, "as_user": as_user, "as_given": given}


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="khavaran")
    except OSError as error:
        # A disk that fills up or a file that cannot be written is the user's to fix, so it
        # gets one line, not a traceback. (Command lines check their output paths earlier.)
        name = f"{error.filename}: " if error.filename else ""
        click.echo(f"Error: {name}{error.strerror or error}", err=True)
        raise SystemExit(1) from None
    except Exception as error:
        # So is a full database disk, or a database server that cannot be reached.
        problem = database_problem(error)
        if problem is None:
            raise
        click.echo(f"Error: {problem}", err=True)
        raise SystemExit(1) from None


def database_problem(error: BaseException) -> str | None:
    """One line for a database error the operator must fix; None for any other error.

    Looks through the chain of causes, as Django wraps the driver's error in its own; needs no
    Django, so `khavaran estimate` still never loads it.
    """
    for link in causes(error):
        if is_database_full(link):
            return (
                f"the database's disk is full ({_first_line(link)}): free some space and run "
                "the command again"
            )
        if _is_unreachable(link):
            from khavaran.config.environment import env_str, redacted

            url = redacted(env_str("KHAVARAN_DATABASE_URL"))
            return f"cannot use the database {url} (KHAVARAN_DATABASE_URL): {_first_line(link)}"
    return None


def _is_unreachable(error: BaseException) -> bool:
    """psycopg's error for a connection that failed: no server, no such database, refused
    login. The server's answers to SQL carry an SQLSTATE; these do not."""
    module = type(error).__module__
    return (
        module.startswith("psycopg")
        and type(error).__name__ in {"OperationalError", "InterfaceError"}
        and getattr(error, "sqlstate", None) is None
    )


def _first_line(error: BaseException) -> str:
    """The error's first line, without the URL's password should the driver repeat it."""
    line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    from khavaran.config.environment import env_str

    url = env_str("KHAVARAN_DATABASE_URL")
    password = url.partition("://")[2].rpartition("@")[0].partition(":")[2]
    return line.replace(password, "***") if password else line
