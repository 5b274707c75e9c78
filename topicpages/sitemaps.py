from django.contrib.sitemaps import Sitemap
from django.db.models.functions import Greatest

from articles.models import last_public_change
from topics.models import Topic


class TopicSitemap(Sitemap):
    """Published topics; each changed when it or its newest piece did."""

    def items(self):
        return (
            Topic.objects.published()
            .annotate(pieces_changed=last_public_change("ranked__article__"))
            .annotate(changed=Greatest("updated_at", "pieces_changed"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.changed or item.updated_at
