"""Server time of an actor page whose actor has 100,000 tagged pieces, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres newsroom_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
        .venv/bin/python benchmarks/entity_page.py [--pieces 100000] [--requests 200]

Generates the data once with COPY (the actor "Hamas" on every piece, 3–5 other
actors each from a pool of 2,000, 10% of pieces drafts or scheduled), then times
requests in-process with Django's test client: p50/p95 over --requests runs of
page 1, the middle and the deepest page (reached by "Older" links, `?before=`),
a small actor's page (~200 pieces), the combined page, the author on every
piece (first and deepest page) and the feed; wall time, this process's CPU
time, the SQL queries and their time, and the first request on an empty cache.
Baselines: the target of 30 ms p95, and each list's page 1 for its deeper pages
(target: ≤ 2×).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, ArticleAuthor  # noqa: E402
from authors.models import Author  # noqa: E402
from entities.models import Entity, Kind  # noqa: E402
from sections.services import section_for_name  # noqa: E402

TARGET_P95_MS = 30.0
TARGET_DEEP_RATIO = 2.0
POOL = 2_000


def generate(pieces: int) -> None:
    rng = random.Random(4)
    Entity.objects.create(name="Hamas", kind=Kind.ORGANISATION)
    Entity.objects.bulk_create(
        [
            Entity(
                name=f"Actor {n}",
                slug=f"actor-{n}",
                name_key=f"actor {n}",
                match_key=f"actor {n}",
            )
            for n in range(POOL)
        ],
        batch_size=5_000,
    )
    hamas = Entity.objects.get(slug="hamas").pk
    middle_east = section_for_name(name="Middle East").pk
    pool = list(Entity.objects.exclude(pk=hamas).values_list("pk", flat=True))
    start = datetime(2016, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC)
    span = (now - start).total_seconds()
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(
            "COPY articles_article (headline, slug, standfirst, body, byline,"
            " section_id, status, publish_at, first_published_at, created_at,"
            " updated_at, version, exclude_from_related)"
            " FROM STDIN"
        ) as copy:
            for n in range(pieces):
                roll = rng.random()
                status = "draft" if roll < 0.05 else "published"
                at = start + timedelta(seconds=rng.random() * span)
                if 0.05 <= roll < 0.1:
                    at = now + timedelta(days=rng.randint(1, 30))
                copy.write_row(
                    (
                        f"Hamas story {n}",
                        f"hamas-story-{n}",
                        "A short summary of the piece.",
                        "Body text. " * 50,
                        "Dana Levin",
                        middle_east,
                        status,
                        at,
                        at if status == "published" else None,
                        at,
                        at,
                        1,
                        False,
                    )
                )
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        with cursor.connection.cursor().copy(
            "COPY articles_articleentity (content_object_id, tag_id) FROM STDIN"
        ) as copy:
            for article_id in ids:
                copy.write_row((article_id, hamas))
                for tag in rng.sample(pool, rng.randint(3, 5)):
                    copy.write_row((article_id, tag))
        dana = Author.objects.create(name="Dana Levin", slug="dana-levin")
        with cursor.connection.cursor().copy(
            'COPY articles_articleauthor (article_id, author_id, "order") FROM STDIN'
        ) as copy:
            for article_id in ids:
                copy.write_row((article_id, dana.pk, 0))
        cursor.execute("ANALYZE")


def percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def measure(client: Client, url: str, runs: int) -> dict:
    """Wall and CPU time per request; the first (cold cache) request is timed apart.

    Every request has a parameter of its own, which the page cache neither
    looks up nor stores: the figures are the page's making, not a stored copy.
    """
    joiner = "&" if "?" in url else "?"
    began = time.perf_counter()
    client.get(f"{url}{joiner}nocache=cold")
    cold = (time.perf_counter() - began) * 1000
    wall, cpu = [], []
    for run in range(runs):
        began, cpu_began = time.perf_counter(), time.process_time()
        response = client.get(f"{url}{joiner}nocache={run}")
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - cpu_began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{url}{joiner}nocache=count")
    return {
        "cold": cold,
        "wall": percentiles(wall),
        "cpu": percentiles(cpu),
        "queries": len(queries),
        "sql": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pieces", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL: set DATABASE_URL.")
    # As in production: no query log, no template debug information (the template
    # engine reads DEBUG when first used, which is after this).
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    if not Entity.objects.filter(slug="hamas").exists():
        began = time.perf_counter()
        generate(options.pieces)
        took = time.perf_counter() - began
        print(f"generated {options.pieces:,} pieces in {took:.1f} s")
    hamas = Entity.objects.get(slug="hamas")
    other = Entity.objects.filter(slug="actor-7").get()
    tagged = hamas.article_links.count()
    print(f"Hamas: {tagged:,} tagged pieces; {args_line(options)}")
    client = Client()
    hamas_pieces = Article.objects.published().tagged_with(hamas)
    combined = f"/entities/{'+'.join(sorted([hamas.slug, other.slug]))}/"
    dana = ArticleAuthor.objects.filter(article_id__in=hamas_pieces.values("pk"))
    dana_url = dana.select_related("author").first().author.get_absolute_url()
    firsts = {}
    for label, url, first in [
        ("actor page 1", "/entities/hamas/", None),
        ("actor middle", "/entities/hamas/" + deep(hamas_pieces, 0.5), "actor page 1"),
        ("actor deepest", "/entities/hamas/" + deep(hamas_pieces), "actor page 1"),
        ("small actor", f"/entities/{other.slug}/", None),
        ("combined 1", combined, None),
        (
            "combined deep",
            combined + deep(hamas_pieces.tagged_with(other)),
            "combined 1",
        ),
        ("author page 1", dana_url, None),
        (
            "author deepest",
            dana_url + deep(Article.objects.published().by_author(dana[0].author)),
            "author page 1",
        ),
        ("actor feed", "/entities/hamas/feed/", None),
    ]:
        cache.clear()
        m = measure(client, url, options.requests)
        (p50, p95), (cpu50, cpu95) = m["wall"], m["cpu"]
        firsts[label] = p50
        against = (
            f"p50 {p50 / firsts[first]:.2f}× {first} (target ≤ {TARGET_DEEP_RATIO:g}×)"
            if first
            else f"p95/target {p95 / TARGET_P95_MS:.2f}"
        )
        print(
            f"{label:15} wall p50 {p50:5.1f} p95 {p95:5.1f} ms | Django CPU p50 "
            f"{cpu50:5.1f} p95 {cpu95:5.1f} ms | {m['queries']} queries, "
            f"{m['sql']:.1f} ms SQL | cold {m['cold']:6.1f} ms | {against}"
        )


def deep(pieces, depth: float = 1.0) -> str:
    """The query of the page `depth` of the way down `pieces` (1: the oldest
    page), as "Older" links reach it: from the piece just newer than it."""
    count = pieces.count()
    per_page = settings.ARTICLES_PER_PAGE
    newer = max(0, min(count - per_page, int(count * depth)) - 1)
    edge = pieces.newest_first().values_list("pk", flat=True)[newer]
    return f"?before={edge}"


def args_line(options) -> str:
    return f"{options.requests} requests each, target p95 < {TARGET_P95_MS:.0f} ms"


if __name__ == "__main__":
    main()
