"""Recomputing every neighbour list at once, exactly, from the corpus held in memory.

For a piece A, a candidate B whose first shared actor, taking A's actors rarest
first, is the j-th scores at most tail_j × exp(−|Δt|/τ), tail_j being the summed
weight of A's j-th and later actors. So each actor's pieces are walked outwards
in time from A, and the walk stops once that bound falls below the current
K-th best score; the later, more common actors are often not walked at all.
Every candidate met is scored on everything it shares with A, so the lists are
the exact ranking of articles/related.py, at a fraction of its cost.

Work is done in batches of pieces in id order; a batch's lists and their
`related_refreshed_at` stamp are written in one transaction, so `--resume`
continues with the pieces not stamped since the interrupted run began.
"""

import heapq
import math
import multiprocessing
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from .models import ActorWeight, ArticleEntity, RelatedArticle
from .related import _candidates, actor_weights_refresh


@dataclass
class Corpus:
    weights: dict[int, float]
    times: dict[int, float]
    actors: dict[int, tuple[int, ...]]
    # actor id → (publish timestamps ascending, piece ids in the same order)
    postings: dict[int, tuple[list[float], list[int]]] = field(default_factory=dict)


def corpus_load() -> Corpus:
    actor_weights_refresh()
    weights = dict(ActorWeight.objects.values_list("entity_id", "weight"))
    pieces = _candidates().order_by()
    times = {
        pk: publish_at.timestamp()
        for pk, publish_at in pieces.values_list("pk", "publish_at").iterator(
            chunk_size=20_000
        )
    }
    actors: dict[int, list[int]] = {}
    by_actor: dict[int, list[tuple[float, int]]] = {}
    for piece_id, actor_id in (
        ArticleEntity.objects.filter(content_object__in=pieces)
        .order_by()
        .values_list("content_object_id", "tag_id")
        .iterator(chunk_size=50_000)
    ):
        actors.setdefault(piece_id, []).append(actor_id)
        by_actor.setdefault(actor_id, []).append((times[piece_id], piece_id))
    corpus = Corpus(
        weights=weights,
        times=times,
        actors={pk: tuple(sorted(ids)) for pk, ids in actors.items()},
    )
    for actor_id, entries in by_actor.items():
        entries.sort()
        corpus.postings[actor_id] = (
            [timestamp for timestamp, _ in entries],
            [pk for _, pk in entries],
        )
    return corpus


def neighbours(
    corpus: Corpus, piece_id: int, keep: int
) -> list[tuple[float, float, int]]:
    """The `keep` best (score, timestamp, id) for one piece, best first."""
    origin = corpus.times[piece_id]
    mine = {actor_id: corpus.weights[actor_id] for actor_id in corpus.actors[piece_id]}
    order = sorted(mine, key=lambda actor_id: (-mine[actor_id], actor_id))
    tails = list(reversed(list(_running_sums([mine[a] for a in reversed(order)]))))
    scale = settings.RELATED_TIME_SCALE_DAYS * 86400
    best: list[tuple[float, float, int]] = []
    seen = {piece_id}
    floor = 0.0
    times, all_actors, shares = corpus.times, corpus.actors, set(mine).intersection
    for actor_id, tail in zip(order, tails, strict=True):
        if len(best) == keep and tail < best[0][0]:
            break
        # Past this gap even a piece sharing all of tail's actors scores below
        # the current K-th best.
        reach = _reach(tail, best, keep, scale)
        stamps, ids = corpus.postings[actor_id]
        right = bisect_right(stamps, origin)
        left = right - 1
        while True:
            gap_left = origin - stamps[left] if left >= 0 else math.inf
            gap_right = stamps[right] - origin if right < len(stamps) else math.inf
            if gap_left <= gap_right:
                gap, left, other = gap_left, left - 1, ids[left]
            else:
                gap, right, other = gap_right, right + 1, ids[right % len(ids)]
            if gap > reach or gap == math.inf:
                break
            if other in seen:
                continue
            seen.add(other)
            common = shares(all_actors[other])
            if len(common) == 1:
                shared = mine[common.pop()]
            else:
                shared = 0.0
                for other_actor in sorted(common):
                    shared += mine[other_actor]
            score = shared * math.exp(-gap / scale)
            if len(best) < keep:
                heapq.heappush(best, (round(score, 9), times[other], other))
            elif score > floor - 1e-6:
                entry = (round(score, 9), times[other], other)
                if entry <= best[0]:
                    continue
                heapq.heapreplace(best, entry)
            else:
                continue
            floor = best[0][0]
            reach = _reach(tail, best, keep, scale)
    return sorted(best, reverse=True)


def _reach(tail: float, best: list, keep: int, scale: float) -> float:
    if len(best) < keep or best[0][0] <= 0:
        return math.inf
    return scale * math.log(tail / best[0][0]) if tail > best[0][0] else 0.0


def _running_sums(values):
    total = 0.0
    for value in values:
        total += value
        yield total


# The corpus is handed to forked workers as a global so it is shared, not pickled.
_corpus: Corpus | None = None


def _batch_store(piece_ids: list[int]) -> int:
    keep = settings.RELATED_KEEP
    # A piece without actors has an empty list: stamped, never scored.
    rows = [
        RelatedArticle(article_id=piece_id, related_id=other, score=score)
        for piece_id in piece_ids
        if piece_id in _corpus.actors
        for score, _, other in neighbours(_corpus, piece_id, keep)
    ]
    with transaction.atomic():
        RelatedArticle.objects.filter(article_id__in=piece_ids).delete()
        RelatedArticle.objects.bulk_create(rows, batch_size=5000)
        _candidates().filter(pk__in=piece_ids).update(
            related_refreshed_at=timezone.now()
        )
    return len(piece_ids)


def related_rebuild(
    *,
    resume: bool = False,
    workers: int = 1,
    batch_size: int = 1000,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Recompute every neighbour list; returns how many pieces were done."""
    global _corpus
    pieces = _candidates()
    if not resume:
        pieces.update(related_refreshed_at=None)
        RelatedArticle.objects.exclude(article__in=pieces).delete()
    pending = list(
        pieces.filter(related_refreshed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if on_start:
        on_start(len(pending))
    _corpus = corpus_load()
    done = 0
    batches = [pending[i : i + batch_size] for i in range(0, len(pending), batch_size)]
    if workers > 1 and connection.vendor != "sqlite":
        # Each worker opens its own connection: none may be inherited open.
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for count in pool.imap_unordered(_batch_store, batches):
                done += count
                if on_progress:
                    on_progress(count)
    else:
        for batch in batches:
            done += _batch_store(batch)
            if on_progress:
                on_progress(len(batch))
    _corpus = None
    # The planner must know the table is big, or it scans instead of probing.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {RelatedArticle._meta.db_table}")
    return done
