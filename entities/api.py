from django.db.models import Count, Prefetch
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from articles.models import ArticleEntity, public_q
from newsroom.api_schemas import ErrorOut

from .models import Entity, EntityAlias, EntityRedirect

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


@router.get("/entities/{slug}", response={200: EntityOut, 404: ErrorOut})
def get_entity(request, slug: str):
    """An actor, its public coverage count and the actors most often covered with it.

    The slug of an actor merged into another answers 301 to that actor.
    """
    entity = (
        Entity.objects.annotate(
            article_count=Count(
                "article_links", filter=public_q("article_links__content_object__")
            )
        )
        .prefetch_related(
            Prefetch("aliases", queryset=EntityAlias.objects.order_by("name"))
        )
        .filter(slug=slug)
        .first()
    )
    if entity is None:
        moved = EntityRedirect.objects.filter(old_slug=slug).select_related("target")
        if moved := moved.first():
            return HttpResponsePermanentRedirect(
                reverse("api:get_entity", kwargs={"slug": moved.target.slug})
            )
        raise HttpError(404, f"No actor with slug {slug!r}.")
    return {
        "slug": entity.slug,
        "name": entity.name,
        "kind": entity.kind,
        "description": entity.description,
        "wikidata_id": entity.wikidata_id,
        "aliases": [alias.name for alias in entity.aliases.all()],
        "article_count": entity.article_count,
        "related_entities": [
            {"slug": row["tag__slug"], "name": row["tag__name"], "count": row["count"]}
            for row in ArticleEntity.objects.co_coverage(entity)
        ],
    }
