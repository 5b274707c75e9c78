"""RSS 2.0 and Atom feeds of public pieces, to subclass per surface.

`ArticleFeed` holds everything an item needs (author, categories = actors,
published and updated times, a GUID that never changes, its lead image); a
subclass says which pieces (`articles`) and names the feed. Its Atom twin adds
`AtomFeedMixin`.

Everything a feed says is text: headlines, standfirsts, bylines, actors' names
and descriptions. The feed classes give it as such, and the two generators
below escape it wherever their format makes readers take it as HTML, so that
a reader shows `<img src=x onerror=…>` as those characters.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

from images.feeds import ImageAtomFeed, ImageRssFeed

from .models import Article


class TextRssFeed(ImageRssFeed):
    """RSS 2.0, whose readers take a title or a description as HTML
    (feedparser: a description always, a title that looks like markup)."""

    def __init__(self, title, link, description, **kwargs):
        super().__init__(escape(title), link, escape(description), **kwargs)

    def add_item(self, title, link, description, **kwargs):
        super().add_item(escape(title), link, escape(description), **kwargs)


class TextAtomFeed(ImageAtomFeed):
    """Atom, whose titles and subtitle are text already; an item's summary
    is written with type="html"."""

    def add_item(self, title, link, description, **kwargs):
        super().add_item(title, link, escape(description), **kwargs)


class ArticleFeed(Feed):
    feed_type = TextRssFeed
    limit = 30
    item_guid_is_permalink = False

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).newest_first().with_entities()[: self.limit]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst or item.headline

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
    feed_type = TextAtomFeed

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
