"""Keeping the precomputed lists up to date as pieces change: in the writer's
transaction, or in background tasks after a big write."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from newsroom.tasks import background, task_enqueue

from ..models import Article
from . import conf
from .locking import giving_way, lists_lock
from .models import RelatedArticle
from .queries import eligible_pieces, nearby_rows
from .ranking import Match, appears_at, best_matches, rarest_first
from .scoring import time_scale
from .weights import actor_weights_recount, candidate_weights


def related_refresh(*, article_ids: Iterable[int]) -> None:
    """Bring related coverage up to date after these pieces changed.

    Call after a piece is published, scheduled, withdrawn, edited, re-tagged,
    or its actors merged: recomputes the pieces' own lists, the lists that hold
    them, and puts them into the lists of the pieces they now rank high for.
    Runs in the caller's transaction, so readers see the change and the new
    lists at the same commit.

    More pieces than RELATED_REFRESH_MAX (a big import, a merge of a large
    actor) would hold the writer up for minutes. Their lists, and their places
    in other lists (which may no longer name what they share), are dropped in
    the caller's transaction, so readers get them ranked live, and background
    tasks (newsroom.tasks) recompute them: a refresh per RELATED_REFRESH_MAX
    pieces, or one rebuild of every list when the pieces are more than
    RELATED_REBUILD_SHARE of the public ones, the rebuild being the cheaper
    then.
    """
    ids = set(article_ids)
    if not ids:
        return
    if len(ids) <= conf.RELATED_REFRESH_MAX:
        _pieces_refresh(ids)
        return
    # The lock is held to the writer's commit: no savepoint is needed for it.
    with transaction.atomic(savepoint=False):
        lists_lock()
        Article.objects.filter(pk__in=ids).update(related_refreshed_at=None)
        RelatedArticle.objects.filter(related_id__in=ids).delete()
    if len(ids) > conf.RELATED_REBUILD_SHARE * eligible_pieces().count():
        task_enqueue(related_rebuild_task)
        return
    pending, size = sorted(ids), max(conf.RELATED_REFRESH_MAX, 1)
    for start in range(0, len(pending), size):
        task_enqueue(related_refresh_task, article_ids=pending[start : start + size])


@background
def related_refresh_task(*, article_ids: list[int]) -> int:
    """Refresh these pieces' related coverage, as `related_refresh` would in a
    writer's transaction. Idempotent: it recomputes from what is there now."""
    with giving_way():
        _pieces_refresh(set(article_ids))
    return len(article_ids)


@background
def related_rebuild_task() -> int:
    """Recompute every list (`related_rebuild`), serving the stored ones
    meanwhile. Idempotent."""
    # The rebuild holds the corpus in numpy, which only the task's process loads.
    from .rebuild import related_rebuild

    with giving_way():
        return related_rebuild(serving=True)


def _pieces_refresh(ids: set[int]) -> None:
    with transaction.atomic():
        lists_lock()
        pieces = list(Article.objects.filter(pk__in=ids).with_entities())
        actor_weights_recount(
            entities={actor for piece in pieces for actor in piece.actors}
        )
        holders: dict[int, set[int]] = {pk: set() for pk in ids}
        for piece_id, holder in RelatedArticle.objects.filter(
            related_id__in=ids
        ).values_list("related_id", "article_id"):
            holders[piece_id].add(holder)
        eligible = set(
            eligible_pieces().filter(pk__in=ids).values_list("pk", flat=True)
        )
        dropped = set()
        for piece in pieces:
            matches = _list_store(piece) if piece.pk in eligible else []
            dropped |= holders[piece.pk] - _offer(piece, matches)
        # Lists a piece dropped out of (withdrawn, re-tagged away) are refilled.
        for holder in Article.objects.filter(pk__in=dropped - ids).with_entities():
            _list_store(holder)
        Article.objects.filter(pk__in=ids).update(related_refreshed_at=timezone.now())


def _list_store(article: Article) -> list[Match]:
    """Recompute and store `article`'s list; returns the candidates that may be
    offered (see `_offer`), best first, their shared actors rarest first."""
    RelatedArticle.objects.filter(article=article).delete()
    actors = {entity.pk: entity for entity in article.actors}
    if not actors or article.publish_at is None:
        return []
    best = max(conf.RELATED_KEEP, conf.RELATED_OFFER_LIMIT)
    rows = nearby_rows(
        article.pk,
        list(actors),
        public=False,
        per_actor=conf.RELATED_REFRESH_PER_ACTOR,
        best=best,
        origin=appears_at(article),
        scale=time_scale(),
    )
    weights = candidate_weights(rows, actors)
    matches = [
        (score, stamp, piece_id, [e.pk for e in rarest_first(ids, weights, actors)])
        for score, stamp, piece_id, ids in best_matches(article, rows, weights, best)
    ]
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article=article, related_id=piece_id, score=score, shared=ids)
        for score, _, piece_id, ids in matches[: conf.RELATED_KEEP]
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
    matches = matches[: conf.RELATED_OFFER_LIMIT]
    if not matches:
        return set()
    keep = conf.RELATED_KEEP
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
        for *_, row_id in sorted(entries, reverse=True)[conf.RELATED_KEEP :]
    ]
    RelatedArticle.objects.filter(pk__in=surplus).delete()
