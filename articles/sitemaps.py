from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from .models import Article

# Google News takes pieces of the last two days only, at most 1,000 of them.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class ArticleSitemap(Sitemap):
    def get_latest_lastmod(self):
        # Django's default loads every item for this; the index only needs a max.
        return Article.objects.published().last_modified()

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "publish_at", "updated_at")
            .order_by("publish_at", "id")
        )

    def lastmod(self, item):
        return item.modified_at


class NewsSitemap(Sitemap):
    """Pieces for Google News; rendered by `sitemaps/news.xml`, which reads
    each url's `item` for the news:news fields."""

    limit = NEWS_LIMIT

    def recent(self):
        since = timezone.now() - NEWS_WINDOW
        return Article.objects.published().filter(publish_at__gte=since)

    def get_latest_lastmod(self):
        return self.recent().last_modified()

    def items(self):
        return self.recent().select_related("image").newest_first()[:NEWS_LIMIT]

    def lastmod(self, item):
        return item.modified_at
