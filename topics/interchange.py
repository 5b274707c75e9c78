"""Topic lines of the JSON Lines format (`{"type": "topic", …}`, DESIGN.md):
read, written in an import after the file's articles, and exported after them.

Registered into articles.interchange.LINE_KINDS by TopicsConfig.ready().
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from articles.interchange import (
    FormatError,
    LineKind,
    OtherRecord,
    check_storable,
    entities_in_order,
    entity_ref,
    entity_to_record,
    line_slug,
    line_text,
)
from articles.models import Article, Status
from entities.models import Entity
from entities.normalization import name_key
from entities.resolution import EntityRef, EntityResolver, ResolutionError

from .models import Part, Topic, min_shared_problem
from .ranking import topic_changed
from .services import topic_pins_set, topic_rule_set

TOPIC_KEYS = {
    "slug",
    "title",
    "intro",
    "status",
    "min_shared",
    "since",
    "until",
    "pinned",
    "excluded",
    *Part.values,
}
STATUSES = [Status.DRAFT.value, Status.PUBLISHED.value]


@dataclass(frozen=True)
class TopicRecord:
    line: int
    slug: str
    fields: dict
    rule: dict[str, list[EntityRef]]
    pinned: list[str] | None
    excluded: list[str] | None


def topic_parse(line: int, data: dict) -> TopicRecord:
    unknown = sorted(set(data) - TOPIC_KEYS)
    if unknown:
        raise FormatError(line, f"unknown topic field {unknown[0]!r}")
    check_storable(line, data)
    fields = {}
    for name in ("title", "intro"):
        if name in data:
            fields[name] = line_text(line, Topic, name, data[name], name)
    title = fields.get("title", "").strip()
    if not title:
        raise FormatError(line, "title is required")
    fields["title"] = title
    if "status" in data:
        if data["status"] not in STATUSES:
            raise FormatError(
                line,
                f"a topic's status must be one of {', '.join(STATUSES)}, "
                f"not {data['status']!r}",
            )
        fields["status"] = data["status"]
    rule = {part: _actors(line, data, part) for part in Part.values}
    if not rule[Part.ALL_OF] and not rule[Part.ANY_OF]:
        raise FormatError(line, "a topic needs an actor in all_of or any_of")
    names = [name_key(ref.name) for refs in rule.values() for ref in refs]
    if len(set(names)) < len(names):
        raise FormatError(line, "an actor is in one part of a topic's rule only")
    min_shared = data.get("min_shared", 1)
    if not isinstance(min_shared, int) or isinstance(min_shared, bool):
        raise FormatError(line, "min_shared must be a whole number")
    if problem := min_shared_problem(
        min_shared=min_shared, any_of_count=len(rule[Part.ANY_OF])
    ):
        raise FormatError(line, f"min_shared {min_shared}: {problem}")
    fields["min_shared"] = min_shared
    for name in ("since", "until"):
        if name in data:
            fields[name] = _date(line, name, data[name])
    if (
        fields.get("since")
        and fields.get("until")
        and fields["since"] > fields["until"]
    ):
        raise FormatError(line, "until comes before since")
    return TopicRecord(
        line=line,
        slug=line_slug(line, data.get("slug"), title, model=Topic, source="title"),
        fields=fields,
        rule=rule,
        pinned=_slugs(line, data, "pinned"),
        excluded=_slugs(line, data, "excluded"),
    )


def _actors(line: int, data: dict, name: str) -> list[EntityRef]:
    items = data.get(name) or []
    if not isinstance(items, list):
        raise FormatError(line, f"{name} must be a list of actors")
    return [entity_ref(line, item) for item in items]


def _date(line: int, name: str, value) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    raise FormatError(
        line, f"{name} must be a date (2018-01-29) or null, not {value!r}"
    )


def _slugs(line: int, data: dict, name: str) -> list[str] | None:
    if name not in data:
        return None
    value = data[name]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise FormatError(line, f"{name} must be a list of article slugs")
    for slug in value:
        try:
            validate_slug(slug)
        except ValidationError:
            raise FormatError(line, f"{name}: {slug!r} is not a slug") from None
    return value


def topics_apply(*, records: list[OtherRecord]) -> int:
    """Upsert the file's topics by slug; the pieces they pin or exclude are
    found by slug, written by the same file or there before."""
    resolver = EntityResolver()
    topics = [record.data for record in records]
    resolver.preload(ref for t in topics for refs in t.rule.values() for ref in refs)
    named = {slug for t in topics for slug in (t.pinned or []) + (t.excluded or [])}
    pieces = Article.objects.in_bulk(list(named), field_name="slug")
    for record in topics:
        rule = {
            part: _resolve(resolver, record, refs) for part, refs in record.rule.items()
        }
        chosen = [entity.pk for entities in rule.values() for entity in entities]
        if len(set(chosen)) < len(chosen):
            raise FormatError(
                record.line, "an actor is in one part of a topic's rule only"
            )
        topic = Topic.objects.filter(slug=record.slug).first() or Topic(
            slug=record.slug
        )
        for name, value in record.fields.items():
            setattr(topic, name, value)
        topic.save()
        topic_rule_set(topic=topic, **rule)
        if record.pinned is not None:
            topic_pins_set(topic=topic, articles=_pieces(record, "pinned", pieces))
        if record.excluded is not None:
            topic.excluded.set(_pieces(record, "excluded", pieces))
        topic_changed(topic=topic)
    return len(topics)


def _resolve(resolver, record: TopicRecord, refs: list[EntityRef]) -> list[Entity]:
    try:
        return [resolver.resolve(ref) for ref in refs]
    except ResolutionError as error:
        raise FormatError(record.line, str(error)) from None


def _pieces(record: TopicRecord, name: str, pieces: dict) -> list[Article]:
    for slug in getattr(record, name):
        if slug not in pieces:
            raise FormatError(
                record.line,
                f"{name}: no article {slug!r} in this file or the database",
            )
    return [pieces[slug] for slug in getattr(record, name)]


def topics_export():
    """Every topic in the import format, by slug."""
    topics = Topic.objects.order_by("slug").prefetch_related(
        "actor_links__tag__aliases", "pins__article", "excluded"
    )
    for topic in topics:
        yield {
            "slug": topic.slug,
            "title": topic.title,
            "intro": topic.intro,
            "status": topic.status,
            **{
                part: [
                    entity_to_record(entity)
                    for entity in entities_in_order(topic.actors_in(part))
                ]
                for part in (Part.ALL_OF, Part.ANY_OF)
            },
            "min_shared": topic.min_shared,
            Part.NONE_OF.value: [
                entity_to_record(entity)
                for entity in entities_in_order(topic.actors_in(Part.NONE_OF))
            ],
            "since": topic.since and topic.since.isoformat(),
            "until": topic.until and topic.until.isoformat(),
            "pinned": [pin.article.slug for pin in topic.pins.all()],
            "excluded": sorted(article.slug for article in topic.excluded.all()),
        }


TOPIC_LINES = LineKind(
    label="topics", parse=topic_parse, apply=topics_apply, export=topics_export
)
