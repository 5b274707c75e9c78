"""The actors a search names, found in the query as the autotagger finds them in text.

A query that holds an actor's name or one of its aliases, in any case or
accent (the vocabulary's matcher, `entities.matching`), shows the actor before
the results, and the pieces tagged with it count as naming it whatever their
text spells: "hizbollah" finds the piece that says "Hezbollah". Only actors
readers may see count (`visible_entities`): an actor known only from drafts is
a plain word of the query.
"""

from dataclasses import dataclass, field

from django.db import models

from entities.addresses import entities_url
from entities.lookup import MAX_COMBINED
from entities.matching import Matcher, vocabulary_matcher
from entities.models import Entity, Kind
from entities.normalization import name_key

from .models import ArticleEntity, public_q, visible_entities
from .search import MARK_START, MARK_STOP

# Words a reader puts between the names of several actors.
JOINING = frozenset({"and", "&", "+", "or", "with", "vs", "vs.", "versus"})
KIND_ORDER = {kind: position for position, kind in enumerate(Kind)}


@dataclass(frozen=True)
class SearchName:
    """One name the query holds, as the query spells it, and its actors:
    more than one for a name several share ("Georgia")."""

    text: str
    start: int
    end: int
    entities: tuple[Entity, ...]

    def tagged_ids(self) -> models.QuerySet:
        """The pieces tagged with one of its actors, as a subquery of their ids."""
        return ArticleEntity.objects.filter(tag__in=self.entities).values(
            "content_object_id"
        )


@dataclass(frozen=True)
class NamedActor:
    entity: Entity
    found_as: str

    @property
    def is_other_name(self) -> bool:
        """The query named the actor by an alias: worth telling the reader."""
        return name_key(self.found_as) != self.entity.name_key


@dataclass(frozen=True)
class SearchActors:
    terms: str
    names: tuple[SearchName, ...]
    matcher: Matcher | None = field(default=None, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.names)

    @property
    def distinct_names(self) -> list[SearchName]:
        """The names, each set of actors once ("Hezbollah or Hizbollah" is one)."""
        distinct = {}
        for name in self.names:
            distinct.setdefault(name.entities, name)
        return list(distinct.values())

    @property
    def actors(self) -> list[NamedActor]:
        """Every actor named, in the query's order, each once."""
        named = {}
        for name in self.names:
            for entity in name.entities:
                named.setdefault(entity.pk, NamedActor(entity, name.text))
        return list(named.values())

    @property
    def entities(self) -> list[Entity]:
        return [named.entity for named in self.actors]

    @property
    def combined(self) -> list[Entity]:
        """The actors named unambiguously, when there are several to see
        together: which "Georgia" a query means is not ours to guess."""
        single = {
            name.entities[0].pk: name.entities[0]
            for name in self.names
            if len(name.entities) == 1
        }
        entities = sorted(single.values(), key=lambda entity: entity.slug)
        return entities if 2 <= len(entities) <= MAX_COMBINED else []

    @property
    def combined_url(self) -> str:
        combined = self.combined
        return entities_url([entity.slug for entity in combined]) if combined else ""

    def marked(self, text: str) -> str:
        """`text` with the named actors' names marked for highlighting, in
        whatever spelling the vocabulary knows ("Hezbollah" for a query that
        said "hizbollah"), where the query's words have not marked them yet."""
        ids = {entity.pk for entity in self.entities}
        if not ids or self.matcher is None:
            return text
        parts, last = [], 0
        for match in self.matcher.find(text):
            around = text[max(0, match.start - 1) : match.end + 1]
            if ids.isdisjoint(match.entity_ids) or MARK_START in around:
                continue
            parts += [text[last : match.start], MARK_START, match.text, MARK_STOP]
            last = match.end
        return "".join([*parts, text[last:]])

    @property
    def rest(self) -> str:
        """The query without its names and the words that join them ("hamas
        and hezbollah"): what a tagged piece must also contain."""
        parts, last = [], 0
        for name in self.names:
            parts.append(self.terms[last : name.start])
            last = name.end
        parts.append(self.terms[last:])
        words = " ".join(parts).split()
        return " ".join(word for word in words if word.casefold() not in JOINING)


def search_actors(terms: str) -> SearchActors:
    """The actors `terms` names that readers may see, each with its
    `article_count` of public pieces: the matcher's two checks, and one query
    when the query holds a name."""
    if not terms.strip():
        return SearchActors(terms=terms, names=())
    matcher = vocabulary_matcher()
    matches = matcher.find(terms)
    ids = {entity_id for match in matches for entity_id in match.entity_ids}
    found = {}
    if ids:
        found = visible_entities(Entity.objects.filter(pk__in=ids)).annotate(
            article_count=models.Count(
                "article_links", filter=public_q("article_links__content_object__")
            )
        )
        found = {entity.pk: entity for entity in found}
    names = []
    for match in matches:
        entities = sorted(
            (found[i] for i in match.entity_ids if i in found),
            key=lambda entity: (KIND_ORDER[entity.kind], entity.name_key),
        )
        if entities:
            names.append(
                SearchName(match.text, match.start, match.end, tuple(entities))
            )
    return SearchActors(terms=terms, names=tuple(names), matcher=matcher)
