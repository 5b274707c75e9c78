"""Cursors for the few statements the site writes out in SQL and runs on most pages.

Django's cursors bind values in the client, so PostgreSQL parses and plans
every statement afresh and answers in text. For the statements written out by
hand (related coverage, articles.related.queries; an article page's read,
articles.page_read) that costs more than running them: an article page's read
took ~2.5 ms of the server's CPU planned each time, ~0.5 ms prepared (100,000
pieces). These cursors bind on the server, optionally take results in binary
(hundreds of publish times are not parsed from text) and, where asked, prepare
the statement: PostgreSQL plans it once per connection. Whether preparing pays
is a property of each statement (a generic plan can be slower than a fresh one)
and is decided where the statement is written, not by a count of runs.

Preparing needs `prepare_threshold` set on the connection (settings:
DATABASE_PREPARED_STATEMENTS); without it these cursors still bind on the
server and nothing is prepared. Django's own queries are never prepared.
On SQLite they are Django's cursors.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _Cursor(psycopg.Cursor):
    # Left to itself psycopg prepares whatever runs 5 times.
    prepare = False

    def execute(self, query, params=None, *, prepare=None, **options):
        if prepare is None:
            prepare = self.prepare
        return super().execute(query, params, prepare=prepare, **options)


class _PreparingCursor(_Cursor):
    prepare = True


class _DebugCursor(CursorDebugWrapper):
    """Logs each statement with its values as Django's own cursors do: psycopg
    keeps no text to show of a prepared statement's run."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


@contextmanager
def server_cursor(
    connection: BaseDatabaseWrapper, *, prepare: bool, binary: bool = False
) -> Iterator[CursorWrapper]:
    """A cursor of `connection` whose statements are bound by the server,
    prepared when `prepare` (and the connection allows it), with their results
    in binary when `binary`. Counted and logged as Django's own are."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # As Django's own cursor() does: a kept connection that went away (a
    # restart) is replaced before use, not found broken by the statement.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = (_PreparingCursor if prepare else _Cursor)(connection.connection)
    if binary:
        raw.format = psycopg.pq.Format.BINARY
    wrap = _DebugCursor if connection.queries_logged else CursorWrapper
    with wrap(raw, connection) as cursor:
        yield cursor
