from django.conf import settings
from django.urls import reverse

from articles.feeds import ArticleFeed, AtomFeedMixin
from articles.models import Article

from .queries import find_author


class AuthorFeed(ArticleFeed):
    """An author's public pieces, newest first, as RSS."""

    surface = "feed"

    def get_object(self, request, slug):
        return find_author(slug)

    def articles(self, author):
        return Article.objects.published().by_author(author)

    def title(self, author):
        return f"{settings.SITE_NAME}: {author.name}"

    def description(self, author):
        role = f", {author.role}" if author.role else ""
        return f"The latest pieces by {author.name}{role}."

    def link(self, author):
        return author.get_absolute_url()

    def feed_url(self, author):
        return reverse(f"authors:{self.surface}", kwargs={"slug": author.slug})


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    surface = "atom"
