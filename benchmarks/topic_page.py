"""A topic's "Most relevant" read at 100,000 pieces, beside an actor page's.

    createdb -h 127.0.0.1 -U postgres newsroom_topics
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_topics \
        .venv/bin/python benchmarks/topic_page.py --size 100000 --generate

On the synthetic corpus (benchmarks/corpus.py), a topic of a 5-actor rule:
every one of a common actor, at least one of three others, none of a fifth.
Timed, each --lookups times over its pages 1 to 5:

- topic page: the ranked page of the stored list (`topic_articles`), its ids
  alone (the ranking's own cost), then with the pieces' actors and authors as
  the cards need them;
- topic API: `/api/topics/<slug>?page=N` through Django's test client, the
  page cache off (the summary counted once, then cached as on the site);
- baseline, in the same run: the same pages of the rule's first actor's
  coverage, newest first, as its actor page reads them, ids then cards.

Then what keeps the list current costs: `topic_refresh` (what a write touching
the topic adds to it), and ranking the rule live over the tags
(`rule_ranked`), which a page without a stored list would pay per request.
Target: topic page read p95 ≤ 10 ms.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import django_setup, percentiles, timed  # noqa: E402

django_setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article, ArticleEntity  # noqa: E402
from articles.related import actor_weights_refresh  # noqa: E402
from benchmarks.corpus import corpus_generate  # noqa: E402
from entities.models import Entity  # noqa: E402
from topics.models import Topic  # noqa: E402
from topics.ranking import topic_articles, topic_changed, topic_refresh  # noqa: E402
from topics.rules import Rule, rule_ranked  # noqa: E402
from topics.services import topic_rule_set  # noqa: E402

PER_PAGE = 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument(
        "--ranks",
        default="3,5,8,12,20",
        help="the rule's actors by how common they are: all_of, any_of ×3, none_of",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL: set DATABASE_URL.")
    if args.generate or Article.objects.count() != args.size:
        corpus_generate(size=args.size)
        actor_weights_refresh()
    by_coverage = list(
        Entity.objects.annotate(pieces=Count("article_links"))
        .order_by("-pieces", "pk")
        .values_list("pk", flat=True)[:50]
    )
    ranks = [int(rank) for rank in args.ranks.split(",")]
    actors = Entity.objects.in_bulk([by_coverage[rank - 1] for rank in ranks])
    chosen = [actors[by_coverage[rank - 1]] for rank in ranks]
    Topic.objects.filter(slug="benchmark").delete()
    topic = Topic.objects.create(
        slug="benchmark", title="Benchmark", status="published"
    )
    topic_rule_set(
        topic=topic, all_of=chosen[:1], any_of=chosen[1:4], none_of=chosen[4:]
    )
    refresh_ms, _ = timed(topic_changed, topic=topic)
    count = topic_articles(topic=topic).count()
    print(
        f"{args.size} pieces; rule: all of {chosen[0].name} "
        f"({chosen[0].article_links.count()} pieces), at least 1 of "
        f"{', '.join(a.name for a in chosen[1:4])}, none of {chosen[4].name}: "
        f"{count} public pieces on the topic"
    )

    pages = [page % 5 for page in range(args.lookups)]

    def topic_pieces():
        return topic_articles(topic=topic)

    def actor_pieces():
        return Article.objects.published().tagged_with(chosen[0]).newest_first()

    def ids(pieces):
        def read(page: int):
            start = page * PER_PAGE
            return list(pieces().values_list("pk", flat=True)[start : start + PER_PAGE])

        return read

    def cards(pieces):
        def read(page: int):
            start = page * PER_PAGE
            return list(
                pieces().with_entities().with_authors()[start : start + PER_PAGE]
            )

        return read

    client = Client()
    # The view's own work, not the page cache's.
    settings.PAGE_CACHE_SECONDS = 0

    def api(page: int):
        answer = client.get(f"/api/topics/benchmark?page={page + 1}")
        assert answer.status_code == 200, answer.content[:200]

    rows = {}
    for name, read in [
        ("baseline: actor page ids", ids(actor_pieces)),
        ("topic page ids", ids(topic_pieces)),
        ("baseline: actor page cards", cards(actor_pieces)),
        ("topic page cards", cards(topic_pieces)),
        ("topic API (in-process)", api),
    ]:
        for page in range(5):  # warm the buffers, as a live site's are
            read(page)
        rows[name] = percentiles([timed(read, page)[0] for page in pages])
    print(f"\n{'read (pages 1–5)':<28}{'p50 ms':>10}{'p95 ms':>10}")
    for name, (p50, p95) in rows.items():
        print(f"{name:<28}{p50:>10.2f}{p95:>10.2f}")

    rule = Rule.of(topic)
    refreshes = [timed(topic_refresh, topic=topic)[0] for _ in range(5)]
    live = [timed(rule_ranked, rule=rule)[0] for _ in range(5)]
    print(f"\n{'keeping it current':<28}{'p50 ms':>10}{'p95 ms':>10}")
    for name, samples in [
        ("topic_refresh (a write)", [refresh_ms, *refreshes]),
        ("rule_ranked (live)", live),
    ]:
        p50, p95 = percentiles(samples)
        print(f"{name:<28}{p50:>10.1f}{p95:>10.1f}")
    links = ArticleEntity.objects.filter(tag__in=chosen).count()
    print(f"(the rule's actors are on {links} tags)")


if __name__ == "__main__":
    main()
