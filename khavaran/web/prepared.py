"""Reads compiled once and run with new values: the SQL a queryset gives, kept per shape.

Building and compiling a queryset costs Django 0.2-1 ms, several times what SQLite takes to
answer a read by primary key, and every page makes a few of them (the signed-in user, the
record, its parts). A prepared read is the queryset built once with `PLACEHOLDER` where the
varying value goes (a record's id), compiled, and then run with the real value: the same SQL
and parameters the queryset would give, with Django's converters applied to the rows. Only the
SQL is kept, never rows, so nothing read can be stale or shown to another user; whatever the
SQL depends on besides the value (a user's readable levels) must be part of the cache key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet, query
from django.db.models.query import ModelIterable
from django.db.models.sql.compiler import SQLCompiler

# A value no row has (an id). Reads are compiled with it and run with the real value.
PLACEHOLDER = -4_242_424_242


@dataclass(frozen=True)
class PreparedRead:
    sql: str
    params: tuple[Any, ...]
    alias: str
    compiler: SQLCompiler
    converters: dict[int, Any]
    # For a queryset of whole models: the model, the attribute each of its columns fills, and
    # Django's populators for the models `select_related` brings along.
    model: type[Model] | None
    attnames: tuple[str, ...]
    related: tuple[Any, ...]

    def rows(self, value: Any) -> list[Any]:
        """The rows (tuples, converted as Django would) for `value` in place of PLACEHOLDER."""
        params = [value if p == PLACEHOLDER else p for p in self.params]
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows: list[Any] = cursor.fetchall()
        if self.converters:
            # The converters only read settings of the connection they were compiled on (its
            # time zone), so threads share them; the rows come from this thread's connection.
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return rows

    def objects(self, value: Any) -> list[Any]:
        """The model instances, as the queryset would give them."""
        if self.model is None:
            raise TypeError("not a read of whole models")
        model, alias, names, count = self.model, self.alias, self.attnames, len(self.attnames)
        found = []
        for row in self.rows(value):
            obj = model.from_db(alias, names, row[:count])
            for populator in self.related:
                populator.populate(row, obj)
            found.append(obj)
        return found


_PREPARED: dict[Hashable, PreparedRead] = {}


def prepared(key: Hashable, build: Callable[[], QuerySet[Any]]) -> PreparedRead:
    """The read `build()` gives, compiled on first use under `key`.

    `build` must put PLACEHOLDER where the value goes; `key` must name everything else the
    SQL depends on (for a gate, the user's readable levels)."""
    read = _PREPARED.get(key)
    if read is None:
        read = _PREPARED[key] = _compile(build())
    return read


def _compile(queryset: QuerySet[Any]) -> PreparedRead:
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    if PLACEHOLDER not in params:
        raise RuntimeError(f"the value to vary is not a parameter of {sql}")
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(fields)
    model, attnames, related = None, (), ()
    if queryset._iterable_class is ModelIterable:
        # What Django's ModelIterable works out for every query, worked out once.
        klass_info = compiler.klass_info or {}
        if compiler.annotation_col_map or klass_info["select_fields"][0] != 0:
            raise RuntimeError("a prepared read of models takes no annotations")
        model = klass_info["model"]
        attnames = tuple(compiler.select[i][0].target.attname for i in klass_info["select_fields"])
        # Django's own helper for select_related, the one ModelIterable uses (not in the stubs).
        populators = query.get_related_populators  # type: ignore[attr-defined]
        related = tuple(populators(klass_info, compiler.select, queryset.db))
    return PreparedRead(
        sql, tuple(params), queryset.db, compiler, converters, model, attnames, related
    )
