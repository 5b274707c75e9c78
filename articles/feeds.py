"""RSS 2.0 and Atom feeds of public pieces, to subclass per surface.

`ArticleFeed` holds everything an item needs (author, categories = actors,
published and updated times, a GUID that never changes, its lead image); a
subclass says which pieces (`articles`) and names the feed. Its Atom twin adds
`AtomFeedMixin`.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

from images.feeds import ImageAtomFeed, ImageRssFeed

from .models import Article


class ArticleFeed(Feed):
    feed_type = ImageRssFeed
    limit = 30
    item_guid_is_permalink = False

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).newest_first().with_entities()[: self.limit]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Readers render an item's description as HTML (Atom says type="html"),
        # while the standfirst is plain text: markup in it must stay text.
        return escape(item.standfirst or item.headline)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # From the id, not the slug or URL: an editor may change those, and a
        # feed reader would then show the piece again as new.
        return f"tag:{settings.FEED_GUID_AUTHORITY}:article:{item.pk}"

    def item_author_name(self, item):
        return item.byline or None

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_categories(self, item):
        return [actor.name for actor in item.actors]

    def item_extra_kwargs(self, item):
        return {"image": item.image}

    def author_name(self):
        return settings.SITE_NAME


class AtomFeedMixin:
    feed_type = ImageAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class LatestArticlesFeed(ArticleFeed):
    """Every public piece, newest first: the whole site's feed."""

    limit = 50
    description = "The latest public coverage."

    def title(self):
        return f"{settings.SITE_NAME}: latest coverage"

    def link(self):
        return reverse("articles:home")

    def feed_url(self):
        return reverse("articles:latest-feed")


class LatestArticlesAtomFeed(AtomFeedMixin, LatestArticlesFeed):
    def subtitle(self):
        return self.description

    def feed_url(self):
        return reverse("articles:latest-atom")
