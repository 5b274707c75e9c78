"""Search naming an actor on PostgreSQL: the text matches united with the
pieces tagged with the actor (issue 20), against the text search alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom \\
        .venv/bin/python benchmarks/search_actors.py [--articles 20000]

The pieces of `search.py` (rare words in 1 % of them), a rare actor tagged on
2 % and a common one on 30 %, written inside a transaction rolled back at the
end. Each figure is a search page's work: the actors named, the count and the
first 20 results highlighted, median of 5 runs.
"""

import argparse
import random
import sys
import time

from django.db import connection, transaction
from search import RUNS, Rollback, make_articles  # benchmarks/search.py: sets Django up

from articles.models import Article, ArticleEntity  # noqa: E402
from articles.search import search_highlight  # noqa: E402
from articles.search_actors import search_actors  # noqa: E402
from entities.models import Entity, EntityAlias, Kind  # noqa: E402

QUERIES = ["hizbollah", "hizbollah missiles", "israel", "israel ceasefire talks"]


def tag_articles() -> None:
    rng = random.Random(20)
    # As the demo content has them, if it is loaded.
    rare, _ = Entity.objects.get_or_create(name="Hezbollah", kind=Kind.ORGANISATION)
    EntityAlias.objects.get_or_create(entity=rare, name="Hizbollah")
    common, _ = Entity.objects.get_or_create(name="Israel", kind=Kind.COUNTRY)
    ids = list(
        Article.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)
    )
    links = [
        ArticleEntity(content_object_id=pk, tag=actor)
        for pk in ids
        for actor, share in ((rare, 0.02), (common, 0.3))
        if rng.random() < share
    ]
    ArticleEntity.objects.bulk_create(links, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_articleentity")


def first_page_ms(terms: str, with_actors: bool) -> tuple[float, int]:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        actors = search_actors(terms) if with_actors else None
        results = Article.objects.published().search(terms, actors)
        count = results.count()
        search_highlight(list(results[:20]), terms, actors)
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)[RUNS // 2], count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    count = parser.parse_args().articles
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: this measures its plans.")
    try:
        with transaction.atomic():
            make_articles(count)
            tag_articles()
            print(f"{count} public pieces; median of {RUNS} runs, milliseconds")
            head = f"{'query':<24}{'with actors':>14}{'found':>7}"
            print(f"{head}{'text only':>12}{'found':>7}")
            for terms in QUERIES:
                actors_ms, actors_found = first_page_ms(terms, True)
                text_ms, text_found = first_page_ms(terms, False)
                print(
                    f"{terms:<24}{actors_ms:>14.1f}{actors_found:>7}"
                    f"{text_ms:>12.1f}{text_found:>7}"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
