"""Speed of related coverage against django-taggit's similar_objects() on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres newsroom_bench5_100k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench5_100k \\
        .venv/bin/python benchmarks/speed.py --size 100000 --generate

Prints per-lookup p50/p95 of the served path (the precomputed table), the live
fallback and similar_objects() with their ratios; agreement of both with the
exact ranking; the rebuild time; the time from publishing a piece to its being
in its neighbour's list; and the p95 of an admin save (form, inline, refresh).
"""

import argparse
import random
import time

from common import django_setup, percentiles, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument(
        "--writes-only", action="store_true", help="only publishing and admin saves"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--exact", type=int, default=100, help="pieces to compare")
    parser.add_argument("--taggit-cap", type=float, default=60.0, help="seconds")
    parser.add_argument("--taggit-budget", type=float, default=120.0, help="seconds")
    args = parser.parse_args()
    django_setup()

    from django.db import connection

    from articles.models import Article
    from articles.related import related_rebuild

    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    if args.generate:
        from corpus import corpus_generate

        started = time.perf_counter()
        corpus_generate(size=args.size, on_progress=lambda step: print(" ", step))
        print(f"generated {args.size} pieces in {time.perf_counter() - started:.0f} s")
    if not args.skip_rebuild:
        seconds = timed(related_rebuild, workers=args.workers)[0] / 1000
        print(f"rebuild_related --workers {args.workers}: {seconds:.1f} s")

    if args.writes_only:
        freshness(20)
        admin_saves(list(Article.objects.published().with_entities()[:30]))
        return
    rng = random.Random(1)
    public_ids = list(Article.objects.published().values_list("pk", flat=True))
    sample = rng.sample(public_ids, min(args.lookups, len(public_ids)))
    articles = list(Article.objects.with_entities().filter(pk__in=sample))
    rows = {
        "served: list read": measure(articles, table_lookup),
        "served: related_for()": measure(articles, served),
        "live fallback": measure(articles, live),
    }
    taggit = measure_taggit(articles, args.taggit_cap, args.taggit_budget)
    print(f"\n{args.size} pieces, {len(articles)} lookups (top 5)")
    print(
        f"{'path':<24}{'p50 ms':>10}{'p95 ms':>10}{'vs taggit p50':>16}"
        f"{'first read p50 / p95 ms':>28}"
    )
    for name, ((p50, p95), (cold_p50, cold_p95)) in rows.items():
        ratio = f"{taggit[0] / p50:.0f}×" if not isinstance(taggit, str) else "—"
        first = f"{cold_p50:.2f} / {cold_p95:.2f}"
        print(f"{name:<24}{p50:>10.2f}{p95:>10.2f}{ratio:>16}{first:>28}")
    if isinstance(taggit, str):
        print(f"{'similar_objects()':<24}{taggit}")
    else:
        print(
            f"{'similar_objects()':<24}{taggit[0]:>10.2f}{taggit[1]:>10.2f}{'1×':>16}"
        )

    agreement(articles[: args.exact])
    freshness(20)
    admin_saves(articles[:30])


def table_lookup(article):
    from articles.related.queries import served_rows

    return served_rows(article.pk, limit=5)


def served(article):
    from articles.related import related_for

    return related_for(article, limit=5)


def live(article):
    from articles.related import related_for

    refreshed, article.related_refreshed_at = article.related_refreshed_at, None
    try:
        return related_for(article, limit=5)
    finally:
        article.related_refreshed_at = refreshed


def measure(articles, lookup):
    """(p50, p95) of a second pass over the pieces, and of the first.

    The first pass reads pages of the indexes that no earlier lookup of the run
    touched, from the operating system's cache or the disk; the second finds
    them in PostgreSQL's buffers, as on a live site, where every article page
    reads the same list and link indexes.
    """
    first = [timed(lookup, article)[0] for article in articles]
    second = [timed(lookup, article)[0] for article in articles]
    return percentiles(second), percentiles(first)


def measure_taggit(articles, cap_seconds, budget_seconds):
    """similar_objects() on as many lookups as fit the budget; none past the cap."""
    from django.db import OperationalError, connection, transaction

    samples = []
    for article in articles:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SET LOCAL statement_timeout = {cap_seconds * 1000:.0f}"
                )
                ms, _ = timed(lambda a: a.entities.similar_objects()[:5], article)
        except OperationalError:
            return f"skipped: a call exceeded the {cap_seconds:.0f} s cap"
        samples.append(ms)
        if sum(samples) > budget_seconds * 1000:
            break
    print(f"  (similar_objects() timed on {len(samples)} lookups)")
    return percentiles(samples)


def agreement(articles):
    from articles.related import related_exact

    served_hits = live_hits = total = 0
    exact_ms = []
    for article in articles:
        ms, exact = timed(related_exact, article, limit=5)
        exact_ms.append(ms)
        exact = {pk for _, _, pk, _ in exact}
        total += len(exact)
        served_hits += len(exact & {r.article.pk for r in served(article)})
        live_hits += len(exact & {r.article.pk for r in live(article)})
    p50, p95 = percentiles(exact_ms)
    print(
        f"\nagreement with the exact ranking (top 5, {len(articles)} pieces): "
        f"served {served_hits / total:.3f}, live fallback {live_hits / total:.3f}"
        f"  (exact ranking itself: p50 {p50:.0f} ms, p95 {p95:.0f} ms)"
    )


def freshness(count):
    """Publish a piece now next to a recent one; time until it is in that list."""
    from django.utils import timezone

    from articles.models import Article, Status
    from articles.related import related_for, related_refresh

    recent = Article.objects.published().with_entities().order_by("-pk")[:count]
    delays, inserted = [], 0
    for number, neighbour in enumerate(recent):
        started = time.perf_counter()
        new = Article.objects.create(
            headline=f"Fresh piece {number}",
            status=Status.PUBLISHED,
            publish_at=timezone.now(),
        )
        new.entities.add(*neighbour.actors)
        related_refresh(article_ids=[new.pk])
        reread = Article.objects.with_entities().get(pk=neighbour.pk)
        found = new.pk in {r.article.pk for r in related_for(reread, limit=5)}
        delays.append((time.perf_counter() - started) * 1000)
        inserted += found
        new.delete()
    p50, p95 = percentiles(delays)
    print(
        f"publish → in neighbour's top 5: p50 {p50:.0f} ms, p95 {p95:.0f} ms "
        f"({inserted}/{len(delays)} found; the refresh runs in the save request)"
    )


def admin_saves(articles):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    durations = []
    for article in articles:
        article.refresh_from_db()
        links = list(article.entity_links.all())
        data = {
            "base_version": str(article.version),
            "headline": article.headline + " (edited)",
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": article.body,
            "byline": article.byline,
            "section": article.section_id or "",
            "status": article.status,
            "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
            "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
            "entity_links-TOTAL_FORMS": str(len(links)),
            "entity_links-INITIAL_FORMS": str(len(links)),
            "pins-TOTAL_FORMS": "0",
            "pins-INITIAL_FORMS": "0",
        }
        for index, link in enumerate(links):
            data[f"entity_links-{index}-id"] = str(link.pk)
            data[f"entity_links-{index}-tag"] = str(link.tag_id)
            data[f"entity_links-{index}-content_object"] = str(article.pk)
        url = reverse("admin:articles_article_change", args=[article.pk])
        ms, response = timed(client.post, url, data)
        assert response.status_code == 302, response.content[:2000]
        durations.append(ms)
    p50, p95 = percentiles(durations)
    print(f"admin save (form + inline + refresh): p50 {p50:.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
