"""Related coverage: which other public pieces to read next, and why.

    score(A, B) = Σ over the actors A and B share of weight(actor) × exp(−|Δt| / τ)

weight is the actor's rarity, idf = ln(1 + (N − df + 0.5) / (df + 0.5)) with N the
public pieces and df those tagged with the actor (BM25's form: never negative, so
sharing even a ubiquitous actor counts a little), times an optional per-kind
multiplier (RELATED_KIND_WEIGHTS); Δt is the time between the two publish times
and τ is RELATED_TIME_SCALE_DAYS. Best first means: higher score, then the newer
piece, then the higher id. Scores are rounded to 9 decimals and shared weights
summed in actor-id order, so that every path — the precomputed table, the live
fallback, the in-memory rebuild, SQLite and PostgreSQL — sorts the same floats.

Readers get the precomputed neighbour lists (RelatedArticle), filtered by the
public rule at read time; when a list is missing or too short for the request
they get the live fallback, which scores the pieces nearest in time of each of
the piece's actors (RELATED_LIVE_PER_ACTOR on each side).
"""

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils import timezone

from entities.models import Entity

from .models import ActorWeight, Article, ArticleEntity, RelatedArticle, public_q
from .related_queries import (
    card_of,
    eligible_q,
    known_weights,
    nearby_rows,
    served_rows,
)

# (score, publish timestamp, id, shared actor ids in id order): tuples compare
# best-last.
Match = tuple[float, float, int, Sequence[int]]


@dataclass(frozen=True)
class Related:
    """A related piece, how well it matches, and the actors it shares, rarest first."""

    article: Article
    score: float
    shared: list[Entity]
    days_apart: int

    @property
    def why(self) -> str:
        count = len(self.shared)
        if count == 1:
            sharing = f"shares {self.shared[0].name}"
        else:
            sharing = f"shares {count} actors, the rarest {self.shared[0].name}"
        if self.days_apart == 0:
            return f"{sharing}; the same day"
        unit = "day" if self.days_apart == 1 else "days"
        return f"{sharing}; {self.days_apart} {unit} apart"


def idf(*, total: int, count: int) -> float:
    return math.log(1 + (total - count + 0.5) / (count + 0.5))


def time_scale() -> float:
    """τ in seconds."""
    return settings.RELATED_TIME_SCALE_DAYS * 86400


def related_score(*, shared_weight: float, seconds_apart: float, scale: float) -> float:
    return round(shared_weight * math.exp(-abs(seconds_apart) / scale), 9)


def shared_weight(weights: dict[int, float], sorted_actor_ids: list[int]) -> float:
    """The summed weight of the shared actors, added in id order on every path."""
    total = 0.0
    for actor_id in sorted_actor_ids:
        total += weights[actor_id]
    return total


# Actor weights ---------------------------------------------------------------


def _counted_weights(
    kinds: dict[int, str] | None, total: int
) -> dict[int, tuple[int, float]]:
    """Count public pieces per actor (of `kinds`, actor id → kind; None: all)."""
    links = ArticleEntity.objects.filter(public_q("content_object__"))
    if kinds is None:
        kinds = dict(Entity.objects.values_list("pk", "kind"))
    else:
        links = links.filter(tag_id__in=list(kinds))
    counts = dict(links.order_by().values_list("tag_id").annotate(count=Count("id")))
    kind_weights = settings.RELATED_KIND_WEIGHTS
    return {
        pk: (
            counts.get(pk, 0),
            # A snapshot N can trail a new actor's count: never below it.
            idf(total=max(total, counts.get(pk, 0)), count=counts.get(pk, 0))
            * kind_weights.get(kind, 1.0),
        )
        for pk, kind in kinds.items()
    }


def _snapshot_total() -> int:
    """N as last counted by rebuild_related: counting a million pieces per save
    would cost more than the rest of a refresh, and idf barely moves with N."""
    total = ActorWeight.objects.values_list("corpus_size", flat=True).first()
    return total if total is not None else Article.objects.published().count()


def actor_weights_refresh(*, entities: Iterable[Entity] | None = None) -> None:
    """Recount the public pieces of these actors, or of all actors and N if None."""
    if entities is None:
        kinds, total = None, Article.objects.published().count()
    else:
        kinds, total = {e.pk: e.kind for e in entities}, _snapshot_total()
    ActorWeight.objects.bulk_create(
        [
            ActorWeight(
                entity_id=pk, article_count=count, weight=weight, corpus_size=total
            )
            for pk, (count, weight) in _counted_weights(kinds, total).items()
        ],
        update_conflicts=True,
        unique_fields=["entity"],
        update_fields=["article_count", "weight", "corpus_size"],
        batch_size=2000,
    )


def actor_weights(entities: Iterable[Entity]) -> dict[int, float]:
    """Stored weights; actors never counted yet are counted now, not stored."""
    kinds = {entity.pk: entity.kind for entity in entities}
    weights = dict(
        ActorWeight.objects.filter(entity_id__in=list(kinds)).values_list(
            "entity_id", "weight"
        )
    )
    if missing := kinds.keys() - weights.keys():
        counted = _counted_weights({pk: kinds[pk] for pk in missing}, _snapshot_total())
        weights |= {pk: weight for pk, (_, weight) in counted.items()}
    return weights


# Ranking ---------------------------------------------------------------------


def _candidates():
    return Article.objects.filter(eligible_q())


def _public_links(article: Article, actor_ids: list[int]):
    """Every public piece's links to these actors, but `article`'s own."""
    piece = "content_object__"
    return (
        ArticleEntity.objects.filter(eligible_q(piece) & public_q(piece))
        .exclude(content_object=article)
        .filter(tag_id__in=actor_ids)
        .values_list("content_object_id", "content_object__publish_at", "tag_id")
    )


def _dated(article: Article) -> datetime:
    """When `article` appears: a draft previewed without a date appears now."""
    return article.publish_at or timezone.now()


def _ranked(
    article: Article, candidates: Iterable[tuple], weights: dict[int, float], limit: int
) -> list[Match]:
    """The best `limit` of rows starting (piece id, publish time, the ids of the
    actors it shares with `article`)."""
    origin, scale = _dated(article).timestamp(), time_scale()
    matches = []
    for piece_id, publish_at, actor_ids, *_ in candidates:
        actor_ids = sorted(actor_ids)
        timestamp = publish_at.timestamp()
        score = related_score(
            shared_weight=shared_weight(weights, actor_ids),
            seconds_apart=timestamp - origin,
            scale=scale,
        )
        matches.append((score, timestamp, piece_id, tuple(actor_ids)))
    return heapq.nlargest(limit, matches)


def related_exact(article: Article, *, limit: int) -> list[Match]:
    """The exact ranking over every public piece: for tests and benchmarks."""
    actors = article.actors
    found: dict[int, tuple[int, datetime, list[int]]] = {}
    for piece_id, publish_at, actor_id in _public_links(
        article, [e.pk for e in actors]
    ):
        found.setdefault(piece_id, (piece_id, publish_at, []))[2].append(actor_id)
    return _ranked(article, found.values(), actor_weights(actors), limit)


# Reading ---------------------------------------------------------------------


def related_for(article: Article, *, limit: int) -> list[Related]:
    """The best `limit` public pieces related to `article`, best first.

    Reads the precomputed list when it has enough public entries, else ranks
    live. Expects `article` fetched `with_entities()`.
    """
    actors = {entity.pk: entity for entity in article.actors}
    if not actors or limit < 1:
        return []
    if article.related_refreshed_at is not None and limit <= settings.RELATED_KEEP:
        served = _served(article, actors, limit)
        if len(served) == limit:
            return served
    return _live(article, actors, limit)


def _served(article: Article, actors: dict[int, Entity], limit: int) -> list[Related]:
    return [
        _related(article, piece, score, shared)
        for score, shared_ids, piece in served_rows(article.pk, limit=limit)
        # An actor deleted since the list was stored is no longer shared; a
        # list left short by that is ranked live.
        if (shared := [actors[pk] for pk in shared_ids if pk in actors])
    ]


def _live(article: Article, actors: dict[int, Entity], limit: int) -> list[Related]:
    rows = nearby_rows(
        article.pk,
        list(actors),
        public=True,
        per_actor=max(settings.RELATED_LIVE_PER_ACTOR, limit),
        best=limit,
        origin=_dated(article),
        scale=time_scale(),
        with_cards=True,
    )
    weights = _weights_for(rows, actors)
    matches = _ranked(article, rows, weights, limit)
    row_of = {row[0]: row for row in rows}
    return [
        _related(
            article,
            card_of(row_of[piece_id]),
            score,
            rarest_first(shared_ids, weights, actors),
        )
        for score, _, piece_id, shared_ids in matches
    ]


def _weights_for(rows, actors: dict[int, Entity]) -> dict[int, float]:
    """The weights of the actors in `rows`, stored or, if never stored, counted."""
    weights = known_weights(rows)
    if missing := {pk for row in rows for pk in row[2]} - weights.keys():
        weights |= actor_weights(actors[pk] for pk in missing)
    return weights


def rarest_first(
    actor_ids: Iterable[int], weights: dict[int, float], actors: dict[int, Entity]
) -> list[Entity]:
    """Actors in the order an explanation names them: the heaviest (rarest)
    first, equal weights by name."""
    return sorted(
        (actors[pk] for pk in actor_ids),
        key=lambda entity: (-weights[entity.pk], entity.name_key, entity.pk),
    )


def _related(article, piece, score, shared: list[Entity]) -> Related:
    days = abs(piece.publish_at - _dated(article)).total_seconds() / 86400
    return Related(article=piece, score=score, shared=shared, days_apart=round(days))


# Refreshing ------------------------------------------------------------------


def related_refresh(*, article_ids: Iterable[int]) -> bool:
    """Bring related coverage up to date after these pieces changed.

    Call after a piece is published, scheduled, withdrawn, edited, re-tagged,
    or its actors merged: recomputes the pieces' own lists, the lists that hold
    them, and puts them into the lists of the pieces they now rank high for.
    Runs in the caller's transaction, so readers see the change and the new
    lists at the same commit. Returns False when there were more pieces than
    RELATED_REFRESH_MAX: their lists, and their places in other lists (which
    may no longer name what they share), are then dropped, so they and the
    pieces whose lists come up short are ranked live until `rebuild_related`.
    """
    ids = set(article_ids)
    if not ids:
        return True
    if len(ids) > settings.RELATED_REFRESH_MAX:
        Article.objects.filter(pk__in=ids).update(related_refreshed_at=None)
        RelatedArticle.objects.filter(related_id__in=ids).delete()
        return False
    with transaction.atomic():
        _refreshes_serialize()
        pieces = list(Article.objects.filter(pk__in=ids).with_entities())
        _recount_actors({actor for piece in pieces for actor in piece.actors})
        holders: dict[int, set[int]] = {pk: set() for pk in ids}
        for piece_id, holder in RelatedArticle.objects.filter(
            related_id__in=ids
        ).values_list("related_id", "article_id"):
            holders[piece_id].add(holder)
        eligible = set(_candidates().filter(pk__in=ids).values_list("pk", flat=True))
        dropped = set()
        for piece in pieces:
            matches = _list_store(piece) if piece.pk in eligible else []
            dropped |= holders[piece.pk] - _offer(piece, matches)
        # Lists a piece dropped out of (withdrawn, re-tagged away) are refilled.
        for holder in Article.objects.filter(pk__in=dropped - ids).with_entities():
            _list_store(holder)
        Article.objects.filter(pk__in=ids).update(related_refreshed_at=timezone.now())
    return True


def _refreshes_serialize() -> None:
    """One refresh at a time: two interleaved ones could deadlock on shared lists.

    A refresh takes ~0.1 s; SQLite serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REFRESH_LOCK])


# Any constant shared by every process; the bytes spell "related".
_REFRESH_LOCK = int.from_bytes(b"related", "big")


def _recount_actors(entities: set[Entity]) -> None:
    settled = set(
        ActorWeight.objects.filter(
            entity__in=entities, article_count__gte=settings.RELATED_RECOUNT_BELOW
        ).values_list("entity_id", flat=True)
    )
    if stale := [entity for entity in entities if entity.pk not in settled]:
        actor_weights_refresh(entities=stale)


def _list_store(article: Article) -> list[Match]:
    """Recompute and store `article`'s list; returns the candidates that may be
    offered (see `_offer`), best first, their shared actors rarest first."""
    RelatedArticle.objects.filter(article=article).delete()
    actors = {entity.pk: entity for entity in article.actors}
    if not actors or article.publish_at is None:
        return []
    best = max(settings.RELATED_KEEP, settings.RELATED_OFFER_LIMIT)
    rows = nearby_rows(
        article.pk,
        list(actors),
        public=False,
        per_actor=settings.RELATED_REFRESH_PER_ACTOR,
        best=best,
        origin=_dated(article),
        scale=time_scale(),
    )
    weights = _weights_for(rows, actors)
    matches = [
        (score, stamp, piece_id, [e.pk for e in rarest_first(ids, weights, actors)])
        for score, stamp, piece_id, ids in _ranked(article, rows, weights, best)
    ]
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article=article, related_id=piece_id, score=score, shared=ids)
        for score, _, piece_id, ids in matches[: settings.RELATED_KEEP]
    )
    return matches


def _offer(article: Article, matches: list[Match]) -> set[int]:
    """Put `article` into the lists of the pieces it now ranks high for.

    Scores and shared actors are symmetric, so each candidate's match from
    `article`'s side is also `article`'s in the candidate's list. Only the best
    RELATED_OFFER_LIMIT candidates are offered: a piece further down would need
    a list whose 20th entry is weaker still. Returns the lists it went into.
    """
    RelatedArticle.objects.filter(related=article).delete()
    matches = matches[: settings.RELATED_OFFER_LIMIT]
    if not matches:
        return set()
    keep = settings.RELATED_KEEP
    lists = {
        row["article_id"]: (row["count"], row["floor"])
        for row in RelatedArticle.objects.filter(
            article_id__in=[piece_id for _, _, piece_id, _ in matches]
        )
        .values("article_id")
        .annotate(count=Count("id"), floor=Min("score"))
    }
    entries = [
        RelatedArticle(article_id=piece_id, related=article, score=score, shared=ids)
        for score, _, piece_id, ids in matches
        if lists.get(piece_id, (0, 0.0))[0] < keep or score >= lists[piece_id][1]
    ]
    RelatedArticle.objects.bulk_create(entries)
    _trim(
        {
            entry.article_id
            for entry in entries
            if lists.get(entry.article_id, (0, 0.0))[0] >= keep
        }
    )
    return {entry.article_id for entry in entries}


def _trim(article_ids: set[int]) -> None:
    """Cut lists grown past RELATED_KEEP back to their best entries."""
    rows: dict[int, list[tuple[float, float, int, int]]] = {}
    for row_id, owner, score, publish_at, related_id in (
        RelatedArticle.objects.filter(article_id__in=article_ids)
        .values_list("id", "article_id", "score", "related__publish_at", "related_id")
        .order_by()
    ):
        rows.setdefault(owner, []).append(
            (score, publish_at.timestamp(), related_id, row_id)
        )
    surplus = [
        row_id
        for entries in rows.values()
        for *_, row_id in sorted(entries, reverse=True)[settings.RELATED_KEEP :]
    ]
    RelatedArticle.objects.filter(pk__in=surplus).delete()
