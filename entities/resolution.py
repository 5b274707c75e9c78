"""Finding or creating the actors that imported content names, a batch at a time."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from .models import Entity, EntityAlias, EntityRedirect, Kind
from .normalization import likely_probes, likely_same, match_key, name_key

_BATCH = 500
# Enough actors sharing a word's first letters to find the likely one among.
_CANDIDATES = 500


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


@dataclass(frozen=True)
class LikelyMatch:
    """A name created as a new actor, to confirm, that is likely another's."""

    name: str
    created: Entity
    existing: Entity

    def __str__(self):
        return f"{self.name!r} is new, to confirm: did you mean {self.existing.name!r}?"


def _add(index: dict[str, list[Entity]], key: str, entity: Entity) -> None:
    known = index[key]
    if all(e.pk != entity.pk for e in known):
        known.append(entity)


class EntityResolver:
    """Maps references to actors, creating missing ones, querying per batch.

    A reference with a kind matches a name (then an alias) of that kind. One
    without matches any name or alias; if that is several actors ("Georgia") the
    reference is ambiguous and refused rather than guessed. A reference with a
    slug matches by alias only the actor with that slug.

    A name found nowhere as written is looked for in its `match_key` form,
    another spelling of the same name ("Abdel Fattah al-Sisi" is "Abdel Fattah
    el-Sisi"). Failing that, a new actor is made; one that is `likely_same` as
    an existing actor ("Abdul Fatah Sisy"), or named without a kind, is left
    for an editor to confirm (`Entity.objects.to_confirm()`), and the likely
    ones are listed in `likely`.
    """

    def __init__(self):
        self._by_name: dict[str, list[Entity]] = defaultdict(list)
        self._by_alias: dict[str, list[Entity]] = defaultdict(list)
        self._by_spelling: dict[str, list[Entity]] = defaultdict(list)
        self._by_alias_spelling: dict[str, list[Entity]] = defaultdict(list)
        self._alias_keys: dict[int, set[str]] = defaultdict(set)
        self._alias_keys_loaded: set[int] = set()
        self._loaded: set[str] = set()
        self._loaded_spellings: set[str] = set()
        self.created = 0
        self.likely: list[LikelyMatch] = []

    def preload(self, refs: Iterable[EntityRef]) -> None:
        keys, spellings = set(), set()
        for ref in refs:
            for name in (ref.name, *ref.aliases):
                keys.add(name_key(name))
                spellings.add(match_key(name))
        keys -= self._loaded
        self._loaded |= keys
        spellings -= self._loaded_spellings
        self._loaded_spellings |= spellings
        self._load("name_key", sorted(keys))
        self._load("match_key", sorted(spellings))

    def _load(self, field: str, keys: list[str]) -> None:
        for start in range(0, len(keys), _BATCH):
            batch = {f"{field}__in": keys[start : start + _BATCH]}
            for entity in Entity.objects.filter(**batch):
                self._remember(entity)
            for alias in EntityAlias.objects.filter(**batch).select_related("entity"):
                self._remember(alias.entity)
                self._remember_alias(alias.entity, alias)

    def resolve(self, ref: EntityRef) -> Entity:
        self.preload([ref])
        key, spelling = name_key(ref.name), match_key(ref.name)
        matches = self._matching(ref, self._by_name[key], self._by_alias[key])
        if not matches:
            # Another spelling of a name is not the name as written: when a
            # slug says which actor is meant, it must be that one.
            matches = self._matching(
                ref,
                [e for e in self._by_spelling[spelling] if ref.slug in ("", e.slug)],
                self._by_alias_spelling[spelling],
            )
            if len(matches) > 1:
                matches = []
        if len(matches) > 1:
            kinds = " and ".join(sorted(f"a {e.kind}" for e in matches))
            raise ResolutionError(f"{ref.name!r} is ambiguous ({kinds}): give its kind")
        if matches:
            entity = matches[0]
            self._update(entity, ref)
        else:
            entity = self._create(ref, likely=self._likely(ref, spelling))
        self._add_aliases(entity, ref.aliases)
        return entity

    @staticmethod
    def _matching(ref: EntityRef, named: list[Entity], aliased: list[Entity]):
        # A slug names one actor: another actor that merely has this name as an
        # alias is not it (an export names both, each with its slug).
        aliased = [e for e in aliased if ref.slug in ("", e.slug)]
        if ref.kind:
            for kind in (ref.kind, *ref.also_kinds):
                found = [e for e in named if e.kind == kind] or [
                    e for e in aliased if e.kind == kind
                ]
                if found:
                    return found
            return []
        return list({e.pk: e for e in named + aliased}.values())

    def _likely(self, ref: EntityRef, spelling: str) -> Entity | None:
        """The existing actor whose name `ref`'s is likely a spelling of."""
        probes = likely_probes(spelling)
        if not probes:
            return None
        near = reduce(or_, (Q(match_key__contains=probe) for probe in probes))
        kind = {"kind": ref.kind} if ref.kind else {}
        found = [
            (entity.match_key, entity)
            for entity in Entity.objects.filter(near, **kind)[:_CANDIDATES]
        ]
        found += [
            (alias.match_key, alias.entity)
            for alias in EntityAlias.objects.filter(
                near, **{f"entity__{k}": v for k, v in kind.items()}
            ).select_related("entity")[:_CANDIDATES]
        ]
        # The same spelling again means two actors had it: not to be guessed.
        likely = [
            entity
            for key, entity in found
            if key == spelling or likely_same(spelling, key)
        ]
        return min(likely, key=lambda e: (e.name_key, e.pk), default=None)

    def _remember(self, entity: Entity) -> None:
        _add(self._by_name, entity.name_key, entity)
        _add(self._by_spelling, entity.match_key, entity)

    def _remember_alias(self, entity: Entity, alias: EntityAlias) -> None:
        self._alias_keys[entity.pk].add(alias.name_key)
        _add(self._by_alias, alias.name_key, entity)
        _add(self._by_alias_spelling, alias.match_key, entity)

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

    def _create(self, ref: EntityRef, likely: Entity | None) -> Entity:
        if ref.slug:
            self._check_slug(ref)
        if ref.wikidata_id:
            self._check_wikidata_id(None, ref.wikidata_id, ref.name)
        kind = ref.kind or Kind.OTHER
        entity = Entity(
            name=ref.name,
            kind=kind,
            slug=ref.slug,
            wikidata_id=ref.wikidata_id or "",
            description=ref.description or "",
            unconfirmed=kind == Kind.OTHER or likely is not None,
            likely_same_as=likely,
        )
        entity.save()
        self.created += 1
        self._remember(entity)
        if likely is not None:
            self.likely.append(LikelyMatch(ref.name, entity, likely))
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
                new[key] = EntityAlias(
                    entity=entity, name=alias, name_key=key, match_key=match_key(alias)
                )
        if new:
            EntityAlias.objects.bulk_create(new.values())
            for alias in new.values():
                self._remember_alias(entity, alias)
