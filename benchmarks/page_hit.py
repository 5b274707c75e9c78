"""What a page-cache hit costs on Redis, and how large stored pages are.

A hit reads the page and the content generation from Redis in one round trip
and asks the database for the generation at most once per
PAGE_GENERATION_RECHECK_SECONDS (newsroom.page_cache). The baseline is the
same hits with that period made endless, so the database is never asked: what
the database's generation adds to a hit.

    REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python benchmarks/page_hit.py [--seconds 5]

Runs on the demo content in a fresh SQLite file in a temporary folder unless
DATABASE_URL is set; keys get a prefix of their own and are removed after.
"""

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/page-hit-bench.sqlite3"
)

import django  # noqa: E402

django.setup()

from common import percentiles  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from newsroom.page_cache import page_address  # noqa: E402


def hits(client: Client, url: str, seconds: float) -> tuple[list[float], int]:
    """Per-hit milliseconds and the queries of `seconds` of hits on `url`."""
    client.get(url)
    samples = []
    with CaptureQueriesContext(connection) as queries:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
    return samples, len(queries)


def stored_bytes(client: Client, url: str) -> int:
    request = client.get(url).wsgi_request
    key = cache.make_key(page_address(request).key)
    return len(cache._cache.get_client(key).get(key) or b"")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    options = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: the figures are those of Redis.")
    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        call_command("load_demo", verbosity=0)
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    prefix = f"bench-{uuid.uuid4().hex}"
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    article = Article.objects.published().newest_first().first()
    actor = article.entities.first()
    urls = ["/", article.get_absolute_url(), actor.get_absolute_url()]
    client = Client()
    try:
        print(f"{options.seconds:g} s of hits per page, {connection.vendor}")
        print("| page | p50 | p95 | queries | p50, no recheck | p95, no recheck |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for url in urls:
            samples, queries = hits(client, url, options.seconds)
            with override_settings(PAGE_GENERATION_RECHECK_SECONDS=float("inf")):
                baseline, _ = hits(client, url, options.seconds)
            p50, p95 = percentiles(samples)
            b50, b95 = percentiles(baseline)
            print(
                f"| {url} | {p50:.2f} ms | {p95:.2f} ms | {queries} in"
                f" {len(samples)} hits | {b50:.2f} ms | {b95:.2f} ms |"
            )
        for url in [*urls, "/search/?q=hamas"]:
            print(f"stored {url}: {stored_bytes(client, url) / 1024:.1f} KiB")
    finally:
        redis = cache._cache.get_client(write=True)
        keys = list(redis.scan_iter(f"{prefix}:*"))
        if keys:
            redis.delete(*keys)


if __name__ == "__main__":
    main()
