"""Curated fronts: pieces editors pin to the top of the home page or a section's.

A pin shows only while its piece is public (`public_q`) and the pin has not
expired, both decided in the query that reads the front: nothing runs when a
piece is withdrawn or a pin's time is up, and the next request is right.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import models
from django.db.models import ExpressionWrapper, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from newsroom.addresses import slug_url
from newsroom.page_cache import fresh_cached
from sections.models import Section

from .models import Article, ArticleEntity, public_q


def live_pin_q(prefix: str = "", *, now: datetime | None = None) -> Q:
    """Pins that have not expired (`prefix` reaches the pin from elsewhere)."""
    now = timezone.now() if now is None else now
    return Q(**{f"{prefix}expires_at__isnull": True}) | Q(
        **{f"{prefix}expires_at__gt": now}
    )


class Pin(models.Model):
    """A piece pinned to a front: the home page (no section) or a section's page."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pins")
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pins",
        help_text="Empty: the home page.",
        verbose_name="front",
    )
    ordering = models.PositiveSmallIntegerField(
        default=0, help_text="Pins are shown from the lowest number up."
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The pin lets go at this time; empty: it stays until removed.",
    )

    class Meta:
        # The home page's first, on every database.
        ordering = [
            models.F("section__order").asc(nulls_first=True),
            "section__name",
            "ordering",
            "id",
        ]
        verbose_name = "pin"
        verbose_name_plural = "front-page pins"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "section"],
                name="pin_article_section_unique",
                violation_error_message="This piece is pinned to that front already.",
            ),
            # NULLs are distinct in a unique index: the home page needs its own.
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(section__isnull=True),
                name="pin_article_home_unique",
                violation_error_message="This piece is pinned to the home page "
                "already.",
            ),
        ]

    def __str__(self):
        return f"{self.article} — {self.front_name}"

    @property
    def front_name(self) -> str:
        return str(self.section) if self.section_id else "Home page"

    @property
    def is_showing(self) -> bool:
        """`front_pinned` for this pin, as it is in memory."""
        live = self.expires_at is None or self.expires_at > timezone.now()
        return live and self.article.is_public


def front_pinned(articles: models.QuerySet, *, section: Section | None = None):
    """Of `articles`, the public ones pinned to the front of `section` (None:
    the home page), in the editors' order: one query."""
    # The home page's pins are those of no section; a piece with no pin has none.
    front = (
        Q(pins__isnull=False, pins__section__isnull=True)
        if section is None
        else Q(pins__section=section)
    )
    return (
        articles.filter(public_q(), front & live_pin_q("pins__"))
        .annotate(pin_order=models.F("pins__ordering"), pin_id=models.F("pins__id"))
        .order_by("pin_order", "pin_id")
    )


def front_rest(articles: models.QuerySet, pinned: list[Article]):
    """Of `articles`, the public ones not among `pinned`, newest first."""
    return (
        articles.filter(public_q())
        .exclude(pk__in=[article.pk for article in pinned])
        .newest_first()
    )


# The home page's first page: a lead story, the top stories beside and under
# it, a block per section, then the rest of the newest.
FRONT_TOP_STORIES = 8
FRONT_SECTION_PIECES = 4
IN_THE_NEWS_ACTORS = 8
IN_THE_NEWS_DAYS = 7
# The strip moves on with the content generation, as every reader page does.
_IN_THE_NEWS = "front:in-the-news"
_IN_THE_NEWS_SECONDS = 3600


@dataclass(frozen=True)
class SectionBlock:
    section: Section
    articles: list[Article]


@dataclass(frozen=True)
class Front:
    lead: Article | None
    top: list[Article]
    sections: list[SectionBlock]
    more: list[Article]

    @property
    def leading(self) -> list[Article]:
        """The lead story, as a list of cards."""
        return [self.lead] if self.lead else []

    @property
    def articles(self) -> list[Article]:
        """Every piece on the page, each once."""
        blocks = [article for block in self.sections for article in block.articles]
        return [*self.leading, *self.top, *blocks, *self.more]


def front_home(
    articles: models.QuerySet, *, pinned: list[Article], newest: list[Article]
) -> Front:
    """The home page's first page from `articles` (fetched as cards need),
    its `pinned` pieces and the `newest` others.

    The lead is the first pinned piece, else the newest with a picture; no
    piece shows twice. The section blocks are one query, whatever the number
    of sections.
    """
    lead = pinned[0] if pinned else _newest_with_image(articles, newest)
    rest = [article for article in [*pinned, *newest] if article is not lead]
    top = rest[: max(FRONT_TOP_STORIES, len(pinned) - 1)]
    shown = {article.pk for article in [lead, *top] if article}
    blocks = _section_blocks(articles, exclude=shown)
    shown |= {article.pk for block in blocks for article in block.articles}
    more = [article for article in newest if article.pk not in shown]
    return Front(lead=lead, top=top, sections=blocks, more=more)


def _newest_with_image(
    articles: models.QuerySet, newest: list[Article]
) -> Article | None:
    if found := next((article for article in newest if article.image_id), None):
        return found
    with_image = articles.filter(public_q(), image__isnull=False).newest_first()
    return with_image.first() or (newest[0] if newest else None)


def _section_blocks(articles: models.QuerySet, *, exclude: set[int]):
    """The newest FRONT_SECTION_PIECES public pieces of each section but
    `exclude`, in the editors' order of sections: numbered within their
    section by the database, so one query serves every section."""
    place = Window(
        RowNumber(),
        partition_by=[models.F("section_id")],
        order_by=[models.F("publish_at").desc(), models.F("id").desc()],
    )
    ranked = (
        articles.filter(public_q(), section__isnull=False)
        .exclude(pk__in=exclude)
        .annotate(place=place)
        .filter(place__lte=FRONT_SECTION_PIECES)
        .order_by("section__order", "section__name", "section_id", "place")
    )
    blocks: dict[int, SectionBlock] = {}
    for article in ranked:
        block = blocks.setdefault(
            article.section_id, SectionBlock(section=article.section, articles=[])
        )
        block.articles.append(article)
    return list(blocks.values())


def in_the_news() -> list[dict]:
    """The actors most covered in the week of the newest public piece, each
    with its `name`, `url` and `count` of pieces: one query per change of the
    site's content, read from the cache in between."""
    return fresh_cached(
        _IN_THE_NEWS,
        _in_the_news_count,
        timeout=partial(Article.objects.unchanged_for, _IN_THE_NEWS_SECONDS),
    )


def _in_the_news_count() -> list[dict]:
    return [
        {
            "name": row["tag__name"],
            "url": slug_url("entities:detail", row["tag__slug"]),
            "count": row["count"],
        }
        for row in _most_covered()
    ]


def _most_covered():
    # The week up to the newest public piece rather than up to now: on a busy
    # site the same, and a quiet one (an archive, the demo) still shows what
    # its latest coverage is about. Only public pieces count, so only actors
    # readers may see are named.
    newest = Article.objects.published().order_by("-publish_at").values("publish_at")
    since = ExpressionWrapper(
        Subquery(newest[:1]) - timedelta(days=IN_THE_NEWS_DAYS),
        output_field=models.DateTimeField(),
    )
    return (
        ArticleEntity.objects.filter(
            public_q("content_object__"), content_object__publish_at__gt=since
        )
        .values("tag__name", "tag__slug", "tag__name_key")
        .annotate(count=models.Count("id"))
        .order_by("-count", "tag__name_key", "tag__slug")[:IN_THE_NEWS_ACTORS]
    )
