"""A piece's card, the same on every list, and what it shows of the piece's
actors: the few that say most about it.

Rendering the cards is most of a list page's time. A card only changes when
its piece is saved (its version moves on), one of its actors or authors is
edited (its edit time changes) or the actors it names change order as coverage
grows, and all are in its cache key, so a stored card is never stale; all of
a page's cards are one cache round trip.

A piece may carry a dozen actors; a card names at most CARD_CHIPS of them,
the most specific first (the rarest, by the related coverage's weights, equal
weights by name), and says how many more there are. The page's cards are
weighed together: one query for all of them, whatever their number.

The weights are those stored (ActorWeight), which every save of a piece
recounts for its less frequent actors. An actor not counted yet is new, on the
few pieces just saved: it is taken for the rarest rather than counted on the
page, which would cost the page queries of its own.
"""

import hashlib
import math
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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


def cards_html(articles: Iterable[Article], *, level: int = 2, lead: bool = False):
    """The cards of `articles` (fetched `with_entities().with_authors()`), in
    their order, each rendered once per version of what it shows; `lead`: the
    front's lead story, with its picture large."""
    articles = list(articles)
    cards_weigh(articles)
    keys = [_card_key(article, level, lead) for article in articles]
    cached = cache.get_many(keys)
    rendered = {
        key: render_to_string(
            "includes/article_card.html",
            {"article": article, "level": level, "lead": lead},
        )
        for key, article in zip(keys, articles, strict=True)
        if key not in cached
    }
    if rendered:
        cache.set_many(rendered, settings.CARD_CACHE_SECONDS)
    # Rendered here, so safe; a cache may hand back plain strings.
    return [mark_safe(cached.get(key) or rendered[key]) for key in keys]


def _card_key(article, level: int, lead: bool) -> str:
    shape = f"{level}{'L' if lead else ''}"
    return f"card:{article.pk}:{article.version}:{shape}:{_shown_digest(article)}"


def _shown_digest(article) -> str:
    """Which actors and authors the piece names and which edit of each, the
    actors its card names, in their order, which edit of its image (a new
    focal point makes new crops) and its section's name and address."""
    shown = ",".join(f"{a.pk}@{a.updated_at.timestamp()}" for a in article.actors)
    shown += ";" + ",".join(
        f"{a.pk}@{a.updated_at.timestamp()}" for a in article.authors
    )
    shown += ";" + ",".join(str(a.pk) for a in getattr(article, "chips", ()))
    if article.image_id:
        shown += f";{article.image.stamp}"
    if article.section_id:
        # A section renamed shows its new name and links to its new address
        # (it is joined with the piece).
        shown += f";{article.section.name}/{article.section.slug}"
    return hashlib.blake2b(shown.encode(), digest_size=12).hexdigest()
