"""A synthetic newsroom on PostgreSQL, loaded fast with COPY.

Actors follow a Zipf law (the most common is on most pieces, like a country at
war; most are rare), 5–12 per piece; ~250 pieces a day, ids in publish order
with jitter; 3 % of pieces are drafts or withdrawn. Secondary indexes and
constraints are dropped during the load and recreated after. Pieces have a
numbered headline and no text unless a `text` function writes their headline,
standfirst, body, byline and section (benchmarks/load/text.py does, for the
reader pages).
"""

import bisect
import itertools
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from articles.models import Article, ArticleEntity, Status
from entities.models import Entity, Kind

PER_DAY = 250
KINDS = [Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.PLACE, Kind.OTHER]
TABLES = [Entity._meta.db_table, Article._meta.db_table, ArticleEntity._meta.db_table]


def corpus_generate(
    *,
    size: int,
    seed: int = 5,
    on_progress=print,
    text: Callable[[random.Random, int], dict] | None = None,
) -> None:
    rng = random.Random(seed)
    actor_count = max(2000, size // 20)
    cumulative = list(
        itertools.accumulate(1 / rank for rank in range(1, actor_count + 1))
    )
    now = datetime.now(UTC)
    start = now - timedelta(days=size / PER_DAY + 1)
    # One transaction: a load that fails must not leave the indexes dropped.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_relatedarticle, articles_actorweight, "
            + ", ".join(TABLES)
            + ", entities_entityalias, authors_author RESTART IDENTITY CASCADE"
        )
        saved = _drop_secondary(cursor)
        pg = cursor.cursor
        _copy(pg, Entity, _entities(actor_count, now))
        on_progress(f"{actor_count} actors")
        _copy(pg, Article, _articles(rng, size, start, now, text))
        on_progress(f"{size} articles")
        _copy(pg, ArticleEntity, _links(rng, size, actor_count, cumulative))
        on_progress("links")
        if text:
            _credit_bylines(cursor, now)
        for statement in saved:
            cursor.execute(statement)
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
            cursor.execute(f"ANALYZE {table}")
    on_progress("indexes rebuilt")


def _credit_bylines(cursor, now) -> None:
    """An author for each byline the text wrote, credited on its pieces."""
    cursor.execute(
        "INSERT INTO authors_author (name, slug, role, bio, website, links, "
        "wikidata_id, name_key, created_at, updated_at) "
        "SELECT DISTINCT byline, lower(replace(byline, ' ', '-')), '', '', '', '', "
        "'', lower(byline), %s, %s FROM articles_article WHERE byline <> ''",
        [now, now],
    )
    cursor.execute(
        'INSERT INTO articles_articleauthor (article_id, author_id, "order") '
        "SELECT article.id, author.id, 0 FROM articles_article article "
        "JOIN authors_author author ON author.name = article.byline"
    )


def _drop_secondary(cursor) -> list[str]:
    """Drop unique/foreign-key constraints and plain indexes; return re-creators."""
    recreate = []
    for table in TABLES:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        )
        constraints = cursor.fetchall()
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            recreate.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = %s::regclass)",
            [table, table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
            recreate.insert(0, definition)
    return recreate


def _copy(pg_cursor, model, rows) -> None:
    fields = model._meta.concrete_fields
    columns = [field.column for field in fields]
    # Columns added to the models since a row's shape was written here take
    # their defaults.
    defaults = {field.column: field.get_default() for field in fields}
    with pg_cursor.copy(
        f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row([row.get(column, defaults[column]) for column in columns])


def _entities(count, now):
    for number in range(1, count + 1):
        yield {
            "id": number,
            "name": f"Actor {number}",
            "slug": f"actor-{number}",
            "kind": KINDS[number % len(KINDS)],
            "description": "",
            "wikidata_id": "",
            "image_id": None,
            "name_key": f"actor {number}",
            "match_key": f"actor {number}",
            "created_at": now,
            "updated_at": now,
        }


def _articles(rng, size, start, now, text):
    for number in range(1, size + 1):
        publish_at = start + timedelta(
            days=number / PER_DAY, minutes=rng.uniform(-120, 120)
        )
        status = rng.choices(
            [Status.PUBLISHED, Status.DRAFT, Status.WITHDRAWN], [97, 2, 1]
        )[0]
        row = {
            "id": number,
            "headline": f"Piece number {number}",
            "slug": f"piece-{number}",
            "standfirst": "",
            "body": "",
            "byline": "",
            "section": "World",
            "image_id": None,
            "status": status,
            "publish_at": publish_at,
            "exclude_from_related": False,
            "first_published_at": publish_at,
            "created_at": publish_at,
            "updated_at": now,
            "related_refreshed_at": None,
            "version": 1,
            "updated_by_id": None,
        }
        if text:
            row.update(text(rng, number))
        yield row


def _links(rng, size, actor_count, cumulative):
    total = cumulative[-1]
    link_id = itertools.count(1)
    for number in range(1, size + 1):
        wanted = rng.randint(5, 12)
        chosen = set()
        while len(chosen) < wanted:
            chosen.add(bisect.bisect(cumulative, rng.random() * total) + 1)
        for actor in chosen:
            yield {
                "id": next(link_id),
                "tag_id": actor,
                "content_object_id": number,
            }
