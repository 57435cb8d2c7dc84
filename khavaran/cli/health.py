"""`khavaran health`: the server's checks for cron or a monitor (the public `/health` says only
whether the site serves pages)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from khavaran.cli.context import boot, fail

if TYPE_CHECKING:
    from khavaran.health import HealthReport


@click.command("health")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object (ok, each check's word, problems) for a monitor, instead of lines.",
)
@click.pass_context
def health(ctx: click.Context, as_json: bool) -> None:
    """Check that the database answers, that the originals folder can be written, and that it
    has room for one more file of KHAVARAN_MAX_FILE_BYTES: one line each, `ok` or the problem's
    word (`unavailable`, `unwritable`, `low`, `unknown`) and what failed. Reads no records and
    creates nothing: a data dir without Khavaran data is refused, as `verify` refuses it.
    Exits 1 if a check failed."""
    from khavaran.health import check_health

    report = check_health(database_down=_open(ctx))
    if as_json:
        click.echo(json.dumps(_as_json(report), ensure_ascii=False))
    else:
        for check in report.checks:
            click.echo(
                f"{check.what} {check.word}" + (f": {check.message}" if check.message else "")
            )
    if not report.ok:
        ctx.exit(1)


def _open(ctx: click.Context) -> str:
    """Start on a data dir that holds Khavaran data, creating nothing; returns why the database
    could not be opened ("" when it could), so the other checks still run."""
    from khavaran.cli.main import database_problem
    from khavaran.config.bootstrap import NoData, setup_existing

    try:
        setup_existing(ctx.obj["data_dir"])
    except NoData as refusal:
        fail(str(refusal))
    except Exception as error:
        problem = database_problem(error)
        if problem is None:
            raise
        return problem
    boot(ctx)
    return ""


def _as_json(report: HealthReport) -> dict[str, object]:
    return {
        "ok": report.ok,
        "checks": {check.what: check.word for check in report.checks},
        "problems": [{"what": p.what, "message": p.message} for p in report.problems],
    }
