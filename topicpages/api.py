from datetime import date
from typing import Literal

from django.db.models import Count
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from articles.api import ArticleSummaryOut
from articles.models import public_q
from newsroom.api_schemas import (
    EntityRefOut,
    ErrorOut,
    PageFilters,
    PageOut,
    Text,
    ValidationErrorOut,
    absolute,
    api_link,
    page_of,
)
from topics.models import Topic
from topics.ranking import RELEVANT, topic_articles

from .queries import find_topic

router = Router(tags=["topics"])


class TopicSummaryOut(Schema):
    slug: str
    title: str
    url: str = Field(description="The topic's reader page.")
    api_url: str
    article_count: int = Field(description="Its public pieces.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return api_link(context, "get_topic", obj.slug)


class TopicListOut(PageOut):
    results: list[TopicSummaryOut]


@router.get(
    "/topics/", response={200: TopicListOut, 404: ErrorOut, 422: ValidationErrorOut}
)
def list_topics(request, filters: Query[PageFilters]):
    """Published topics, A–Z, with how many public pieces each gathers."""
    topics = Topic.objects.published().annotate(
        article_count=Count("ranked", filter=public_q("ranked__article__"))
    )
    return page_of(request, topics.order_by("title", "id"), filters)


class RuleOut(Schema):
    all_of: list[EntityRefOut] = Field(description="Every piece has each of these.")
    any_of: list[EntityRefOut]
    min_shared: int = Field(description="How many of `any_of` a piece has at least.")
    none_of: list[EntityRefOut] = Field(description="No piece has any of these.")
    since: date | None
    until: date | None


class TopicPieceOut(ArticleSummaryOut):
    pinned: bool = Field(description="Pinned by the editors: shown first.")
    shared_entities: list[EntityRefOut] = Field(
        description="The topic's actors it is tagged with, rarest first."
    )

    @staticmethod
    def resolve_pinned(obj):
        return obj.topic_pinned

    @staticmethod
    def resolve_shared_entities(obj):
        actors = {actor.pk: actor for actor in obj.actors}
        return [actors[pk] for pk in obj.topic_shared or () if pk in actors]


class TopicOut(PageOut):
    slug: str
    title: str
    intro: str = Field(description="Markdown.")
    intro_html: str
    url: str = Field(description="The topic's reader page.")
    api_url: str
    rule: RuleOut
    results: list[TopicPieceOut]


class TopicFilters(PageFilters):
    order: Literal["relevant", "newest"] = Field(
        RELEVANT,
        description="`relevant`: pinned pieces, then the most relevant first, as "
        "the page; `newest`: newest first.",
    )


@router.get(
    "/topics/{slug}", response={200: TopicOut, 404: ErrorOut, 422: ValidationErrorOut}
)
def get_topic(request, slug: Text, filters: Query[TopicFilters]):
    """A published topic, its rule, and its public pieces in the page's order."""
    try:
        topic = find_topic(slug)
    except Http404:
        raise HttpError(404, f"No topic with slug {slug!r}.") from None
    pieces = (
        topic_articles(topic=topic, order=filters.order).with_entities().with_authors()
    )
    context = {"request": request}
    return {
        "slug": topic.slug,
        "title": topic.title,
        "intro": topic.intro,
        "intro_html": topic.intro_html,
        "url": absolute(context, topic.get_absolute_url()),
        "api_url": api_link(context, "get_topic", topic.slug),
        "rule": {
            "all_of": topic.all_of,
            "any_of": topic.any_of,
            "min_shared": topic.min_shared,
            "none_of": topic.none_of,
            "since": topic.since,
            "until": topic.until,
        },
        **page_of(request, pieces, filters),
    }
