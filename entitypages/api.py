from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from articles.models import visible_entities
from entities.lookup import Moved, find_entity
from entities.models import Entity
from newsroom.api_schemas import ErrorOut, Text, ValidationErrorOut

from .coverage import coverage_summary

router = Router(tags=["entities"])


class RelatedEntityOut(Schema):
    slug: str
    name: str
    count: int


class EntityOut(Schema):
    slug: str
    name: str
    kind: str
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
        return HttpResponsePermanentRedirect(
            reverse("api:get_entity", kwargs={"slug": moved.slugs[0]})
        )
    except Http404:
        raise HttpError(404, f"No actor with slug {slug!r}.") from None
    summary = coverage_summary([entity])
    return {
        "slug": entity.slug,
        "name": entity.name,
        "kind": entity.kind,
        "description": entity.description,
        "wikidata_id": entity.wikidata_id,
        "aliases": [alias.name for alias in entity.aliases.all()],
        "article_count": summary.count,
        "related_entities": [
            {"slug": row["tag__slug"], "name": row["tag__name"], "count": row["count"]}
            for row in summary.co_coverage
        ],
    }
