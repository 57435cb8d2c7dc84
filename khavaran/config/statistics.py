"""Keep the query planner's statistics current after bulk writes.

Without statistics SQLite picks poor indexes on large tables (the source list sorted every
visible source at 100,000 sources: 721 ms instead of under 1 ms after ANALYZE).
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A bounded sample per index keeps this fast on large databases.
            cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
