"""Where Splink runs: DuckDB in-process by default, or a Spark session."""

from __future__ import annotations

import logging
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any, Literal

from splink.internals.database_api import DatabaseAPI

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")
# Splink warns about every comparison level a small input never shows. What matters (skipped
# training passes, unread dates) is in the run's summary, so only Splink's errors are logged.
SPLINK_LOG_LEVEL = logging.ERROR


class BackendError(ValueError):
    """An unknown backend name, or a backend whose runtime is missing."""


def local_spark_session(*, cores: int = 2, memory: str = "1g") -> Any:
    """A small local SparkSession with Splink's similarity functions on the classpath.

    Args:
        cores: local worker threads (``local[cores]``).
        memory: driver memory; the driver is the whole cluster in local mode.

    Returns:
        The SparkSession (started, or the running one reused).
    """
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as error:
        raise BackendError(
            "backend 'spark' needs pyspark and a Java runtime; install them or use 'duckdb'"
        ) from error
    # Spark's scratch (its SQL warehouse, Splink's checkpoints) goes to a temporary folder:
    # by default the warehouse is made in the working directory, the user's.
    scratch = Path(tempfile.mkdtemp(prefix="khavaran-spark-"))
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("khavaran-linkage")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(cores * 2))
        .config("spark.default.parallelism", str(cores * 2))
        .config("spark.ui.enabled", "false")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .getOrCreate()
    )
    # Splink breaks Spark's lineage with checkpoints, which need a directory.
    session.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
    _remove_with(session, scratch)
    return session


def _remove_with(owner: object, folder: str | Path) -> None:
    """Remove ``folder`` once ``owner`` is garbage, or when the program ends."""
    weakref.finalize(owner, shutil.rmtree, folder, ignore_errors=True)


def database_api(
    backend: str, spark_session: Any | None = None, *, memory_limit: str | None = None
) -> DatabaseAPI[Any]:
    """The Splink database API for a backend name.

    Args:
        backend: "duckdb" or "spark".
        spark_session: the session to use for Spark; a local one is started when None.
        memory_limit: DuckDB's memory limit ("4GB"); beyond it DuckDB spills to a temporary
            folder. None leaves DuckDB's default (80% of the machine's memory).

    Raises:
        BackendError: the name is not one of BACKENDS.
    """
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect()
        if memory_limit is not None:
            connection.execute(f"SET memory_limit = '{memory_limit}'")
        # Always a folder of our own: DuckDB's default is ".tmp" in the working directory,
        # where a killed run leaves its spill files (tens of GB) in the user's folder.
        spill = tempfile.mkdtemp(prefix="khavaran-duckdb-")
        connection.execute(f"SET temp_directory = '{spill}'")
        api = DuckDBAPI(connection=connection)
        _remove_with(api, spill)
        return api
    if backend == "spark":
        from splink import SparkAPI

        session = spark_session if spark_session is not None else local_spark_session()
        spark: DatabaseAPI[Any] = SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=session, num_partitions_on_repartition=4
        )
        return spark
    raise BackendError(f"backend {backend!r} is unknown; use one of {', '.join(BACKENDS)}")
