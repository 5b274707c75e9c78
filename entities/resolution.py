"""Finding or creating the actors that imported content names, a batch at a time."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Entity, EntityAlias, EntityRedirect, Kind
from .normalization import name_key

_BATCH = 500


class ResolutionError(ValueError):
    """An actor reference that cannot be settled without the editor saying more."""


@dataclass(frozen=True)
class EntityRef:
    """An actor as imported content names it: by name alone, or described in full."""

    name: str
    kind: str | None = None
    slug: str = ""
    aliases: tuple[str, ...] = ()
    wikidata_id: str | None = None
    description: str | None = None
    # Kinds that match too, after `kind`, when none of that kind does: a wire
    # service's place may be what we call a country.
    also_kinds: tuple[str, ...] = ()


class EntityResolver:
    """Maps references to actors, creating missing ones, querying per batch.

    A reference with a kind matches a name (then an alias) of that kind. One
    without matches any name or alias; if that is several actors ("Georgia") the
    reference is ambiguous and refused rather than guessed. A reference with a
    slug matches by alias only the actor with that slug.
    """

    def __init__(self):
        self._by_name: dict[str, list[Entity]] = defaultdict(list)
        self._by_alias: dict[str, list[Entity]] = defaultdict(list)
        self._alias_keys: dict[int, set[str]] = defaultdict(set)
        self._alias_keys_loaded: set[int] = set()
        self._loaded: set[str] = set()
        self.created = 0

    def preload(self, refs: Iterable[EntityRef]) -> None:
        keys = set()
        for ref in refs:
            keys.add(name_key(ref.name))
            keys.update(name_key(alias) for alias in ref.aliases)
        keys -= self._loaded
        self._loaded |= keys
        keys = sorted(keys)
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            for entity in Entity.objects.filter(name_key__in=batch):
                self._remember(entity)
            for alias in EntityAlias.objects.filter(name_key__in=batch).select_related(
                "entity"
            ):
                self._remember(alias.entity)
                self._remember_alias(alias.entity, alias.name_key)

    def resolve(self, ref: EntityRef) -> Entity:
        self.preload([ref])
        key = name_key(ref.name)
        # A slug names one actor: another actor that merely has this name as an
        # alias is not it (an export names both, each with its slug).
        aliased = [e for e in self._by_alias[key] if ref.slug in ("", e.slug)]
        if ref.kind:
            matches = []
            for kind in (ref.kind, *ref.also_kinds):
                matches = [e for e in self._by_name[key] if e.kind == kind] or [
                    e for e in aliased if e.kind == kind
                ]
                if matches:
                    break
        else:
            matches = list({e.pk: e for e in self._by_name[key] + aliased}.values())
        if len(matches) > 1:
            kinds = " and ".join(sorted(f"a {e.kind}" for e in matches))
            raise ResolutionError(f"{ref.name!r} is ambiguous ({kinds}): give its kind")
        if matches:
            entity = matches[0]
            self._update(entity, ref)
        else:
            entity = self._create(ref)
        self._add_aliases(entity, ref.aliases)
        return entity

    def _remember(self, entity: Entity) -> None:
        known = self._by_name[entity.name_key]
        if all(e.pk != entity.pk for e in known):
            known.append(entity)

    def _remember_alias(self, entity: Entity, key: str) -> None:
        self._alias_keys[entity.pk].add(key)
        known = self._by_alias[key]
        if all(e.pk != entity.pk for e in known):
            known.append(entity)

    def _check_wikidata_id(
        self, entity: Entity | None, wikidata_id: str, name: str
    ) -> None:
        owner = (
            Entity.objects.filter(wikidata_id=wikidata_id)
            .exclude(pk=entity.pk if entity else None)
            .first()
        )
        if owner:
            raise ResolutionError(
                f"{name!r}: wikidata_id {wikidata_id} belongs to {owner.name!r}"
            )

    def _check_slug(self, ref: EntityRef) -> None:
        if Entity.objects.filter(slug=ref.slug).exists():
            raise ResolutionError(
                f"{ref.name!r}: slug {ref.slug!r} belongs to another actor"
            )
        # A merged actor's old slug stays reserved: it redirects forever.
        moved = EntityRedirect.objects.filter(old_slug=ref.slug).select_related(
            "target"
        )
        if moved := moved.first():
            raise ResolutionError(
                f"{ref.name!r}: slug {ref.slug!r} redirects to {moved.target.name!r} "
                "since a merge"
            )

    def _update(self, entity: Entity, ref: EntityRef) -> None:
        changed = []
        if ref.wikidata_id is not None and ref.wikidata_id != entity.wikidata_id:
            if entity.wikidata_id and ref.wikidata_id:
                raise ResolutionError(
                    f"{ref.name!r}: wikidata_id {ref.wikidata_id} differs from "
                    f"{entity.wikidata_id} already recorded"
                )
            if ref.wikidata_id:
                self._check_wikidata_id(entity, ref.wikidata_id, ref.name)
                entity.wikidata_id = ref.wikidata_id
                changed.append("wikidata_id")
        if ref.description is not None and ref.description != entity.description:
            entity.description = ref.description
            changed.append("description")
        if changed:
            entity.save(update_fields=[*changed, "updated_at"])

    def _create(self, ref: EntityRef) -> Entity:
        if ref.slug:
            self._check_slug(ref)
        if ref.wikidata_id:
            self._check_wikidata_id(None, ref.wikidata_id, ref.name)
        entity = Entity(
            name=ref.name,
            kind=ref.kind or Kind.OTHER,
            slug=ref.slug,
            wikidata_id=ref.wikidata_id or "",
            description=ref.description or "",
        )
        entity.save()
        self.created += 1
        self._remember(entity)
        return entity

    def _add_aliases(self, entity: Entity, aliases: tuple[str, ...]) -> None:
        if not aliases:
            return
        known = self._alias_keys[entity.pk]
        if entity.pk not in self._alias_keys_loaded:
            known.update(entity.aliases.values_list("name_key", flat=True))
            self._alias_keys_loaded.add(entity.pk)
        new = {}
        for alias in aliases:
            key = name_key(alias)
            if key and key != entity.name_key and key not in known and key not in new:
                new[key] = EntityAlias(entity=entity, name=alias, name_key=key)
        if new:
            EntityAlias.objects.bulk_create(new.values())
            for key in new:
                self._remember_alias(entity, key)
