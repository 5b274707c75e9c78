from datetime import datetime

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from entities.lookup import Moved, find_entity
from images.api import ImageOut
from newsroom.api_schemas import (
    AuthorRefOut,
    EntityRefOut,
    ErrorOut,
    Text,
    ValidationErrorOut,
)

from .models import Article, visible_entities
from .ninjs import ninjs_document
from .related import Related, related_for

router = Router(tags=["articles"])


class ArticleSummaryOut(Schema):
    slug: str
    headline: str
    standfirst: str
    byline: str
    section: str
    language: str = Field(description="BCP 47 tag: en, de, ar, pt-BR.")
    publish_at: datetime
    url: str
    entities: list[EntityRefOut]
    authors: list[AuthorRefOut]

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_absolute_url())

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


class ArticleListOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ArticleSummaryOut]


class ArticleListFilters(Schema):
    entity: Text | None = Field(None, description="Only pieces tagged with this actor.")
    section: Text | None = Field(None, description="Only pieces of this section.")
    language: Text | None = Field(
        None, description="Only pieces in this language (de: de, de-AT, de-CH…)."
    )
    page: int = 1


@router.get(
    "/articles/",
    response={200: ArticleListOut, 301: None, 404: ErrorOut, 422: ValidationErrorOut},
)
def list_articles(request, filters: Query[ArticleListFilters]):
    """Public articles, newest first, optionally of one actor, one section and
    one language.

    The slug of an actor merged into another answers 301 to the same list of
    that actor. 404 for an unknown actor or a page past the end; 422 for a
    malformed parameter.
    """
    articles = Article.objects.published().newest_first().with_entities().with_authors()
    if filters.section:
        articles = articles.filter(section=filters.section)
    if filters.language:
        articles = articles.in_language(filters.language)
    if filters.entity:
        try:
            entity = find_entity(filters.entity, visible_entities())
        except Moved as moved:
            query = request.GET.copy()
            query["entity"] = moved.slugs[0]
            return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")
        except Http404:
            raise HttpError(404, f"No actor with slug {filters.entity!r}.") from None
        articles = articles.tagged_with(entity)
    paginator = Paginator(articles, settings.API_PAGE_SIZE, allow_empty_first_page=True)
    try:
        page = paginator.page(filters.page)
    except EmptyPage:
        raise HttpError(404, f"Page {filters.page} does not exist.") from None
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": list(page.object_list),
    }


@router.get(
    "/articles/{slug}",
    response={200: ArticleOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def get_article(request, slug: Text):
    article = (
        Article.objects.published()
        .with_entities()
        .with_authors()
        .prefetch_related("corrections")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise HttpError(404, f"No public article with slug {slug!r}.")
    return article


class RelatedOut(Schema):
    slug: str
    headline: str
    publish_at: datetime
    score: float
    shared_entities: list[str]

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
    def resolve_shared_entities(obj: Related):
        return [entity.slug for entity in obj.shared]


class RelatedListOut(Schema):
    results: list[RelatedOut]


class RelatedFilters(Schema):
    limit: int = Field(5, ge=1, le=50)


@router.get(
    "/articles/{slug}/related",
    response={200: RelatedListOut, 404: ErrorOut, 422: ValidationErrorOut},
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
    response={200: dict, 404: ErrorOut, 422: ValidationErrorOut},
    summary="The piece as an IPTC ninjs 3.1 document",
)
def get_article_ninjs(request, slug: Text):
    """The public piece as IPTC ninjs 3.1 (News in JSON), the wire services'
    format: headline, summary, HTML and plain-text bodies, byline, its actors
    with their Wikidata URIs and the lead image's renditions as the
    `featureimage` association."""
    article = (
        Article.objects.published()
        .with_entities()
        .with_authors()
        .prefetch_related("corrections")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise HttpError(404, f"No public article with slug {slug!r}.")
    return ninjs_document(article, absolute=request.build_absolute_uri)
