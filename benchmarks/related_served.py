"""Share of related-coverage reads ranked live, under reads mixed with bulk writes.

    .venv/bin/python benchmarks/related_served.py                  # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench \
        .venv/bin/python benchmarks/related_served.py              # adds the worker

A corpus of --pieces pieces is imported and its lists built; then --rounds
rounds each make one write, then read for --seconds the related lists of
random public pieces (the article page's list, `related_for`), as fast as one
process can: a bulk write every --seconds is far more than a newsroom makes.
The writes cycle through an import of new pieces past RELATED_REFRESH_MAX, a
small import, and a re-import re-tagging old pieces past RELATED_REFRESH_MAX.
A read is live when the stored list could not serve it (`reading._live` ran).
Modes, each from the same corpus:

- baseline: what main did: the big writes' lists dropped and nothing
  recomputing them until someone runs rebuild_related (tasks never run);
- immediate: NEWSROOM_TASKS=immediate, the default: tasks run as the write's
  transaction commits, before the command returns;
- worker (PostgreSQL only: SQLite takes one writer at a time):
  NEWSROOM_TASKS=database, a `manage.py db_worker` process running the queue
  while the reads go on.

Prints each mode's live share and its ratio to the baseline's. Target ≤ 1 %.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if not os.environ.get("DATABASE_URL"):
    _folder = tempfile.mkdtemp(prefix="related-served-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_folder}/bench.sqlite3"

from benchmarks.common import ROOT, django_setup  # noqa: E402

django_setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.related import conf, reading, related_for  # noqa: E402
from entities.models import Entity  # noqa: E402

T0 = datetime(2024, 1, 1, tzinfo=UTC)
ACTORS = 300
BACKENDS = {
    "baseline": "django_tasks.backends.dummy.DummyBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "worker": "django_tasks_db.DatabaseBackend",
}


def records(rng: random.Random, slugs, *, day0: float) -> list[dict]:
    """Published pieces, 3–6 actors each, the common ones far more often."""
    weights = [1 / rank for rank in range(1, ACTORS + 1)]
    lines = []
    for n, slug in enumerate(slugs):
        actors = set(rng.choices(range(ACTORS), weights=weights, k=rng.randint(3, 6)))
        lines.append(
            {
                "slug": slug,
                "headline": f"Piece {slug}",
                "status": "published",
                "publish_at": (T0 + timedelta(days=day0 + n / 40)).isoformat(),
                "entities": [f"Actor {a}" for a in sorted(actors)],
            }
        )
    return lines


def import_lines(folder: Path, name: str, lines: list[dict]) -> None:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())


def corpus_reset(folder: Path, pieces: int) -> None:
    Article.objects.all().delete()
    Entity.objects.all().delete()
    DBTaskResult.objects.all().delete()
    rng = random.Random(1)
    with override_settings(TASKS={"default": {"BACKEND": BACKENDS["immediate"]}}):
        import_lines(folder, "corpus", records(rng, _slugs("c", pieces), day0=0))


def _slugs(prefix: str, count: int, start: int = 0) -> list[str]:
    return [f"{prefix}-{n}" for n in range(start, start + count)]


class LiveCounter:
    """Counts the reads `related_for` ranked live."""

    def __init__(self):
        self.live = 0
        self.original = reading._live

    def __enter__(self):
        def counted(*args, **kwargs):
            self.live += 1
            return self.original(*args, **kwargs)

        reading._live = counted
        return self

    def __exit__(self, *exc):
        reading._live = self.original


def load_run(folder: Path, options, mode: str) -> tuple[int, int, float]:
    """(reads, live reads, seconds) of the mixed load in `mode`."""
    corpus_reset(folder, options.pieces)
    worker = None
    if mode == "worker":
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.05"]
            + ["--no-reload", "--no-startup-delay", "--verbosity", "0"],
            cwd=ROOT,
            env={**os.environ, "NEWSROOM_TASKS": "database"},
        )
    rng = random.Random(2)
    big = conf.RELATED_REFRESH_MAX + 100
    reads = new = 0
    began = time.perf_counter()
    try:
        with (
            override_settings(TASKS={"default": {"BACKEND": BACKENDS[mode]}}),
            LiveCounter() as counter,
        ):
            for round_number in range(options.rounds):
                kind = round_number % 3
                if kind == 0:
                    lines = records(rng, _slugs("n", big, new), day0=new / 40)
                    new += big
                elif kind == 1:
                    lines = records(rng, _slugs("n", 5, new), day0=new / 40)
                    new += 5
                else:
                    retagged = rng.sample(range(options.pieces), big)
                    lines = records(
                        rng, [f"c-{n}" for n in retagged], day0=min(retagged) / 40
                    )
                import_lines(folder, f"round-{round_number}", lines)
                ids = list(
                    Article.objects.published()
                    .filter(entity_links__isnull=False)
                    .distinct()
                    .values_list("pk", flat=True)
                )
                until = time.perf_counter() + options.seconds
                while time.perf_counter() < until:
                    pk = rng.choice(ids)
                    related_for(Article.objects.with_entities().get(pk=pk), limit=5)
                    reads += 1
            live = counter.live
    finally:
        if worker:
            worker.terminate()
            worker.wait()
    return reads, live, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pieces", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=20)
    options = parser.parse_args()
    modes = ["baseline", "immediate"]
    if connection.vendor == "postgresql":
        modes.append("worker")
    print(
        f"{connection.vendor}: {options.pieces:,} pieces, {options.rounds} rounds of "
        f"one write and {options.seconds:.0f} s of related reads; RELATED_REFRESH_MAX "
        f"{conf.RELATED_REFRESH_MAX}"
    )
    folder = Path(tempfile.mkdtemp(prefix="related-served-files-"))
    shares = {}
    for mode in modes:
        reads, live, seconds = load_run(folder, options, mode)
        shares[mode] = live / reads
        ratio = shares[mode] / shares["baseline"] if shares["baseline"] else 0.0
        print(
            f"{mode:9} {live:5} of {reads} reads live = {shares[mode]:6.2%} "
            f"| ratio to baseline {ratio:.3f} | {seconds:.0f} s"
        )


if __name__ == "__main__":
    main()
