"""Bulk writes leave PostgreSQL's planner statistics fresh (newsroom.statistics)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.needs_postgresql, pytest.mark.django_db(transaction=True)]

TABLES = ["articles_article", "articles_articleentity", "entities_entity"]


def last_analyzed() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, last_analyze FROM pg_stat_user_tables"
            " WHERE relname = ANY(%s)",
            [TABLES],
        )
        return dict(cursor.fetchall())


def test_an_import_analyzes_the_tables_it_wrote_once_committed(settings, tmp_path):
    settings.STATISTICS_ANALYZE_ROWS = 10
    path = tmp_path / "pieces.jsonl"
    path.write_text(
        "".join(
            json.dumps({"slug": f"piece-{n}", "headline": "A", "entities": ["Hamas"]})
            + "\n"
            for n in range(10)
        ),
        encoding="utf-8",
    )
    before = last_analyzed()
    call_command("import_articles", str(path), stdout=StringIO())
    after = last_analyzed()
    for table in TABLES:
        assert after[table] is not None
        assert before[table] is None or after[table] > before[table]
