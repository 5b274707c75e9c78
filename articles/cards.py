"""What a card shows of a piece's actors: the few that say most about it.

A piece may carry a dozen actors; a card names at most CARD_CHIPS of them,
the most specific first (the rarest, by the related coverage's weights, equal
weights by name), and says how many more there are. The page's cards are
weighed together: one query for all of them, whatever their number.

The weights are those stored (ActorWeight), which every save of a piece
recounts for its less frequent actors. An actor not counted yet is new, on the
few pieces just saved: it is taken for the rarest rather than counted on the
page, which would cost the page queries of its own.
"""

import math
from collections.abc import Iterable

from .models import Article
from .related.ranking import rarest_first
from .related.weights import stored_weights

CARD_CHIPS = 3


def cards_weigh(articles: Iterable[Article]) -> None:
    """Set `chips` (the actors a card names) and `more_actors` (how many it
    leaves out) on those of `articles` not weighed yet, fetched
    `with_entities()`."""
    articles = [article for article in articles if not hasattr(article, "chips")]
    actors = {entity.pk: entity for article in articles for entity in article.actors}
    weights = stored_weights(actors) if actors else {}
    weights |= dict.fromkeys(actors.keys() - weights.keys(), math.inf)
    for article in articles:
        ranked = rarest_first([entity.pk for entity in article.actors], weights, actors)
        article.chips = ranked[:CARD_CHIPS]
        article.more_actors = len(ranked) - len(article.chips)
