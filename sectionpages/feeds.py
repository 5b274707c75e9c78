from django.conf import settings
from django.urls import reverse

from articles.feeds import ArticleFeed, AtomFeedMixin
from articles.models import Article

from .queries import find_section


class SectionFeed(ArticleFeed):
    """A section's public pieces, newest first, as RSS."""

    surface = "feed"

    def get_object(self, request, slug):
        return find_section(slug)

    def articles(self, section):
        return Article.objects.published().filter(section=section)

    def title(self, section):
        return f"{settings.SITE_NAME}: {section.name}"

    def description(self, section):
        return section.description or f"The latest pieces in {section.name}."

    def link(self, section):
        return section.get_absolute_url()

    def feed_url(self, section):
        return reverse(f"sections:{self.surface}", kwargs={"slug": section.slug})


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    surface = "atom"
