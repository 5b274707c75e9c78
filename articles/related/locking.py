"""One writer of the stored lists at a time.

Two writers interleaving their deletes and inserts on shared lists could
deadlock, so every writer of lists (a refresh, a big write dropping lists, a
rebuild's batch) first takes one lock, held to its commit. A refresh takes
~0.1 s; SQLite serialises writers anyway.

A background task also meets rows that an editor's save or an import holds
and will not let go of before it gets this lock: the task would wait for the
writer while the writer waits for the task. So a background task waits for
such rows only briefly, below PostgreSQL's deadlock check, then fails,
letting the writer go on, and is retried later (newsroom.tasks).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

# Any constant shared by every process; the bytes spell "related".
_LOCK = int.from_bytes(b"related", "big")
# Below deadlock_timeout (1 s by default), so that the task gives way first.
_PATIENCE = "500ms"

_giving_way = ContextVar("related_giving_way", default=False)


def lists_lock() -> None:
    """Take the lists' lock for the rest of the current transaction."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        if _giving_way.get():
            cursor.execute(f"SET LOCAL lock_timeout = '{_PATIENCE}'")


@contextmanager
def giving_way() -> Iterator[None]:
    """Within this, lists' writers give way to other writers' rows (a task)."""
    token = _giving_way.set(True)
    try:
        yield
    finally:
        _giving_way.reset(token)
