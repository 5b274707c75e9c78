"""The site-wide feeds: every public piece, newest first, as RSS 2.0 and Atom."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Article

FEED_LENGTH = 50


class ArticleItemsFeed(Feed):
    """What a feed says about each piece, shared by every feed of articles."""

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst or item.headline

    def item_guid(self, item):
        # From the id, not the slug or the URL: an editor may change those, and a
        # feed reader would then show the piece again as new.
        return f"tag:{settings.FEED_TAG_AUTHORITY},2026:article:{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [actor.name for actor in item.actors]

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified_at

    def author_name(self):
        return settings.SITE_NAME


class LatestArticlesFeed(ArticleItemsFeed):
    description = "The latest public coverage."

    def title(self):
        return f"{settings.SITE_NAME}: latest coverage"

    def link(self):
        return reverse("articles:home")

    def feed_url(self):
        return reverse("articles:latest-feed")

    def items(self):
        return Article.objects.published().newest_first().with_entities()[:FEED_LENGTH]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

    def feed_url(self):
        return reverse("articles:latest-atom")
