"""What a reader gets: the precomputed list when it is long enough, else the
live ranking."""

from dataclasses import dataclass

from entities.models import Entity
from newsroom.wording import names_listed, time_apart

from ..models import Article
from . import conf
from .queries import ServedRow, card_of, nearby_rows, served_rows
from .ranking import appears_at, best_matches, rarest_first
from .scoring import time_scale
from .weights import candidate_weights

# A card names the two rarest actors it shares: the ones that say most.
NAMED_ON_CARD = 2


@dataclass(frozen=True)
class Related:
    """A related piece, how well it matches, the actors it shares, rarest
    first, and how long after the piece it relates to it appeared (negative:
    before)."""

    article: Article
    score: float
    shared: list[Entity]
    seconds_after: float

    @property
    def named(self) -> list[Entity]:
        """The shared actors a card names."""
        return self.shared[:NAMED_ON_CARD]

    @property
    def when(self) -> str:
        return time_apart(seconds=self.seconds_after)

    @property
    def why(self) -> str:
        """The whole reason, for the related page: every shared actor, and
        which counts most."""
        names = [entity.name for entity in self.shared]
        if len(names) == 1:
            sharing = f"Shares {names[0]} with this piece"
        else:
            sharing = (
                f"Shares {len(names)} actors with this piece: {names_listed(names)}"
                f". The least covered, {names[0]}, counts most"
            )
        return f"{sharing}. Published {self.when}."


def related_for(
    article: Article, *, limit: int, served: list[ServedRow] | None = None
) -> list[Related]:
    """The best `limit` public pieces related to `article`, best first.

    Reads the precomputed list when it has enough public entries, else ranks
    live. Expects `article` fetched `with_entities()`. `served`: its stored
    list as `served_rows(article.pk, limit=limit)` read it, if read already
    (articles.page_read reads it with the piece).
    """
    found = related_served(article, limit=limit, served=served)
    return related_live(article, limit=limit) if found is None else found


def related_served(
    article: Article, *, limit: int, served: list[ServedRow] | None = None
) -> list[Related] | None:
    """`related_for(article)` when the precomputed list answers it, so that
    what it gives follows from the piece and that list alone; None: it is
    ranked live."""
    actors = {entity.pk: entity for entity in article.actors}
    if not actors or limit < 1:
        return []
    if article.related_refreshed_at is None or limit > conf.RELATED_KEEP:
        return None
    if served is None:
        served = served_rows(article.pk, limit=limit)
    found = _served(article, actors, served)
    return found if len(found) == limit else None


def related_live(article: Article, *, limit: int) -> list[Related]:
    """The best `limit` public pieces related to `article`, ranked now: what
    `related_for` gives when `related_served` cannot answer."""
    return _live(article, {entity.pk: entity for entity in article.actors}, limit)


def _served(
    article: Article, actors: dict[int, Entity], rows: list[ServedRow]
) -> list[Related]:
    return [
        _related(article, piece, score, shared)
        for score, shared_ids, piece in rows
        # An actor deleted since the list was stored is no longer shared; a
        # list left short by that is ranked live.
        if (shared := [actors[pk] for pk in shared_ids if pk in actors])
    ]


def _live(article: Article, actors: dict[int, Entity], limit: int) -> list[Related]:
    rows = nearby_rows(
        article.pk,
        list(actors),
        public=True,
        per_actor=max(conf.RELATED_LIVE_PER_ACTOR, limit),
        best=limit,
        origin=appears_at(article),
        scale=time_scale(),
        with_cards=True,
    )
    weights = candidate_weights(rows, actors)
    matches = best_matches(article, rows, weights, limit)
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


def _related(article, piece, score, shared: list[Entity]) -> Related:
    seconds = (piece.publish_at - appears_at(article)).total_seconds()
    return Related(article=piece, score=score, shared=shared, seconds_after=seconds)
