"""Actors' rarity weights: counted from the public pieces, kept in ActorWeight."""

from collections.abc import Iterable

from django.db.models import Count

from entities.models import Entity

from ..models import Article, ArticleEntity, public_q
from . import conf
from .models import ActorWeight
from .queries import CandidateRow, known_weights
from .scoring import idf


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
    kind_weights = conf.RELATED_KIND_WEIGHTS
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


def actor_weights_recount(*, entities: set[Entity]) -> None:
    """Recount those of these actors on few enough pieces for one to matter."""
    settled = set(
        ActorWeight.objects.filter(
            entity__in=entities, article_count__gte=conf.RELATED_RECOUNT_BELOW
        ).values_list("entity_id", flat=True)
    )
    if stale := [entity for entity in entities if entity.pk not in settled]:
        actor_weights_refresh(entities=stale)


def stored_weights(entity_ids: Iterable[int]) -> dict[int, float]:
    """The weights stored for these actors, in one query; an actor never
    counted yet has none."""
    return dict(
        ActorWeight.objects.filter(entity_id__in=list(entity_ids)).values_list(
            "entity_id", "weight"
        )
    )


def actor_weights(entities: Iterable[Entity]) -> dict[int, float]:
    """Stored weights; actors never counted yet are counted now, not stored."""
    kinds = {entity.pk: entity.kind for entity in entities}
    weights = stored_weights(kinds)
    if missing := kinds.keys() - weights.keys():
        counted = _counted_weights({pk: kinds[pk] for pk in missing}, _snapshot_total())
        weights |= {pk: weight for pk, (_, weight) in counted.items()}
    return weights


def candidate_weights(
    rows: list[CandidateRow], actors: dict[int, Entity]
) -> dict[int, float]:
    """The weights of the actors in `rows`, stored or, if never stored, counted."""
    weights = known_weights(rows)
    if missing := {pk for row in rows for pk in row[2]} - weights.keys():
        weights |= actor_weights(actors[pk] for pk in missing)
    return weights
