"""RSS 2.0 and Atom feeds of public pieces, to subclass per surface.

`ArticleFeed` holds everything an item needs (its authors, categories =
actors, published and updated times, a GUID that never changes, its lead
image); a subclass says which pieces (`articles`) and names the feed. Its Atom
twin adds `AtomFeedMixin`. The corrections feed, of corrections rather than
pieces, is at the end.

Everything a feed says is text: headlines, standfirsts, bylines, actors' names
and descriptions. The feed classes give it as such, and the two generators
below escape it wherever their format makes readers take it as HTML, so that
a reader shows `<img src=x onerror=…>` as those characters. Django's
generators write one author per item; these write each of an item's
`credits`, (name, address or None) pairs: a `dc:creator` each in RSS, an
`<author>` each in Atom, with the author's page as its `<uri>`.
"""

import html
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from images.feeds import ImageAtomFeed, ImageRssFeed

from .models import Article, Correction, public_q

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def _markup_escape(text: str) -> str:
    """`text` safe as HTML, its quotes left as they are: a reader that takes a
    plain-looking title as text (feedparser does) would show "Iran&#x27;s"."""
    return html.escape(text, quote=False)


class TextRssFeed(ImageRssFeed):
    """RSS 2.0, whose readers take a title or a description as HTML
    (feedparser: a description always, a title that looks like markup)."""

    def __init__(self, title, link, description, **kwargs):
        super().__init__(
            _markup_escape(title), link, _markup_escape(description), **kwargs
        )

    def add_item(self, title, link, description, **kwargs):
        super().add_item(
            _markup_escape(title), link, _markup_escape(description), **kwargs
        )

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _ in item.get("credits", ()):
            handler.addQuickElement("dc:creator", name)
        # RSS has a language per channel only; Dublin Core's says it per item.
        if language := item.get("language"):
            handler.addQuickElement("dc:language", language)


class TextAtomFeed(ImageAtomFeed):
    """Atom, whose titles and subtitle are text already; an item's summary
    is written with type="html"."""

    def add_item(self, title, link, description, **kwargs):
        super().add_item(title, link, _markup_escape(description), **kwargs)

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if language := item.get("language"):
            attributes["xml:lang"] = language
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, address in item.get("credits", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if address:
                # The feed's own link is absolute, as Atom wants every <uri>.
                handler.addQuickElement("uri", urljoin(self.feed["link"], address))
            handler.endElement("author")


class ArticleFeed(Feed):
    feed_type = TextRssFeed
    limit = 30
    item_guid_is_permalink = False

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        articles = self.articles(obj).newest_first().with_entities().with_authors()
        return articles[: self.limit]

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

    def item_extra_kwargs(self, item):
        # Every author, each linked to their page; else the byline as written.
        if authors := item.authors:
            credits = [(a.name, a.get_absolute_url()) for a in authors]
        else:
            credits = [(item.byline, None)] if item.byline else []
        return {"credits": credits, "image": item.image, "language": item.language}

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_categories(self, item):
        return [actor.name for actor in item.actors]

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


class CorrectionsFeed(Feed):
    """Corrections, clarifications and updates to public pieces, newest first."""

    feed_type = TextRssFeed
    limit = 50
    item_guid_is_permalink = False
    description = "Corrections, clarifications and updates to public pieces."

    def title(self):
        return f"{settings.SITE_NAME}: corrections"

    def link(self):
        return reverse("articles:corrections")

    def feed_url(self):
        return reverse("articles:corrections-feed")

    def author_name(self):
        return settings.SITE_NAME

    def items(self):
        return (
            Correction.objects.filter(public_q("article__"))
            .select_related("article")
            .order_by("-at", "-id")[: self.limit]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return f"{item.article.get_absolute_url()}#correction-{item.pk}"

    def item_guid(self, item):
        return f"tag:{settings.FEED_GUID_AUTHORITY}:correction:{item.pk}"

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = TextAtomFeed

    def subtitle(self):
        return self.description

    def feed_url(self):
        return reverse("articles:corrections-atom")
