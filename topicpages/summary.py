"""Aggregates over a topic's public coverage, kept in the cache under the
site's content generation (newsroom.page_cache), as actors' summaries are
(entitypages.coverage): counting and charting read every piece of it."""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string

from articles.models import Article, ArticleEntity, public_q
from newsroom.charts import monthly_chart
from newsroom.page_cache import fresh_cached
from topics.models import Part, Topic
from topics.ranking import topic_pieces

MOST_COVERED = 10


@dataclass(frozen=True)
class TopicSummary:
    count: int
    # The chart as HTML, rendered once per cached summary.
    chart_html: str
    # The actors most often tagged on its pieces (those every piece has left
    # out): rows of tag__slug, tag__name, count.
    most_covered: list[dict]


def topic_summary(topic: Topic) -> TopicSummary:
    return fresh_cached(
        f"topic-summary:{topic.pk}",
        partial(_summary_count, topic),
        timeout=partial(Article.objects.unchanged_for, settings.COVERAGE_CACHE_SECONDS),
    )


def _summary_count(topic: Topic) -> TopicSummary:
    pieces = topic_pieces(topic=topic)
    chart = monthly_chart(pieces.per_month())
    required = topic.actor_links.filter(part=Part.ALL_OF).values("tag_id")
    most_covered = (
        ArticleEntity.objects.filter(
            public_q("content_object__"),
            content_object__topic_ranks__topic=topic,
        )
        .exclude(tag__in=required)
        .values("tag__slug", "tag__name")
        .annotate(count=models.Count("id"))
        .order_by("-count", "tag__name", "tag__slug")[:MOST_COVERED]
    )
    return TopicSummary(
        count=pieces.count(),
        chart_html=chart
        and render_to_string(
            "entitypages/includes/coverage_chart.html",
            {"chart": chart, "entity_names": topic.title},
        )
        or "",
        most_covered=list(most_covered),
    )
