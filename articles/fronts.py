"""Curated fronts: pieces editors pin to the top of the home page or a section's.

A pin shows only while its piece is public (`public_q`) and the pin has not
expired, both decided in the query that reads the front: nothing runs when a
piece is withdrawn or a pin's time is up, and the next request is right.
"""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from sections.models import Section

from .models import Article, public_q


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
