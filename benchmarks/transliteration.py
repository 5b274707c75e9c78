"""Matching actors' names across transliterations, against today's rule.

    .venv/bin/python benchmarks/transliteration.py [--pairs FILE] [--show]

Reads labelled pairs of names written for this project (by default
tests/data/transliteration_pairs.jsonl, lines of {"a", "b", "same"}:
two spellings of one actor, or names of two different actors) and judges each
pair three ways: the old rule (the same `name_key`: case, accents, spacing),
the new certain rule (the same `match_key`: what imports and autotag treat as
one name), and the new rule with `likely_same` (what an import reports for an
editor to confirm, never merging it). Prints precision and recall of each.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from entities.normalization import likely_same, match_key, name_key  # noqa: E402

PAIRS = (
    Path(__file__).resolve().parent.parent / "tests/data/transliteration_pairs.jsonl"
)


def read_pairs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def old_rule(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def certain_rule(a: str, b: str) -> bool:
    return match_key(a) == match_key(b)


def reported_rule(a: str, b: str) -> bool:
    return certain_rule(a, b) or likely_same(match_key(a), match_key(b))


RULES = {
    "today's rule (name_key)": old_rule,
    "new, certain (match_key)": certain_rule,
    "new, certain or reported": reported_rule,
}


def scores(pairs: list[dict], rule) -> tuple[float, float, list[dict]]:
    """Precision, recall and the pairs judged wrongly."""
    said_same = [pair for pair in pairs if rule(pair["a"], pair["b"])]
    right = [pair for pair in said_same if pair["same"]]
    same = [pair for pair in pairs if pair["same"]]
    precision = len(right) / len(said_same) if said_same else 1.0
    recall = len(right) / len(same) if same else 1.0
    wrong = [pair for pair in pairs if rule(pair["a"], pair["b"]) != pair["same"]]
    return precision, recall, wrong


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--show", action="store_true", help="List misjudged pairs.")
    options = parser.parse_args()
    pairs = read_pairs(options.pairs)
    same = sum(pair["same"] for pair in pairs)
    print(f"{len(pairs)} pairs: {same} the same actor, {len(pairs) - same} not")
    print(f"{'rule':<28} {'precision':>9} {'recall':>7}")
    for name, rule in RULES.items():
        precision, recall, wrong = scores(pairs, rule)
        print(f"{name:<28} {precision:>9.3f} {recall:>7.3f}")
        if options.show:
            for pair in wrong:
                print(f"    {'missed' if pair['same'] else 'taken as one'}: {pair}")


if __name__ == "__main__":
    main()
