"""`khavaran serve`: the web app behind gunicorn, a production-grade server.

Threaded workers (gunicorn's `gthread`): each worker process serves several connections and
keeps them open between requests (HTTP keep-alive). The default sync workers close the
connection after every response and serve one client at a time per process, so a page's
assets and each further page paid a new connection and waited behind any slow request.

gunicorn believes X-Forwarded-Proto only from KHAVARAN_TRUSTED_PROXIES, as the app does
(docs/deployment.md): by default only from a proxy on this machine.
"""

from __future__ import annotations

from typing import Any

import click

from khavaran.cli.context import boot


def run_server(host: str, port: int, workers: int, threads: int = 4) -> None:
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    from khavaran.config.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "accesslog": None,
                "timeout": 60,
                "forwarded_allow_ips": ",".join(settings.TRUSTED_PROXIES),
                # gunicorn's control socket (in $XDG_RUNTIME_DIR or ~/.gunicorn) fails under
                # systemd's ProtectSystem=strict, and two servers of one account share it.
                "control_socket_disable": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="Worker processes.")
@click.option("--threads", default=4, show_default=True, help="Threads per worker process.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, threads: int) -> None:
    """Serve the web app on the data dir."""
    boot(ctx)
    from khavaran.config.statistics import refresh_statistics
    from khavaran.config.upload_folder import remove_leftovers
    from khavaran.evidence.public_copy.sweep import remove_copies_of_protected_sources

    refresh_statistics()
    # What a killed worker was receiving (a witness's recording, say) goes after a day.
    for path in remove_leftovers():
        click.echo(f"removed an upload left over by a stopped server: {path.name}", err=True)
    remove_copies_of_protected_sources()
    click.echo(f"Khavaran at http://{host}:{port}/")
    run_server(host, port, workers, threads)
