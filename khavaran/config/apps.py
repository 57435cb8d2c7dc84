from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _tune_sqlite(sender: object, connection: object, **kwargs: object) -> None:
    if getattr(connection, "vendor", "") != "sqlite":
        return
    with connection.cursor() as cursor:  # type: ignore[attr-defined]
        # WAL lets readers (the web app) run while one writer (an ingest) commits.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")


class CoreConfig(AppConfig):
    name = "khavaran.config"
    label = "core"

    def ready(self) -> None:
        connection_created.connect(_tune_sqlite, dispatch_uid="khavaran-sqlite-pragmas")
