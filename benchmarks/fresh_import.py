"""An actor's first page right after a big import, with no manual step, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres nr_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench \
        .venv/bin/python benchmarks/fresh_import.py [--pieces 100000] [--requests 20]

Empties the database's pieces and actors, writes a JSON Lines file of --pieces
published pieces (the actor "Hamas" on every one, 3–5 others each from a pool
of 2,000, and "Small actor" on 3 of them), and imports it with
`manage.py import_articles` as an editor would, with the default settings:
whatever follows the import (its related lists, the planner's statistics)
happens before the command returns, or not at all. Then, at once, times the
first page of Hamas's coverage against the baseline, the first page of the
3-piece actor: the page not cached, the coverage summary cached as on a live
site (the first request, which makes it, is shown apart): median of
--requests. Target: Hamas ≤ 3× the small actor.
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import django_setup  # noqa: E402

django_setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TARGET_RATIO = 3.0
POOL = 2_000


def pieces_file(path: Path, pieces: int) -> None:
    rng = random.Random(7)
    start = datetime(2016, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 1, 1, tzinfo=UTC) - start).total_seconds()
    small = set(rng.sample(range(pieces), 3))
    with path.open("w", encoding="utf-8") as out:
        for n in range(pieces):
            actors = ["Hamas"] + [
                f"Actor {a}" for a in rng.sample(range(POOL), rng.randint(3, 5))
            ]
            if n in small:
                actors.append("Small actor")
            record = {
                "slug": f"piece-{n}",
                "headline": f"Piece {n}",
                "status": "published",
                "publish_at": (
                    start + timedelta(seconds=span * n / pieces)
                ).isoformat(),
                "entities": actors,
            }
            out.write(json.dumps(record) + "\n")


def database_empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_relatedarticle, articles_actorweight, "
            "articles_articleentity, articles_article, entities_entityalias, "
            "entities_entity RESTART IDENTITY CASCADE"
        )


def measure(client: Client, url: str, runs: int) -> dict:
    """The first request (nothing cached) and the median of `runs` more, the
    coverage summary (counts, chart, co-coverage) cached as on a live site,
    with the queries and SQL time of the last."""
    cache.clear()
    began = time.perf_counter()
    client.get(url)
    first = (time.perf_counter() - began) * 1000
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    return {
        "first": first,
        "median": statistics.median(times),
        "queries": len(queries),
        "sql": sql,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pieces", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL: set DATABASE_URL.")
    settings.PAGE_CACHE_SECONDS = 0
    database_empty()
    path = Path(tempfile.mkdtemp(prefix="fresh-import-")) / "pieces.jsonl"
    pieces_file(path, options.pieces)
    began = time.perf_counter()
    out = StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=StringIO())
    took = time.perf_counter() - began
    print(f"import_articles {options.pieces:,} pieces: {took:.0f} s")
    print(f"  {out.getvalue().strip()}")
    client = Client()
    # Measured at once: no ANALYZE, VACUUM or rebuild by hand, no waiting.
    big = measure(client, "/entities/hamas/", options.requests)
    small = measure(client, "/entities/small-actor/", options.requests)
    for label, m in [
        (f"Hamas ({options.pieces:,} pieces), page 1", big),
        ("Small actor (3 pieces) [baseline]", small),
    ]:
        print(
            f"{label:38} {m['median']:7.1f} ms | {m['queries']} queries, "
            f"{m['sql']:6.1f} ms SQL | first request {m['first']:7.1f} ms"
        )
    ratio = big["median"] / small["median"]
    print(f"ratio {ratio:.2f} (target ≤ {TARGET_RATIO:.0f})")


if __name__ == "__main__":
    main()
