"""Merging one actor into another: the one way duplicates leave the vocabulary."""

from dataclasses import dataclass

from django.db import transaction

from articles.changes import articles_changed

from .models import Entity, EntityAlias, EntityRedirect, MergeRecord
from .normalization import name_key


class MergeError(ValueError):
    """A merge that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class MergePlan:
    """What merging `source` into `target` would do, for a confirmation page."""

    source: Entity
    target: Entity
    links_to_move: int
    duplicate_links: int
    new_aliases: list[str]


def entity_merge_plan(*, source: Entity, target: Entity) -> MergePlan:
    if source.pk == target.pk:
        raise MergeError("An actor cannot be merged into itself.")
    target_articles = target.article_links.values("content_object_id")
    source_links = source.article_links.all()
    duplicates = source_links.filter(content_object_id__in=target_articles).count()
    known = {target.name_key, *target.aliases.values_list("name_key", flat=True)}
    new_aliases = {}
    for name, key in [
        (source.name, source.name_key),
        *source.aliases.values_list("name", "name_key"),
    ]:
        if key not in known:
            new_aliases.setdefault(key, name)
    return MergePlan(
        source=source,
        target=target,
        links_to_move=source_links.count() - duplicates,
        duplicate_links=duplicates,
        new_aliases=sorted(new_aliases.values()),
    )


@transaction.atomic
def entity_merge(*, source: Entity, target: Entity, by=None) -> MergeRecord:
    """Merge `source` into `target`: taggings, names and its address move; it goes.

    Articles tagged with both keep one link. The source's name and aliases become
    aliases of the target, its slug (and every slug that already redirected to
    it) answers 301 to the target, and a MergeRecord says who did it and when.
    This is the hook for anything that derives data from an actor's taggings.
    """
    locked = Entity.objects.select_for_update().in_bulk([source.pk, target.pk])
    if source.pk not in locked or target.pk not in locked:
        raise MergeError("One of the actors no longer exists.")
    source, target = locked[source.pk], locked[target.pk]
    plan = entity_merge_plan(source=source, target=target)

    moved_articles = list(
        source.article_links.values_list("content_object_id", flat=True)
    )
    target_articles = target.article_links.values("content_object_id")
    source.article_links.filter(content_object_id__in=target_articles).delete()
    source.article_links.update(tag=target)

    EntityAlias.objects.bulk_create(
        [
            EntityAlias(entity=target, name=name, name_key=name_key(name))
            for name in plan.new_aliases
        ]
    )
    EntityRedirect.objects.filter(target=source).update(target=target)
    EntityRedirect.objects.filter(old_slug=target.slug).delete()
    EntityRedirect.objects.update_or_create(
        old_slug=source.slug, defaults={"target": target}
    )

    record = MergeRecord.objects.create(
        source_name=source.name,
        source_slug=source.slug,
        source_kind=source.kind,
        target=target,
        target_name=target.name,
        merged_by=by,
        links_moved=plan.links_to_move,
        duplicate_links_dropped=plan.duplicate_links,
        aliases_added=plan.new_aliases,
    )
    taken_over = []
    if not target.description and source.description:
        target.description = source.description
        taken_over.append("description")
    wikidata_id = "" if target.wikidata_id else source.wikidata_id
    source.delete()
    if wikidata_id:
        # Only once the source is gone, as Wikidata ids are unique.
        target.wikidata_id = wikidata_id
        taken_over.append("wikidata_id")
    target.save(update_fields=[*taken_over, "updated_at"])
    articles_changed(article_ids=moved_articles)
    return record
