from django.contrib.sitemaps import Sitemap

from articles.models import Article, last_public_change
from entities.models import Entity


class EntitySitemap(Sitemap):
    """Actor pages with public coverage; each changed when its newest piece did."""

    def get_latest_lastmod(self):
        # Django's default loads every item for this; the index only needs a max.
        return (
            Article.objects.published()
            .filter(entity_links__isnull=False)
            .last_modified()
        )

    def items(self):
        return (
            Entity.objects.annotate(
                last_public_change=last_public_change("article_links__content_object__")
            )
            .filter(last_public_change__isnull=False)
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.last_public_change
