"""Search on PostgreSQL: the full-text query with its GIN index, against the same
query without the index (the baseline: every row's text parsed per search).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom \\
        .venv/bin/python benchmarks/search.py [--articles 20000]

The pieces are written inside a transaction that is rolled back at the end, so
the database (migrated, so the index exists) is left as it was.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Status  # noqa: E402
from articles.search import search_highlight  # noqa: E402

QUERIES = ["missiles", "ceasefire talks", "rafah crossing"]
RARE_WORDS = ["missiles", "ceasefire", "talks", "rafah", "crossing"]
RUNS = 5


class Rollback(Exception):
    pass


def make_articles(count: int) -> None:
    rng = random.Random(6)
    vocabulary = [f"word{n}" for n in range(5000)]
    now = timezone.now()
    batch = []
    for n in range(count):
        words = rng.choices(vocabulary, k=150)
        if rng.random() < 0.01:
            words[rng.randrange(150)] = rng.choice(RARE_WORDS)
        batch.append(
            Article(
                headline=" ".join(rng.choices(vocabulary, k=8)),
                slug=f"bench-{n}",
                standfirst=" ".join(rng.choices(vocabulary, k=25)),
                body=" ".join(words),
                status=Status.PUBLISHED,
                publish_at=now,
            )
        )
    Article.objects.bulk_create(batch, batch_size=2000)
    with connection.cursor() as cursor:
        # Bulk inserts wait in the GIN index's pending list; a live site's
        # autovacuum merges them, so merge them before measuring.
        cursor.execute("SELECT gin_clean_pending_list('article_search_idx')")
        cursor.execute("ANALYZE articles_article")


def first_page_ms(terms: str) -> float:
    """A search page's work: the count and the first 20 results, highlighted."""
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        results = Article.objects.published().search(terms)
        results.count()
        search_highlight(list(results[:20]), terms)
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)[RUNS // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    count = parser.parse_args().articles
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: this measures its index.")
    try:
        with transaction.atomic():
            make_articles(count)
            print(f"{count} public pieces; median of {RUNS} runs, milliseconds")
            print(f"{'query':<18}{'GIN index':>12}{'no index':>12}{'speed-up':>10}")
            for terms in QUERIES:
                indexed = first_page_ms(terms)
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_bitmapscan = off")
                    cursor.execute("SET LOCAL enable_indexscan = off")
                unindexed = first_page_ms(terms)
                with connection.cursor() as cursor:
                    cursor.execute("RESET enable_bitmapscan")
                    cursor.execute("RESET enable_indexscan")
                print(
                    f"{terms:<18}{indexed:>12.1f}{unindexed:>12.1f}"
                    f"{unindexed / indexed:>9.1f}x"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
