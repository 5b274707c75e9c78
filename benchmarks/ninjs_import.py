"""ninjs import throughput against the JSON Lines import of the same pieces.

The same N pieces (each with an HTML body of four paragraphs and 5 actors out
of a vocabulary of 400: people, organisations and places, some with Wikidata
ids) are written once as JSON Lines and once as a ninjs 3.1 array, and each file
is imported with `import_articles` into an empty database: documents per second
of each, and the ratio ninjs / JSON Lines (the target is at least 0.5x).

    .venv/bin/python benchmarks/ninjs_import.py [--documents 10000] [--runs 1]

Runs on a fresh SQLite file in a temporary folder unless DATABASE_URL is set.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
FOLDER = Path(tempfile.mkdtemp())
os.environ.setdefault("DATABASE_URL", f"sqlite:///{FOLDER}/ninjs-bench.sqlite3")

from benchmarks.common import django_setup  # noqa: E402

django_setup()

from django.core.management import call_command  # noqa: E402

from articles.models import Article  # noqa: E402
from entities.models import Entity  # noqa: E402

KINDS = {"people": "person", "organisations": "organisation", "places": "place"}
WORDS = (
    "talks border ceasefire officials minister crossing statement security "
    "delegation agreement council envoy negotiations aid convoy"
).split()


def vocabulary(size: int, rng: random.Random) -> list[dict]:
    actors = []
    for number in range(size):
        key = list(KINDS)[number % 3]
        actor = {"key": key, "name": f"Actor {number} {rng.choice(WORDS).title()}"}
        if number % 4 == 0:
            actor["wikidata_id"] = f"Q{900000 + number}"
        actors.append(actor)
    return actors


def pieces(count: int, actors: list[dict], rng: random.Random) -> list[dict]:
    made = []
    for number in range(count):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "."
            for _ in range(4)
        ]
        made.append(
            {
                "number": number,
                "headline": f"Piece {number}: {' '.join(rng.sample(WORDS, 5))}",
                "standfirst": " ".join(rng.sample(WORDS, 12)).capitalize() + ".",
                "paragraphs": paragraphs,
                "actors": rng.sample(actors, 5),
                "at": f"2018-{1 + number % 12:02d}-{1 + number % 28:02d}T12:00:00Z",
            }
        )
    return made


def as_jsonl(piece: dict) -> dict:
    return {
        "slug": f"piece-{piece['number']}",
        "headline": piece["headline"],
        "standfirst": piece["standfirst"],
        "body": "\n\n".join(piece["paragraphs"]),
        "byline": "Wire",
        "status": "published",
        "publish_at": piece["at"],
        "entities": [
            {"name": a["name"], "kind": KINDS[a["key"]]}
            | ({"wikidata_id": a["wikidata_id"]} if "wikidata_id" in a else {})
            for a in piece["actors"]
        ],
    }


def as_ninjs(piece: dict) -> dict:
    document = {
        "uri": f"urn:bench:{piece['number']}",
        "type": "text",
        "slugline": f"piece-{piece['number']}",
        "version": "1",
        "firstCreated": piece["at"],
        "versionCreated": piece["at"],
        "pubStatus": "usable",
        "language": "en",
        "headlines": [{"role": "main", "value": piece["headline"]}],
        "descriptions": [{"role": "summary", "value": piece["standfirst"]}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": "".join(f"<p>{p}</p>" for p in piece["paragraphs"]),
            }
        ],
        "by": "Wire",
    }
    for actor in piece["actors"]:
        entry = {"name": actor["name"]}
        if "wikidata_id" in actor:
            entry["uri"] = f"http://www.wikidata.org/entity/{actor['wikidata_id']}"
        document.setdefault(actor["key"], []).append(entry)
    return document


def import_seconds(path: Path, *extra: str) -> float:
    Article.objects.all().delete()
    Entity.objects.all().delete()
    start = time.perf_counter()
    call_command("import_articles", str(path), *extra, stdout=StringIO())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(17)
    made = pieces(options.documents, vocabulary(400, rng), rng)
    jsonl = FOLDER / "pieces.jsonl"
    jsonl.write_text(
        "".join(json.dumps(as_jsonl(p)) + "\n" for p in made), encoding="utf-8"
    )
    ninjs = FOLDER / "pieces.json"
    ninjs.write_text(json.dumps([as_ninjs(p) for p in made]), encoding="utf-8")
    best = {"jsonl": float("inf"), "ninjs": float("inf")}
    for _ in range(options.runs):
        best["jsonl"] = min(best["jsonl"], import_seconds(jsonl))
        best["ninjs"] = min(best["ninjs"], import_seconds(ninjs, "--publish"))
    assert Article.objects.count() == options.documents
    rates = {name: options.documents / seconds for name, seconds in best.items()}
    print(f"{options.documents} documents, 5 actors each (best of {options.runs})")
    for name in ("jsonl", "ninjs"):
        print(f"  {name:6} {best[name]:7.1f} s  {rates[name]:7.0f} documents/s")
    print(f"  ratio ninjs / JSON Lines: {rates['ninjs'] / rates['jsonl']:.2f}x")


if __name__ == "__main__":
    main()
