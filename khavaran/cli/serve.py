"""`khavaran serve`: the web app behind gunicorn, a production-grade server."""

from __future__ import annotations

from typing import Any

import click

from khavaran.cli.context import boot


def run_server(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from khavaran.config.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "accesslog": None,
                "timeout": 60,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    """Serve the web app on the data dir."""
    boot(ctx)
    from khavaran.config.statistics import refresh_statistics

    refresh_statistics()
    click.echo(f"Khavaran at http://{host}:{port}/")
    run_server(host, port, workers)
