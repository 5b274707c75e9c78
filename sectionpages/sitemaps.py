from django.contrib.sitemaps import Sitemap

from articles.models import Article, last_public_change
from sections.models import Section


class SectionSitemap(Sitemap):
    """Pages of sections with public pieces; each changed with its newest piece."""

    def get_latest_lastmod(self):
        return Article.objects.published().filter(section__isnull=False).last_modified()

    def items(self):
        return (
            Section.objects.annotate(changed_at=last_public_change("articles__"))
            .filter(changed_at__isnull=False)
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.changed_at
