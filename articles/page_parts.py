"""A piece's page, assembled from parts rendered once per version of what they show.

The page cache stores whole pages by address, but every write readers see
makes all of them stale at once, so on a busy desk most article pages are built
afresh. Most of that work depends on the piece alone: its sharing tags, its
structured data and the article itself (byline, corrections, body, actors).
Those parts are kept under a digest of what they are made of: the piece's own
fields as stored (so even a write that saves nothing else, in a shell, shows),
the actors it names with their edit times, stamps of its authors and of its
corrections read in the same query as the piece, and its image's edit. A
stored part is therefore never stale, and nothing needs to remove it.
The related cards are kept by the digest of what they show. A page whose parts
are stored reads the piece with its stamps, its actors (whom the related list
needs anyway) and its related list, all in one statement (articles.page_read):
no authors, no corrections, no Markdown. And a page whose read is what it was
is served whole (newsroom.stored_pages), without its parts.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db.models import Prefetch, prefetch_related_objects
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from newsroom.json_ld import json_ld_text

from .models import ArticleAuthor
from .structured_data import news_article_data


class PageParts:
    """`head` (sharing tags), `main` (the article), `json_ld` (its structured
    data, text) and `related` (the related cards) of a piece's page, read
    from the cache, or made, when the page first shows one: a page stored
    whole (newsroom.stored_pages) needs none of them.

    Expects `article` fetched `with_entities().with_part_stamps()`, as
    `page_read` reads it.
    """

    def __init__(self, *, article, related, request, preview: bool):
        self.article, self.related = article, related
        self.request, self.preview = request, preview
        address = _address_digest(request)
        self.keys = {
            "piece": f"article-parts:{article.pk}:{article.version}:"
            f"{_piece_digest(article)}:{address}:{'preview' if preview else 'page'}",
            "related": f"article-related:{article.slug}:"
            f"{related_digest(related)}:{address}",
        }

    def __getitem__(self, name: str) -> str:
        return self._parts[name]

    @functools.cached_property
    def _parts(self) -> dict[str, str]:
        keys = self.keys
        found = cache.get_many(keys.values())
        made = {}
        piece = found.get(keys["piece"])
        if piece is None:
            piece = made[keys["piece"]] = _piece_parts(
                self.article, self.request, preview=self.preview
            )
        cards = found.get(keys["related"])
        if cards is None:
            cards = made[keys["related"]] = render_to_string(
                "articles/includes/related_cards.html",
                {"article": self.article, "related": self.related},
            )
        if made:
            cache.set_many(made, settings.RENDER_CACHE_SECONDS)
        # Rendered here, so safe; a cache may hand back plain strings.
        return {
            name: mark_safe(part) for name, part in [*piece.items(), ("related", cards)]
        }


def _piece_parts(article, request, *, preview: bool) -> dict[str, str]:
    # What only the parts need, read only when they are made.
    prefetch_related_objects(
        [article],
        Prefetch(
            "author_links", queryset=ArticleAuthor.objects.select_related("author")
        ),
        "corrections",
    )
    context = {"article": article}
    return {
        "head": render_to_string(
            "articles/includes/article_head.html", context, request=request
        ),
        "main": render_to_string(
            "articles/includes/article_main.html", context, request=request
        ),
        # A preview shows none: readers never see it, and an undated draft
        # has no dates to give.
        "json_ld": "" if preview else json_ld_text(news_article_data(article, request)),
    }


def _piece_digest(article) -> str:
    """What the piece's parts are made of: its own fields (as stored, even
    when written without a save), which actors it names and which edit of
    each, the same of its authors, its corrections, its section's name and
    address, and its image's edit."""
    shown = repr([getattr(article, f.attname) for f in article._meta.concrete_fields])
    shown += ",".join(f"{a.pk}@{a.updated_at.timestamp()}" for a in article.actors)
    shown += f";{article.author_stamp};{article.correction_stamp};"
    if article.section_id:
        shown += f"{article.section.name}/{article.section.slug};"
    if article.image_id:
        shown += article.image.stamp
    return _digest(shown)


def _address_digest(request) -> str:
    """The parts hold absolute addresses: those of the site (scheme, host,
    script prefix) and of its logo, which a deploy of a new logo changes."""
    return _site_address_digest(request.scheme, request.get_host(), get_script_prefix())


# A few sites per process at most; a deploy (a new logo) restarts it.
@functools.lru_cache(maxsize=64)
def _site_address_digest(scheme: str, host: str, prefix: str) -> str:
    return _digest(f"{scheme}://{host}{prefix}" + static("img/logo.png"))


@receiver(setting_changed)
def _forget_site_addresses(**kwargs) -> None:
    _site_address_digest.cache_clear()


def related_digest(related) -> str:
    """What the related cards show, as a key."""
    return _digest(
        repr(
            [
                (
                    item.article.pk,
                    item.article.headline,
                    item.article.slug,
                    item.article.publish_at,
                    # "3 days earlier" is counted from the piece the page is of.
                    item.seconds_after,
                    item.article.image.stamp if item.article.image_id else "",
                    [(e.pk, e.name, e.slug) for e in item.shared],
                )
                for item in related
            ]
        )
    )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
