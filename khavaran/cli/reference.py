"""Write the CLI reference (docs/cli.md) from the commands' own help.

Run `python -m khavaran.cli.reference > docs/cli.md`; a test fails when the file is stale.
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from khavaran.cli.main import cli


def _sections(command: click.Command, path: list[str], ctx: click.Context) -> Iterator[str]:
    name = " ".join(path)
    yield f"## `{name}`\n\n```text\n{command.get_help(ctx).strip()}\n```\n"
    if isinstance(command, click.Group):
        for sub in command.list_commands(ctx):
            child = command.get_command(ctx, sub)
            if child is not None:
                child_ctx = click.Context(child, info_name=sub, parent=ctx)
                yield from _sections(child, [*path, sub], child_ctx)


def reference() -> str:
    # The group's own context settings (e.g. `-h`), so the text is the same whatever ran before.
    root = click.Context(
        cli, info_name="khavaran", terminal_width=100, max_content_width=100, **cli.context_settings
    )
    header = (
        "# Command-line reference\n\nGenerated from the commands' help by "
        "`python -m khavaran.cli.reference > docs/cli.md`.\n"
    )
    return "\n".join([header, *_sections(cli, ["khavaran"], root)])


if __name__ == "__main__":
    print(reference(), end="")
