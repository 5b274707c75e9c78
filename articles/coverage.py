"""Aggregates over an actor's whole public coverage, kept in the cache.

Counting, charting and co-coverage read every piece of an actor: about a second
for an actor with 100,000 pieces, so a page cannot compute them per request.
They are cached for COVERAGE_CACHE_SECONDS, or until the next scheduled piece
goes public if that comes sooner, and dropped at once by `coverage_changed()`,
which every write that publishes, withdraws or retags pieces calls; the listed
pieces themselves are always read live.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import get_text_list

from entities.charts import MonthlyChart, monthly_chart
from entities.models import Entity

from .models import Article, ArticleEntity

_GENERATION = "coverage:generation"


@dataclass(frozen=True)
class CoverageSummary:
    count: int
    chart: MonthlyChart | None
    co_coverage: list[dict]
    # The chart as HTML: a bar and a table row per month is most of a page's
    # rendering time, so it is rendered once per cached summary.
    chart_html: str = ""


def coverage_summary(entities: list[Entity]) -> CoverageSummary:
    """Public pieces tagged with all of `entities`: count, per month, and (for
    one actor) the actors most often covered with it."""
    generation = cache.get_or_set(_GENERATION, 0, timeout=None)
    key = f"coverage:{generation}:{'+'.join(str(e.pk) for e in entities)}"
    summary = cache.get(key)
    if summary is None:
        pieces = Article.objects.published().tagged_with_all(entities)
        chart = monthly_chart(pieces.per_month())
        summary = CoverageSummary(
            count=pieces.count(),
            chart=chart,
            chart_html=chart
            and render_to_string(
                "entities/includes/coverage_chart.html",
                {
                    "chart": chart,
                    "entity_names": get_text_list([e.name for e in entities], "and"),
                },
            ),
            co_coverage=(
                list(ArticleEntity.objects.co_coverage(entities[0]))
                if len(entities) == 1
                else []
            ),
        )
        cache.set(
            key,
            summary,
            Article.objects.unchanged_for(settings.COVERAGE_CACHE_SECONDS),
        )
    return summary


def coverage_changed() -> None:
    """Forget every cached summary once the current transaction commits.

    Call after pieces are tagged, retagged, published or withdrawn.
    """
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    cache.add(_GENERATION, 0, timeout=None)
    cache.incr(_GENERATION)
