from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest

from articles.models import Article, last_public_change
from authors.models import Author


class AuthorSitemap(Sitemap):
    """Pages of authors with public pieces; each changed when its newest piece
    or the author's own text did."""

    def get_latest_lastmod(self):
        # Django's default loads every item for this; the index only needs a max.
        public = Article.objects.published()
        latest = [
            public.filter(author_links__isnull=False).last_modified(),
            Author.objects.filter(article_links__article__in=public).aggregate(
                latest=Max("updated_at")
            )["latest"],
        ]
        return max(filter(None, latest), default=None)

    def items(self):
        return (
            Author.objects.annotate(
                last_piece=last_public_change("article_links__article__")
            )
            .filter(last_piece__isnull=False)
            .annotate(changed_at=Greatest("last_piece", "updated_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.changed_at
