from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import StringConstraints

from entities.lookup import Moved, find_entity
from images.api import ImageOut
from newsroom.api_schemas import (
    AuthorRefOut,
    EntityRefOut,
    ErrorOut,
    MovedPermanently,
    PageFilters,
    PageOut,
    Text,
    ValidationErrorOut,
    absolute,
    api_link,
    page_of,
)

from .models import Article, visible_entities
from .ninjs import ninjs_document
from .related import Related, related_for
from .search_actors import search_actors

router = Router(tags=["articles"])
sections_router = Router(tags=["sections"])

LIST_RESPONSES = {301: None, 404: ErrorOut, 422: ValidationErrorOut}
ITEM_RESPONSES = {404: ErrorOut, 410: ErrorOut, 422: ValidationErrorOut}


class ArticleSummaryOut(Schema):
    slug: str
    headline: str
    standfirst: str
    byline: str
    section: str
    language: str = Field(description="BCP 47 tag: en, de, ar, pt-BR.")
    publish_at: datetime
    url: str = Field(description="The piece's reader page.")
    api_url: str
    entities: list[EntityRefOut]
    authors: list[AuthorRefOut]

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return api_link(context, "get_article", obj.slug)

    @staticmethod
    def resolve_section(obj):
        return obj.section.name if obj.section else ""

    @staticmethod
    def resolve_entities(obj):
        return obj.actors

    @staticmethod
    def resolve_authors(obj):
        return obj.authors


class CorrectionOut(Schema):
    at: datetime
    kind: str
    text: str


class ArticleOut(ArticleSummaryOut):
    first_published_at: datetime | None
    updated_at: datetime
    body: str
    body_html: str
    image: ImageOut | None
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_corrections(obj):
        return obj.corrections.all()


class ArticleListOut(PageOut):
    results: list[ArticleSummaryOut]


class ArticleFilters(PageFilters):
    entity: Text | None = Field(None, description="Only pieces tagged with this actor.")
    section: Text | None = Field(
        None, description="Only pieces of this section (any case)."
    )
    language: Text | None = Field(
        None, description="Only pieces in this language (de: de, de-AT, de-CH…)."
    )


class SearchFilters(ArticleFilters):
    # Something besides spacing, and no NUL (see `Text`).
    q: Annotated[str, StringConstraints(pattern=r"^[^\x00]*[^\s\x00][^\x00]*$")] = (
        Field(description="The words to find.")
    )


def filtered(request, filters: ArticleFilters):
    """Public pieces of the filters' section and actor. The slug of an actor
    merged into another answers 301 to the same address with that actor's."""
    articles = Article.objects.published()
    if filters.section:
        articles = articles.in_section(filters.section)
    if filters.language:
        articles = articles.in_language(filters.language)
    if filters.entity:
        try:
            entity = find_entity(filters.entity, visible_entities())
        except Moved as moved:
            query = request.GET.copy()
            query["entity"] = moved.slugs[0]
            raise MovedPermanently(f"{request.path}?{query.urlencode()}") from None
        except Http404:
            raise HttpError(404, f"No actor with slug {filters.entity!r}.") from None
        articles = articles.tagged_with(entity)
    return articles


@router.get("/articles/", response={200: ArticleListOut, **LIST_RESPONSES})
def list_articles(request, filters: Query[ArticleFilters]):
    """Public articles, newest first, optionally of one actor, section and language.

    404 for an unknown actor or a page past the end; 422 for a malformed or
    unknown parameter.
    """
    articles = filtered(request, filters).newest_first().with_entities().with_authors()
    return page_of(request, articles, filters)


class SearchEntityOut(EntityRefOut):
    article_count: int = Field(description="Its public pieces.")


class SearchListOut(ArticleListOut):
    entities: list[SearchEntityOut] = Field(
        description="The actors the query names (a name or an alias, in any case "
        "or accent), in the query's order: the results include every public "
        "piece tagged with them that has the query's other words."
    )
    combined_url: str | None = Field(
        description="The reader page of the pieces about all of them together, "
        "when the query names two or more (unambiguously); else null."
    )


@router.get("/search/", response={200: SearchListOut, **LIST_RESPONSES})
def search_articles(request, filters: Query[SearchFilters]):
    """The site's search over public articles, best match first, optionally
    within one actor's coverage and one section: the search page's results,
    with the actors the query names."""
    terms = " ".join(filters.q.split())
    actors = search_actors(terms)
    articles = (
        filtered(request, filters).search(terms, actors).with_entities().with_authors()
    )
    combined_url = actors.combined_url
    return page_of(request, articles, filters) | {
        "entities": actors.entities,
        "combined_url": request.build_absolute_uri(combined_url)
        if combined_url
        else None,
    }


def public_article(slug: str) -> Article:
    """The public piece `slug` with all an answer about it shows; 410 for one
    the editors withdrew after readers saw it, else 404."""
    article = (
        Article.objects.published()
        .with_entities()
        .with_authors()
        .prefetch_related("corrections")
        .filter(slug=slug)
        .first()
    )
    if article is not None:
        return article
    if Article.objects.gone().filter(slug=slug).exists():
        raise HttpError(410, f"The article {slug!r} was withdrawn.")
    raise HttpError(404, f"No public article with slug {slug!r}.")


@router.get("/articles/{slug}", response={200: ArticleOut, **ITEM_RESPONSES})
def get_article(request, slug: Text):
    return public_article(slug)


class SharedEntityOut(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())


class RelatedOut(Schema):
    slug: str
    headline: str
    publish_at: datetime
    url: str
    api_url: str
    score: float
    shared_entities: list[SharedEntityOut] = Field(
        description="The actors it shares with the piece, rarest first."
    )

    @staticmethod
    def resolve_slug(obj: Related):
        return obj.article.slug

    @staticmethod
    def resolve_headline(obj: Related):
        return obj.article.headline

    @staticmethod
    def resolve_publish_at(obj: Related):
        return obj.article.publish_at

    @staticmethod
    def resolve_url(obj: Related, context):
        return absolute(context, obj.article.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj: Related, context):
        return api_link(context, "get_article", obj.article.slug)

    @staticmethod
    def resolve_shared_entities(obj: Related):
        return obj.shared


class RelatedListOut(Schema):
    results: list[RelatedOut]


class RelatedFilters(Schema):
    limit: int = Field(5, ge=1, le=50)


@router.get(
    "/articles/{slug}/related", response={200: RelatedListOut, **ITEM_RESPONSES}
)
def get_related(request, slug: Text, filters: Query[RelatedFilters]):
    """Related public coverage, best first, each with the actors it shares (rarest
    first); `limit` is 1 to 50."""
    article = Article.objects.published().with_entities().filter(slug=slug).first()
    if article is None:
        raise HttpError(404, f"No public article with slug {slug!r}.")
    return {"results": related_for(article, limit=filters.limit)}


@router.get(
    "/articles/{slug}/ninjs",
    response={200: dict, **ITEM_RESPONSES},
    summary="The piece as an IPTC ninjs 3.1 document",
)
def get_article_ninjs(request, slug: Text):
    """The public piece as IPTC ninjs 3.1 (News in JSON), the wire services'
    format: headline, summary, HTML and plain-text bodies, byline, its actors
    with their Wikidata URIs and the lead image's renditions as the
    `featureimage` association."""
    article = public_article(slug)
    return ninjs_document(article, absolute=request.build_absolute_uri)


class SectionOut(Schema):
    slug: str
    name: str
    description: str
    count: int = Field(description="Its public pieces.")
    url: str = Field(description="The section's reader page.")
    api_url: str = Field(description="Its public pieces in the API.")

    @staticmethod
    def resolve_url(section, context):
        return absolute(context, section.get_absolute_url())

    @staticmethod
    def resolve_api_url(section, context):
        query = urlencode({"section": section.name})
        return absolute(context, f"{reverse('api:list_articles')}?{query}")


class SectionListOut(PageOut):
    results: list[SectionOut]


@sections_router.get("/sections/", response={200: SectionListOut, **LIST_RESPONSES})
def list_sections(request, filters: Query[PageFilters]):
    """The sections that have public pieces, in the editors' order, with how
    many each."""
    return page_of(request, Article.objects.published().section_counts(), filters)
