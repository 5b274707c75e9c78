"""Ranking candidates exactly, in Python: best first means higher score, then
the newer piece, then the higher id."""

import heapq
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.utils import timezone

from entities.models import Entity

from ..models import Article, ArticleEntity, public_q
from .queries import eligible_q
from .scoring import related_score, shared_weight, time_scale
from .weights import actor_weights

# (score, publish timestamp, id, shared actor ids in id order): tuples compare
# best-last.
Match = tuple[float, float, int, Sequence[int]]


def appears_at(article: Article) -> datetime:
    """When `article` appears: a draft previewed without a date appears now."""
    return article.publish_at or timezone.now()


def best_matches(
    article: Article, candidates: Iterable[tuple], weights: dict[int, float], limit: int
) -> list[Match]:
    """The best `limit` of rows starting (piece id, publish time, the ids of the
    actors it shares with `article`)."""
    origin, scale = appears_at(article).timestamp(), time_scale()
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


def rarest_first(
    actor_ids: Iterable[int], weights: dict[int, float], actors: dict[int, Entity]
) -> list[Entity]:
    """Actors in the order an explanation names them: the heaviest (rarest)
    first, equal weights by name."""
    return sorted(
        (actors[pk] for pk in actor_ids),
        key=lambda entity: (-weights[entity.pk], entity.name_key, entity.pk),
    )


def _public_links(article: Article, actor_ids: list[int]):
    """Every public piece's links to these actors, but `article`'s own."""
    piece = "content_object__"
    return (
        ArticleEntity.objects.filter(eligible_q(piece) & public_q(piece))
        .exclude(content_object=article)
        .filter(tag_id__in=actor_ids)
        .values_list("content_object_id", "content_object__publish_at", "tag_id")
    )


def related_exact(article: Article, *, limit: int) -> list[Match]:
    """The exact ranking over every public piece: for tests and benchmarks."""
    actors = article.actors
    found: dict[int, tuple[int, datetime, list[int]]] = {}
    for piece_id, publish_at, actor_id in _public_links(
        article, [e.pk for e in actors]
    ):
        found.setdefault(piece_id, (piece_id, publish_at, []))[2].append(actor_id)
    return best_matches(article, found.values(), actor_weights(actors), limit)
