"""Recomputing every neighbour list at once, exactly, from the corpus held in memory.

For a piece A, a candidate B whose first shared actor, taking A's actors rarest
first, is the j-th scores at most tail_j × exp(−|Δt|/τ), tail_j being the summed
weight of A's j-th and later actors. So of each actor's pieces only those within
reach in time of A are scored, the reach being where that bound falls below the
current K-th best score; the later, more common actors are often not read at
all. Every candidate met is scored, with numpy, on everything it shares with A,
so the lists are the exact ranking of `ranking.best_matches` (scores equal to 9
decimals) at a fraction of its cost.

Each list entry stores the actors the two pieces share, in the order an
explanation names them (`ranking.rarest_first`), so that reading a list joins no
link table.

Work is done in batches of pieces in id order; a batch's lists and their
`related_refreshed_at` stamp are written in one transaction, so `--resume`
continues with the pieces not stamped since the interrupted run began.
"""

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db import connection, connections, transaction
from django.utils import timezone

from entities.models import Entity

from ..models import Article, ArticleEntity
from . import conf
from .locking import lists_lock
from .models import ActorWeight, RelatedArticle
from .queries import eligible_pieces, eligible_q
from .scoring import related_score_array, time_scale
from .weights import actor_weights_refresh


@dataclass
class Corpus:
    """Pieces and actors by dense index: piece i is `ids[i]`, actor a `actor_ids[a]`."""

    ids: np.ndarray
    times: np.ndarray
    # piece i's actors: actors[piece_start[i]:piece_start[i + 1]], in id order
    piece_start: np.ndarray
    actors: np.ndarray
    actor_ids: np.ndarray
    weights: np.ndarray
    # actor a's place in the order explanations name actors: rarest first
    naming: np.ndarray
    # actor a's pieces by publish time: pieces/stamps[actor_start[a]:actor_start[a + 1]]
    actor_start: np.ndarray
    pieces: np.ndarray
    stamps: np.ndarray


def corpus_load() -> Corpus:
    actor_weights_refresh()
    weight_of = dict(ActorWeight.objects.values_list("entity_id", "weight"))
    ids, times = [], []
    for pk, publish_at in (
        eligible_pieces().order_by("pk").values_list("pk", "publish_at")
    ):
        ids.append(pk)
        times.append(publish_at.timestamp())
    ids, times = np.array(ids, dtype=np.int64), np.array(times)
    links = ArticleEntity.objects.filter(eligible_q("content_object__")).values_list(
        "content_object_id", "tag_id"
    )
    sql, params = links.query.sql_with_params()
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(200_000):
            chunks.append(np.array(rows, dtype=np.int64))
    pairs = np.concatenate(chunks) if chunks else np.zeros((0, 2), dtype=np.int64)
    actor_ids = np.unique(pairs[:, 1])
    piece = np.searchsorted(ids, pairs[:, 0])
    actor = np.searchsorted(actor_ids, pairs[:, 1])
    by_piece = np.lexsort((actor, piece))
    by_actor = np.lexsort((piece, times[piece], actor))
    weights = np.array([weight_of[pk] for pk in actor_ids.tolist()])
    return Corpus(
        ids=ids,
        times=times,
        piece_start=_starts(piece[by_piece], len(ids)),
        actors=actor[by_piece].astype(np.int32),
        actor_ids=actor_ids,
        weights=weights,
        naming=_naming(actor_ids, weights),
        actor_start=_starts(actor[by_actor], len(actor_ids)),
        pieces=piece[by_actor].astype(np.int32),
        stamps=times[piece[by_actor]],
    )


def _naming(actor_ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each actor's place in `ranking.rarest_first` order: weight, then name."""
    name_of = dict(
        Entity.objects.filter(pk__in=actor_ids.tolist()).values_list("pk", "name_key")
    )
    order = sorted(
        range(len(actor_ids)),
        key=lambda a: (-weights[a], name_of[int(actor_ids[a])], int(actor_ids[a])),
    )
    naming = np.empty(len(actor_ids), dtype=np.int64)
    naming[order] = np.arange(len(actor_ids))
    return naming


def _starts(sorted_keys: np.ndarray, count: int) -> np.ndarray:
    return np.searchsorted(sorted_keys, np.arange(count + 1))


class Ranker:
    """Finds one piece's best neighbours; holds scratch arrays reused across pieces.

    Two rounds per piece, each one vectorised pass: the `keep` pieces nearest in
    time on each side in every actor's list give a first K-th best score; then
    each actor's list is read out to its reach for that score.
    """

    def __init__(self, corpus: Corpus, keep: int):
        self.corpus, self.keep = corpus, keep
        self.scale = time_scale()
        self.mine = np.zeros(len(corpus.actor_ids))
        self.shares = np.zeros(len(corpus.actor_ids), dtype=bool)
        self.seen = np.zeros(len(corpus.ids), dtype=bool)
        # One sorted key over all lists, so that one search finds every window.
        self.origin = corpus.times.min() if len(corpus.ids) else 0.0
        self.span = (corpus.times.max() - self.origin + 2) if len(corpus.ids) else 1.0
        self.keys = self._key(
            np.repeat(np.arange(len(corpus.actor_ids)), np.diff(corpus.actor_start)),
            corpus.stamps,
        )

    def _key(self, actors, stamps):
        return actors * self.span + (stamps - self.origin)

    def neighbours(self, piece: int) -> list[tuple[float, float, int, list[int]]]:
        """The `keep` best (score, timestamp, piece id, shared actor ids), best
        first."""
        c, keep = self.corpus, self.keep
        origin = c.times[piece]
        actors = c.actors[c.piece_start[piece] : c.piece_start[piece + 1]]
        weights = c.weights[actors]
        order = np.lexsort((c.actor_ids[actors], -weights))
        actors, weights = actors[order], weights[order]
        # A margin so that summation order never makes a bound too tight.
        tails = np.cumsum(weights[::-1])[::-1] * (1 + 1e-9)
        starts, ends = c.actor_start[actors], c.actor_start[actors + 1]
        middles = np.searchsorted(self.keys, self._key(actors, origin))
        lows = np.maximum(starts, middles - keep)
        highs = np.minimum(ends, middles + keep)
        self.mine[actors] = weights
        self.seen[piece] = True
        first = self._score(_ranges(lows, highs), origin)
        best = _top(first, keep, c.ids)
        floor = best[0][-1] if len(best[0]) == keep else 0.0
        if floor == 0.0:
            # Too few matches yet, or a K-th best scoring 0, which any other
            # piece of these actors ties and may beat by being newer: all are
            # within reach.
            reach = np.full(len(actors), np.inf)
        else:
            reach = np.where(
                tails >= floor,
                self.scale * np.log(np.maximum(tails, floor) / floor) + 1,
                -np.inf,
            )
        reach_low = np.searchsorted(self.keys, self._key(actors, origin - reach))
        reach_high = np.searchsorted(
            self.keys, self._key(actors, origin + reach), side="right"
        )
        reach_low = np.clip(reach_low, starts, lows)
        reach_high = np.clip(reach_high, highs, ends)
        more = self._score(
            np.concatenate([_ranges(reach_low, lows), _ranges(highs, reach_high)]),
            origin,
        )
        scores, stamps, found = _top(
            tuple(np.concatenate(pair) for pair in zip(best, more, strict=True)),
            keep,
            c.ids,
        )
        self.mine[actors] = 0.0
        self.seen[piece] = False
        self.seen[first[2]] = False
        self.seen[more[2]] = False
        self.shares[actors] = True
        shared = self._shared(found)
        self.shares[actors] = False
        return list(
            zip(
                scores.tolist(),
                stamps.tolist(),
                c.ids[found].tolist(),
                shared,
                strict=True,
            )
        )

    def _shared(self, found: np.ndarray) -> list[list[int]]:
        """For each of the `found` pieces, the ids of the actors it has of
        those marked in `shares`, in the order an explanation names them."""
        c = self.corpus
        first = c.piece_start[found]
        lengths = c.piece_start[found + 1] - first
        theirs = c.actors[_ranges(first, first + lengths)]
        owner = np.repeat(np.arange(len(found)), lengths)
        shared = self.shares[theirs]
        theirs, owner = theirs[shared], owner[shared]
        order = np.lexsort((c.naming[theirs], owner))
        ids = c.actor_ids[theirs[order]].tolist()
        ends = np.cumsum(np.bincount(owner, minlength=len(found))).tolist()
        return [ids[start:end] for start, end in zip([0, *ends], ends, strict=False)]

    def _score(self, positions, origin):
        """(scores, timestamps, pieces) of the unseen pieces at list `positions`."""
        c = self.corpus
        found = np.unique(c.pieces[positions])
        found = found[~self.seen[found]]
        self.seen[found] = True
        first = c.piece_start[found]
        lengths = c.piece_start[found + 1] - first
        shared = (
            np.add.reduceat(
                self.mine[c.actors[_ranges(first, first + lengths)]],
                np.cumsum(lengths) - lengths,
            )
            if len(found)
            else np.zeros(0)
        )
        stamps = c.times[found]
        scores = related_score_array(
            shared_weights=shared, seconds_apart=stamps - origin, scale=self.scale
        )
        return scores, stamps, found


def _ranges(lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """All integers of the half-open ranges [lows[i], highs[i]), concatenated."""
    lengths = np.maximum(highs - lows, 0)
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(lows - offsets, lengths) + np.arange(lengths.sum())


def _top(entries, keep: int, ids: np.ndarray):
    """The `keep` best of (scores, timestamps, pieces), best first."""
    scores, stamps, found = entries
    ranked = np.lexsort((ids[found], stamps, scores))[-keep:][::-1]
    return scores[ranked], stamps[ranked], found[ranked]


# Handed to forked workers as a global so that the corpus is shared, not pickled.
_ranker: Ranker | None = None


def _batch_store(piece_ids: list[int]) -> int:
    corpus = _ranker.corpus
    dense = np.searchsorted(corpus.ids, piece_ids)
    rows = [
        (piece_id, other, score, shared)
        for piece_id, piece in zip(piece_ids, dense.tolist(), strict=True)
        if piece < len(corpus.ids) and corpus.ids[piece] == piece_id
        for score, _, other, shared in _ranker.neighbours(piece)
    ]
    with transaction.atomic():
        lists_lock()
        RelatedArticle.objects.filter(article_id__in=piece_ids).delete()
        _rows_insert(rows)
        eligible_pieces().filter(pk__in=piece_ids).update(
            related_refreshed_at=timezone.now()
        )
    return len(piece_ids)


def _rows_insert(rows: list[tuple[int, int, float, list[int]]]) -> None:
    if connection.vendor != "postgresql":
        RelatedArticle.objects.bulk_create(
            [
                RelatedArticle(article_id=a, related_id=b, score=s, shared=shared)
                for a, b, s, shared in rows
            ],
            batch_size=5000,
        )
        return
    # COPY: several times faster than INSERT for the ~20 million rows at 1M pieces.
    table = RelatedArticle._meta.db_table
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {table} (article_id, related_id, score, shared) FROM STDIN"
        ) as copy:
            for article_id, related_id, score, shared in rows:
                # JSON by hand: a third of json.dumps's time, on ~20 million lists.
                actors = f"[{','.join(map(str, shared))}]"
                copy.write_row((article_id, related_id, score, actors))


def related_rebuild(
    *,
    resume: bool = False,
    workers: int = 1,
    batch_size: int = 1000,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    serving: bool = False,
) -> int:
    """Recompute every neighbour list; returns how many pieces were done.

    A rebuild marks every list stale as it starts, so that `resume` knows
    what is left; readers get them ranked live until their batch is done.
    `serving` (a background task's rebuild) keeps the stored lists served
    meanwhile instead, and does the pieces without one first.
    """
    global _ranker
    pieces = eligible_pieces()
    if not resume:
        RelatedArticle.objects.filter(~eligible_q("article__")).delete()
        if not serving:
            pieces.update(related_refreshed_at=None)
    stale = pieces.filter(related_refreshed_at__isnull=True)
    groups = [list(stale.order_by("pk").values_list("pk", flat=True))]
    if serving:
        groups.append(
            list(
                pieces.exclude(pk__in=stale).order_by("pk").values_list("pk", flat=True)
            )
        )
    if on_start:
        on_start(sum(map(len, groups)))
    _ranker = Ranker(corpus_load(), conf.RELATED_KEEP)
    done = 0
    batches = [
        group[i : i + batch_size]
        for group in groups
        for i in range(0, len(group), batch_size)
    ]
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
    _ranker = None
    _tables_tidy()
    return done


def _tables_tidy() -> None:
    """Leave the rewritten tables ready for readers.

    The planner must know their new sizes, or it scans instead of probing. On
    PostgreSQL the rebuild also leaves a dead row version of every list entry
    and every piece (20 and 1.5 million at a million pieces), which slowed
    the live ranking by half until autovacuum came by: vacuuming them costs
    ~30 s. VACUUM cannot run in a transaction, so a caller's keeps to ANALYZE.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in [RelatedArticle, Article]:
            cursor.execute(f"{command} {model._meta.db_table}")
