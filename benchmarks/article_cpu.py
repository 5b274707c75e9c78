"""The CPU one request costs this process: the uncached article page beside
the trivial view (benchmarks/load/urls.py), through the whole middleware stack
with Django's test client, in the same process and on the same database.

CPU time, not wall time: on a shared machine the waits for a core say more
about the other jobs than about the page; what the page asks of Django is
steadier. The database's own CPU is not counted (it runs in its own process).

    DATABASE_URL=postgres://postgres@127.0.0.1:5456/newsroom_load \
    REDIS_URL=unix:///tmp/speed-load/redis.sock \
        .venv/bin/python benchmarks/article_cpu.py [--requests 400] [--profile out.prof]

Each article request carries a unique ?nocache= as run_load.py's uncached
phase does, so the page cache neither answers nor stores it.
"""

import argparse
import cProfile
import itertools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load.settings")

from common import django_setup  # noqa: E402

django_setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402


def cpu_ms(client: Client, urls, requests: int) -> float:
    """CPU milliseconds per request over `requests` GETs cycling on `urls`."""
    counter = itertools.count()
    addresses = itertools.cycle(urls)
    start = time.process_time()
    for _ in range(requests):
        response = client.get(f"{next(addresses)}?nocache={next(counter)}")
        assert response.status_code == 200, response.status_code
    return (time.process_time() - start) * 1000 / requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--pieces", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="cProfile the article requests")
    options = parser.parse_args()
    client = Client()
    articles = [
        a.get_absolute_url()
        for a in Article.objects.published().order_by("pk")[: options.pieces * 97]
    ][::97]
    # Warm: every piece's parts stored, as they are on a site that is read.
    cpu_ms(client, articles, len(articles))
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{articles[0]}?nocache=count")
    print(f"article page: {len(queries)} queries")
    for query in queries:
        print("   ", query["sql"][:160])
    trivial, article = [], []
    for _ in range(options.rounds):
        trivial.append(cpu_ms(client, ["/_trivial/"], options.requests))
        article.append(cpu_ms(client, articles, options.requests))
    best_trivial, best_article = min(trivial), min(article)
    print(
        f"CPU per request (best of {options.rounds} x {options.requests}):"
        f" trivial {best_trivial:.2f} ms, article {best_article:.2f} ms"
        f" ({best_article / best_trivial:.1f}x); load average"
        f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    if options.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        cpu_ms(client, articles, options.requests)
        profiler.disable()
        profiler.dump_stats(options.profile)
        print(f"profile in {options.profile}")


if __name__ == "__main__":
    main()
