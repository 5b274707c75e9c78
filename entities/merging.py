"""Merging one actor into another: the one way duplicates leave the vocabulary.

A merge moves the actor's taggings in every link table that tags with the
vocabulary (taggit through models, whichever app they belong to), so the
vocabulary needs to know none of those apps. What the apps derive from their
taggings (related coverage, stored pages) they bring up to date in a follower,
registered in `merge_followers` when they load.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from taggit.models import ItemBase

from .models import Entity, EntityAlias, EntityRedirect, MergeRecord
from .normalization import match_key, name_key

# Called within the merge's transaction with `tagged`: each link table whose
# rows moved, and the ids of the things tagged with the merged-away actor.
MergeFollower = Callable[..., None]
merge_followers: list[MergeFollower] = []


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


def _tagging_models() -> list[type[models.Model]]:
    """The link tables that tag things with actors."""
    return [
        relation.related_model
        for relation in Entity._meta.related_objects
        if relation.field.name == "tag" and issubclass(relation.related_model, ItemBase)
    ]


def _links(model: type[models.Model], entity: Entity) -> models.QuerySet:
    return model._default_manager.filter(tag=entity)


def _duplicates(model, source: Entity, target: Entity) -> models.QuerySet:
    """The source's links to things the target tags too."""
    tagged_by_target = _links(model, target).values("content_object_id")
    return _links(model, source).filter(content_object_id__in=tagged_by_target)


def entity_merge_plan(*, source: Entity, target: Entity) -> MergePlan:
    if source.pk == target.pk:
        raise MergeError("An actor cannot be merged into itself.")
    links = duplicates = 0
    for model in _tagging_models():
        links += _links(model, source).count()
        duplicates += _duplicates(model, source, target).count()
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
        links_to_move=links - duplicates,
        duplicate_links=duplicates,
        new_aliases=sorted(new_aliases.values()),
    )


@transaction.atomic
def entity_merge(*, source: Entity, target: Entity, by=None) -> MergeRecord:
    """Merge `source` into `target`: taggings, names and its address move; it goes.

    Things tagged with both keep one link. The source's name and aliases become
    aliases of the target, its slug (and every slug that already redirected to
    it) answers 301 to the target, and a MergeRecord says who did it and when.
    Then every follower in `merge_followers` is told what was re-tagged.
    """
    locked = Entity.objects.select_for_update().in_bulk([source.pk, target.pk])
    if source.pk not in locked or target.pk not in locked:
        raise MergeError("One of the actors no longer exists.")
    source, target = locked[source.pk], locked[target.pk]
    plan = entity_merge_plan(source=source, target=target)

    tagged = {}
    for model in _tagging_models():
        links = _links(model, source)
        tagged[model] = list(links.values_list("content_object_id", flat=True))
        _duplicates(model, source, target).delete()
        links.update(tag=target)

    EntityAlias.objects.bulk_create(
        [
            EntityAlias(
                entity=target,
                name=name,
                name_key=name_key(name),
                match_key=match_key(name),
            )
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
    for follower in merge_followers:
        follower(tagged=tagged)
    return record
