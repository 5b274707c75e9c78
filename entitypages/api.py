from django.db.models import Count
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from articles.models import public_q, visible_entities
from entities.lookup import Moved, find_entity
from entities.models import Entity, Kind
from newsroom.addresses import slug_url
from newsroom.api_schemas import (
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

from .coverage import coverage_summary

router = Router(tags=["entities"])


class EntitySummaryOut(EntityRefOut):
    aliases: list[str]
    article_count: int = Field(description="Its public pieces.")

    @staticmethod
    def resolve_aliases(obj):
        return [alias.name for alias in obj.aliases.all()]


class EntityListOut(PageOut):
    results: list[EntitySummaryOut]


class EntityFilters(PageFilters):
    kind: Kind | None = Field(None, description="Only actors of this kind.")
    q: Text | None = Field(
        None,
        description="Actors whose name or an alias contains this, ignoring case, "
        "accents and spacing as the autotagger does.",
    )


@router.get(
    "/entities/",
    response={200: EntityListOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def list_entities(request, filters: Query[EntityFilters]):
    """Actors with public coverage, A–Z, optionally of one kind or matching `q`."""
    entities = visible_entities(Entity.objects.with_aliases())
    if filters.kind:
        entities = entities.filter(kind=filters.kind)
    if filters.q:
        entities = entities.containing(filters.q)
    entities = entities.annotate(
        article_count=Count(
            "article_links", filter=public_q("article_links__content_object__")
        )
    ).order_by("name_key", "id")
    return page_of(request, entities, filters)


class RelatedEntityOut(Schema):
    slug: str
    name: str
    count: int
    url: str
    api_url: str


class EntityOut(Schema):
    slug: str
    name: str
    kind: str
    url: str = Field(description="The actor's reader page.")
    api_url: str
    description: str
    wikidata_id: str
    aliases: list[str]
    article_count: int
    related_entities: list[RelatedEntityOut]


@router.get(
    "/entities/{slug}",
    response={200: EntityOut, 301: None, 404: ErrorOut, 422: ValidationErrorOut},
)
def get_entity(request, slug: Text):
    """An actor, its public coverage count and the actors most often covered with it.

    The slug of an actor merged into another answers 301 to that actor.
    """
    try:
        entity = find_entity(
            slug,
            visible_entities(Entity.objects.with_aliases()),
        )
    except Moved as moved:
        raise MovedPermanently(slug_url("api:get_entity", moved.slugs[0])) from None
    except Http404:
        raise HttpError(404, f"No actor with slug {slug!r}.") from None
    summary = coverage_summary([entity])
    context = {"request": request}
    return {
        "slug": entity.slug,
        "name": entity.name,
        "kind": entity.kind,
        "url": absolute(context, entity.get_absolute_url()),
        "api_url": api_link(context, "get_entity", entity.slug),
        "description": entity.description,
        "wikidata_id": entity.wikidata_id,
        "aliases": [alias.name for alias in entity.aliases.all()],
        "article_count": summary.count,
        "related_entities": [
            {
                "slug": row["tag__slug"],
                "name": row["tag__name"],
                "count": row["count"],
                "url": absolute(context, slug_url("entities:detail", row["tag__slug"])),
                "api_url": api_link(context, "get_entity", row["tag__slug"]),
            }
            for row in summary.co_coverage
        ],
    }
