"""What images cost: making the renditions of a 24-megapixel photo, and the
home page with 20 illustrated cards against the same page without images.

    .venv/bin/python benchmarks/images.py [--runs 3] [--requests 200]

Runs on a fresh SQLite file and a media folder in a temporary directory unless
DATABASE_URL (then that database is migrated and 20 pieces added) or
NEWSROOM_MEDIA_ROOT are set. The photo is drawn (gradients and noise, so it
compresses like a photograph) and carries EXIF. Renditions: median of --runs
uploads through `images.services.image_store` (judging the file, storing it,
every rendition). Home page: p50/p95 of --requests renders with the test
client, the page cache off, with the cards cached (as readers get them) and
with the card cache emptied before each request; the baseline is the same
page after the pieces' images are taken away. Target: at most 1.2×.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
_scratch = tempfile.mkdtemp()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_scratch}/images-bench.sqlite3")
os.environ.setdefault("NEWSROOM_MEDIA_ROOT", f"{_scratch}/media")

import django  # noqa: E402

django.setup()

import numpy  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from PIL import Image as Picture  # noqa: E402

from articles.models import Article, Status  # noqa: E402
from benchmarks.common import percentiles  # noqa: E402
from entities.models import Entity, Kind  # noqa: E402
from images.models import Image  # noqa: E402
from images.services import image_store  # noqa: E402

TARGET_RATIO = 1.2
CARDS = 20


def photo(width: int, height: int, seed: int) -> bytes:
    rng = numpy.random.default_rng(seed)
    x, y = numpy.meshgrid(numpy.linspace(0, 1, width), numpy.linspace(0, 1, height))
    base = numpy.stack([120 + 100 * x, 60 + 120 * y, 180 - 90 * x * y], axis=2)
    noisy = base + rng.normal(0, 18, (height, width, 3))
    picture = Picture.fromarray(numpy.clip(noisy, 0, 255).astype("uint8"))
    exif = Picture.Exif()
    exif[0x0110] = "Benchmark camera"
    exif.get_ifd(0x8825)[2] = (31.0, 46.0, 4.0)
    stream = io.BytesIO()
    picture.save(stream, "JPEG", quality=88, exif=exif)
    return stream.getvalue()


def renditions_figures(runs: int) -> None:
    data = photo(6000, 4000, seed=1)
    times = []
    for run in range(runs):
        start = time.perf_counter()
        image = image_store(image=Image(alt=f"Run {run}"), data=data)
        times.append(time.perf_counter() - start)
    sizes = sum(entry["bytes"] for entry in image.renditions)
    print(
        f"24-megapixel JPEG ({len(data) / 1024**2:.1f} MB, 6000 × 4000): "
        f"{len(image.renditions)} renditions ({sizes / 1024:.0f} KB) in "
        f"{statistics.median(times):.2f} s median of {runs} "
        f"(min {min(times):.2f} s, max {max(times):.2f} s)"
    )


def home_figures(requests: int) -> None:
    actors = [
        Entity.objects.get_or_create(name=f"Bench actor {n}", kind=Kind.OTHER)[0]
        for n in range(6)
    ]
    pieces = []
    for number in range(CARDS):
        image = image_store(
            image=Image(alt=f"Picture {number}", caption="A caption", credit="Bench"),
            data=photo(1600, 1000, seed=number),
        )
        piece = Article.objects.create(
            headline=f"Illustrated benchmark piece {number}",
            standfirst="A standfirst of a sentence or two.",
            status=Status.PUBLISHED,
            image=image,
        )
        piece.entities.add(*actors[number % 4 : number % 4 + 3])
        pieces.append(piece.pk)
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()

    def measure(cold: bool) -> tuple[float, float, int]:
        samples = []
        for _ in range(requests):
            if cold:
                cache.clear()
            start = time.perf_counter()
            assert client.get("/").status_code == 200
            samples.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return (*percentiles(samples), len(queries))

    illustrated = {cold: measure(cold) for cold in (False, True)}
    Article.objects.filter(pk__in=pieces).update(image=None)
    cache.clear()
    plain = {cold: measure(cold) for cold in (False, True)}
    for cold, label in [(False, "cards cached"), (True, "card cache empty")]:
        (p50, p95, queries), (b50, b95, bqueries) = illustrated[cold], plain[cold]
        print(
            f"home, 20 cards, {label}: illustrated {p50:.2f} ms p50 / {p95:.2f} ms "
            f"p95, {queries} queries; without images {b50:.2f} / {b95:.2f} ms, "
            f"{bqueries} queries; ratio {p50 / b50:.2f}× (target ≤ {TARGET_RATIO}×)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    renditions_figures(options.runs)
    home_figures(options.requests)


if __name__ == "__main__":
    main()
