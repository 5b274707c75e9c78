"""The planner's statistics after bulk writes.

PostgreSQL plans each query from what it last learned of the tables' sizes and
values, which ANALYZE gathers and autovacuum runs only some time after a table
changed by a tenth. Until then a table a bulk write filled is planned as it was
before: a 100,000-piece import left an actor's first page scanning the link
table (546 ms instead of 17 ms). So bulk writes analyze the tables they wrote,
once they have committed: outside the writer's transaction and the readers'
requests. A no-op on SQLite, whose planner needs no statistics to use an index.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, models, transaction

logger = logging.getLogger(__name__)


def tables_analyze(*, models: Iterable[type[models.Model]], rows: int) -> None:
    """ANALYZE the tables of `models` once the caller's transaction commits,
    if the write touched `rows` rows, STATISTICS_ANALYZE_ROWS or more: fewer
    leave the statistics good enough, and cost a reader nothing to wait for
    autovacuum."""
    if connection.vendor != "postgresql" or rows < settings.STATISTICS_ANALYZE_ROWS:
        return
    tables = sorted({model._meta.db_table for model in models})
    transaction.on_commit(lambda: _analyze(tables))


def _analyze(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    logger.debug("Analyzed %s.", ", ".join(tables))
