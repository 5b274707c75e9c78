from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils.text import get_text_list

from articles.feeds import ArticleFeed, AtomFeedMixin
from articles.models import Article, visible_entities
from entities.addresses import entities_url
from entities.lookup import Moved, find_entities


class EntityFeed(ArticleFeed):
    """The coverage of one actor, or of several at once (`slugs`), as RSS."""

    surface = "feed"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Moved as moved:
            return HttpResponsePermanentRedirect(
                entities_url(moved.slugs, self.surface)
            )

    def get_object(self, request, slug=None, slugs=None):
        return find_entities([slug] if slug else slugs, visible_entities())

    def articles(self, entities):
        return Article.objects.published().tagged_with_all(entities)

    def title(self, entities):
        return f"{settings.SITE_NAME}: {' + '.join(e.name for e in entities)}"

    def description(self, entities):
        names = get_text_list([e.name for e in entities], "and")
        if len(entities) == 1:
            return entities[0].description or f"The latest coverage of {names}."
        return f"The latest coverage of {names} together."

    def link(self, entities):
        return entities_url([e.slug for e in entities])

    def feed_url(self, entities):
        return entities_url([e.slug for e in entities], self.surface)


class EntityAtomFeed(AtomFeedMixin, EntityFeed):
    surface = "atom"
