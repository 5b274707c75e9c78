"""Aggregates over an actor's whole public coverage, kept in the cache.

Counting, charting and co-coverage read every piece of an actor: about a second
for an actor with 100,000 pieces, so a page cannot compute them per request.
They carry the site's content generation (newsroom.page_cache), as stored
pages do, and are served only under it: every write readers can see, an
actor's rename or deletion included, makes them stale together with the pages,
whatever the cache did. They are kept for COVERAGE_CACHE_SECONDS at most, and
never past the next scheduled piece going public; the listed pieces themselves
are always read live.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import get_text_list

from articles.models import Article, ArticleEntity
from entities.models import Entity
from newsroom.charts import MonthlyChart, monthly_chart
from newsroom.page_cache import fresh_cached


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
    return fresh_cached(
        f"coverage:{'+'.join(str(e.pk) for e in entities)}",
        partial(_summary_count, entities),
        timeout=partial(Article.objects.unchanged_for, settings.COVERAGE_CACHE_SECONDS),
    )


def _summary_count(entities: list[Entity]) -> CoverageSummary:
    pieces = Article.objects.published().tagged_with_all(entities)
    chart = monthly_chart(pieces.per_month())
    return CoverageSummary(
        count=pieces.count(),
        chart=chart,
        chart_html=chart
        and render_to_string(
            "entitypages/includes/coverage_chart.html",
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
