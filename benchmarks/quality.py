"""Quality of related coverage against django-taggit's similar_objects().

    createdb -h 127.0.0.1 -U postgres newsroom_bench5_quality
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench5_quality \\
        .venv/bin/python benchmarks/quality.py

Generates (into the given database, emptied first) story threads: a handful of
pieces over two weeks about a family of actors, with hub countries that are on
a large share of all pieces (like countries at war), an older sibling thread a
year or two earlier about the same family, filler pieces carrying the hubs and
the odd family actor, and a few unpublished drafts. A piece's relevant related
coverage is the rest of its thread; precision@5 is measured for Newsroom's
served lists, its live fallback and variants, and for similar_objects() on the
same database, printed side by side.
"""

import argparse
import random
from datetime import UTC, datetime, timedelta

from common import django_setup

HUBS = ["Israel", "Russia", "Ukraine", "United States"]
THREAD_SIZE = 8


def generate(rng: random.Random, families: int, fillers: int) -> dict[int, int]:
    """Write the corpus; return public thread piece id → thread number."""
    from django.core.management import call_command

    from articles.models import Article, ArticleEntity, Status
    from entities.models import Entity, Kind

    call_command("flush", interactive=False, verbosity=0)
    hubs = [Entity.objects.create(name=name, kind=Kind.COUNTRY) for name in HUBS]
    noise = [
        Entity.objects.create(name=f"Figure {n}", kind=Kind.PERSON) for n in range(150)
    ]
    end = datetime(2025, 6, 1, tzinfo=UTC)
    pieces, tags, thread_of = [], [], []

    def add(tagged, publish_at, thread, status=Status.PUBLISHED):
        number = len(pieces)
        pieces.append(
            Article(
                headline=f"Piece {number}",
                slug=f"piece-{number}",
                status=status,
                publish_at=publish_at,
                first_published_at=publish_at,
            )
        )
        tags.append(set(tagged))
        thread_of.append(thread)

    thread = 0
    family_actors = []
    for family in range(families):
        core = [
            Entity.objects.create(name=f"Family {family} actor {n}", kind=Kind.OTHER)
            for n in range(3)
        ]
        family_actors.extend(core)
        home_hubs = rng.sample(hubs, 2)
        recent = end - timedelta(days=rng.uniform(20, 700))
        for start in [recent, recent - timedelta(days=rng.uniform(300, 700))]:
            event = Entity.objects.create(name=f"Event {thread}", kind=Kind.PLACE)
            for _ in range(THREAD_SIZE):
                tagged = rng.sample(core, rng.choice([2, 2, 3]))
                if rng.random() < 0.4:
                    tagged.append(event)
                tagged += [hub for hub in home_hubs if rng.random() < 0.8]
                tagged += [hub for hub in hubs if rng.random() < 0.2]
                tagged += rng.sample(noise, rng.randint(1, 2))
                add(tagged, start + timedelta(days=rng.uniform(0, 14)), thread)
            if rng.random() < 0.3:
                add(tagged, start + timedelta(days=15), None, Status.DRAFT)
            thread += 1
    for _ in range(fillers):
        tagged = [hub for hub in hubs if rng.random() < 0.5]
        tagged += rng.sample(noise, rng.randint(2, 4))
        if rng.random() < 0.3:
            tagged.append(rng.choice(family_actors))
        add(tagged, end - timedelta(days=rng.uniform(0, 1500)), None)
    Article.objects.bulk_create(pieces, batch_size=1000)
    ArticleEntity.objects.bulk_create(
        [
            ArticleEntity(content_object=piece, tag=entity)
            for piece, tagged in zip(pieces, tags, strict=True)
            for entity in tagged
        ],
        batch_size=5000,
    )
    hub_share = sum(bool(set(hubs) & tagged) for tagged in tags) / len(tags)
    print(
        f"{len(pieces)} pieces in {thread} threads of {THREAD_SIZE}, "
        f"{fillers} fillers; a hub on {hub_share:.0%} of pieces"
    )
    return {
        piece.pk: number
        for piece, number in zip(pieces, thread_of, strict=True)
        if number is not None
    }


def precision(articles, thread_of, ranker) -> float:
    hits = 0
    for article in articles:
        top = ranker(article)[:5]
        hits += sum(thread_of.get(pk) == thread_of[article.pk] for pk in top)
    return hits / (5 * len(articles))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=40)
    parser.add_argument("--fillers", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    django_setup()

    from django.test import override_settings

    from articles.models import Article
    from articles.related import (
        actor_weights_refresh,
        related_exact,
        related_for,
        related_rebuild,
    )

    thread_of = generate(random.Random(args.seed), args.families, args.fillers)
    related_rebuild()
    articles = list(Article.objects.with_entities().filter(pk__in=thread_of))
    public = set(Article.objects.published().values_list("pk", flat=True))

    def served(article):
        return [r.article.pk for r in related_for(article, limit=5)]

    def live(article):
        article.related_refreshed_at = None
        return [r.article.pk for r in related_for(article, limit=5)]

    def exact(article):
        return [pk for _, _, pk, _ in related_exact(article, limit=5)]

    def taggit(article):
        return [piece.pk for piece in article.entities.similar_objects()]

    def taggit_public(article):
        return [pk for pk in taggit(article) if pk in public]

    rows = [
        ("Newsroom, served (τ = 30 days)", precision(articles, thread_of, served)),
        ("Newsroom, live fallback", precision(articles, thread_of, live)),
    ]
    variants = [
        ("  variant: τ = 7 days", {"RELATED_TIME_SCALE_DAYS": 7}),
        ("  variant: τ = 90 days", {"RELATED_TIME_SCALE_DAYS": 90}),
        ("  variant: no time decay", {"RELATED_TIME_SCALE_DAYS": 1e9}),
        ("  variant: countries × 0.5", {"RELATED_KIND_WEIGHTS": {"country": 0.5}}),
    ]
    for label, overrides in variants:
        with override_settings(**overrides):
            actor_weights_refresh()
            rows.append((label, precision(articles, thread_of, exact)))
    actor_weights_refresh()
    baseline = precision(articles, thread_of, taggit)
    rows += [
        ("taggit similar_objects()", baseline),
        ("taggit, drafts filtered out", precision(articles, thread_of, taggit_public)),
    ]
    print(f"\nprecision@5 over {len(articles)} public thread pieces")
    for label, value in rows:
        print(f"{label:<36}{value:>7.3f}{value - baseline:>+9.3f} vs taggit")


if __name__ == "__main__":
    main()
