"""The JSON Lines / plain text article format: parsing and writing, no database.

Parsing checks every line before anything is written, so that a bad line can be
reported as `file:line: reason` and the whole file refused.
"""

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from entities.models import Entity, Kind
from entities.normalization import name_key
from entities.resolution import EntityRef
from newsroom.wikidata import wikidata_id_validator

from .models import Article, Status

_NUL = "contains a NUL character, which cannot be stored"
_SURROGATE = re.compile("[\ud800-\udfff]")

# An actor's name, alias and slug share one length; its key must fit it too.
_NAME_LENGTH = Entity._meta.get_field("name").max_length
_WIKIDATA_LENGTH = Entity._meta.get_field("wikidata_id").max_length

TEXT_FIELDS = ("headline", "standfirst", "body", "byline", "section")
ARTICLE_KEYS = {*TEXT_FIELDS, "slug", "status", "publish_at", "entities"}
ENTITY_KEYS = {"name", "slug", "kind", "aliases", "wikidata_id", "description"}


class FormatError(ValueError):
    """A line that cannot be imported; `line` is 1-based."""

    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class ArticleRecord:
    line: int
    slug: str
    fields: dict = field(default_factory=dict)
    entities: list[EntityRef] | None = None


def read_records(path: Path) -> list[ArticleRecord]:
    """Every article in a `.jsonl` or `.txt` file; FormatError at the first bad line."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        records = [
            parse_json_line(text, number)
            for number, text in _lines(path)
            if text.strip()
        ]
    elif suffix == ".txt":
        records = [parse_text(_lines(path))]
    else:
        raise FormatError(
            1, f"unsupported file type {suffix or '(none)'}: use .jsonl or .txt"
        )
    seen: dict[str, int] = {}
    for record in records:
        if record.slug in seen:
            raise FormatError(
                record.line,
                f"slug {record.slug!r} is already used on line {seen[record.slug]}",
            )
        seen[record.slug] = record.line
    return records


def _lines(path: Path) -> list[tuple[int, str]]:
    lines = []
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise FormatError(number, f"not UTF-8 text ({error.reason})") from None
        if "\x00" in text:
            raise FormatError(number, _NUL)
        lines.append((number, text.rstrip("\r")))
    return lines


def parse_text(lines: list[tuple[int, str]]) -> ArticleRecord:
    """Plain text: the first non-empty line is the headline, the rest the body."""
    content = list(lines)
    while content and not content[0][1].strip():
        content.pop(0)
    if not content:
        raise FormatError(
            1, "the file is empty: its first non-empty line must be the headline"
        )
    line, headline = content[0]
    body = "\n".join(text for _, text in content[1:]).strip()
    return _record(line, {"headline": headline.strip(), "body": body})


def parse_json_line(text: str, line: int) -> ArticleRecord:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(
            line, f"invalid JSON: {error.msg} at column {error.colno}"
        ) from None
    # Python's own limits, which a JSON document may exceed.
    except RecursionError:
        raise FormatError(line, "invalid JSON: nested too deeply") from None
    except ValueError:
        raise FormatError(
            line,
            f"invalid JSON: a number of more than {sys.get_int_max_str_digits()} "
            "digits",
        ) from None
    if not isinstance(data, dict):
        raise FormatError(line, "each line must be a JSON object")
    return _record(line, data)


def _record(line: int, data: dict) -> ArticleRecord:
    unknown = sorted(set(data) - ARTICLE_KEYS)
    if unknown:
        raise FormatError(line, f"unknown field {unknown[0]!r}")
    _check_storable(line, data)
    fields = {}
    for name in TEXT_FIELDS:
        if name in data:
            value = data[name]
            if not isinstance(value, str):
                raise FormatError(line, f"{name} must be a string")
            max_length = Article._meta.get_field(name).max_length
            if max_length and len(value) > max_length:
                raise FormatError(
                    line, f"{name} is longer than {max_length} characters"
                )
            fields[name] = value
    headline = fields.get("headline", "").strip()
    if not headline:
        raise FormatError(line, "headline is required")
    fields["headline"] = headline
    if "status" in data:
        if data["status"] not in Status.values:
            raise FormatError(
                line,
                f"status must be one of {', '.join(Status.values)}, "
                f"not {data['status']!r}",
            )
        fields["status"] = data["status"]
    if "publish_at" in data:
        fields["publish_at"] = _datetime(line, data["publish_at"])
    slug = _article_slug(line, data.get("slug"), headline)
    entities = None
    if "entities" in data:
        if not isinstance(data["entities"], list):
            raise FormatError(line, "entities must be a list")
        entities = [_entity(line, item) for item in data["entities"]]
    return ArticleRecord(line=line, slug=slug, fields=fields, entities=entities)


def _check_storable(line: int, data: dict) -> None:
    """JSON escapes can spell strings that no database stores: refuse them here
    rather than fail halfway through writing the file."""
    for name, value in data.items():
        for text in _strings(value):
            if "\x00" in text:
                raise FormatError(line, f"{name}: {_NUL}")
            if surrogate := _SURROGATE.search(text):
                raise FormatError(
                    line,
                    f"{name}: a lone surrogate (\\u{ord(surrogate[0]):04x}) "
                    "is not a character",
                )


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _article_slug(line: int, value, headline: str) -> str:
    max_length = Article._meta.get_field("slug").max_length
    if value is None:
        slug = slugify(headline)[:max_length].strip("-")
        if not slug:
            raise FormatError(
                line, "cannot make a slug from this headline: give a slug"
            )
        return slug
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise FormatError(
            line, f"slug must be a non-empty string of at most {max_length} characters"
        )
    try:
        validate_slug(value)
    except ValidationError:
        raise FormatError(
            line, f"slug {value!r} may only hold letters, digits, - and _"
        ) from None
    return value


def _datetime(line: int, value) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but not a time, such as 30 February
        parsed = None
    if parsed is None:
        raise FormatError(
            line, f"publish_at must be an ISO 8601 date and time, not {value!r}"
        )
    # A time without an offset is taken as UTC, the site's time zone.
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 is in year 0 in UTC
        raise FormatError(
            line, f"publish_at {value!r} is out of range in UTC"
        ) from None


def _entity(line: int, item) -> EntityRef:
    if isinstance(item, str):
        return EntityRef(name=_actor_name(line, item, "an entity name"))
    if not isinstance(item, dict):
        raise FormatError(line, "each entity must be a name or an object with a name")
    unknown = sorted(set(item) - ENTITY_KEYS)
    if unknown:
        raise FormatError(line, f"unknown entity field {unknown[0]!r}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise FormatError(line, "an entity object needs a non-empty name")
    name = _actor_name(line, name, "an entity name")
    kind = item.get("kind")
    if kind is not None and kind not in Kind.values:
        raise FormatError(
            line,
            f"entity {name!r}: kind must be one of {', '.join(Kind.values)}, "
            f"not {kind!r}",
        )
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise FormatError(line, f"entity {name!r}: aliases must be a list of names")
    aliases = tuple(_actor_name(line, a, f"entity {name!r}: an alias") for a in aliases)
    wikidata_id = item.get("wikidata_id")
    if wikidata_id is not None:
        try:
            if not isinstance(wikidata_id, str) or len(wikidata_id) > _WIKIDATA_LENGTH:
                raise ValidationError("")
            if wikidata_id:
                wikidata_id_validator(wikidata_id)
        except ValidationError:
            raise FormatError(
                line,
                f"entity {name!r}: wikidata_id must look like Q41053, "
                f"not {wikidata_id!r}",
            ) from None
    description = item.get("description")
    if description is not None and not isinstance(description, str):
        raise FormatError(line, f"entity {name!r}: description must be a string")
    slug = item.get("slug")
    if slug not in ("", None):
        try:
            if not isinstance(slug, str) or len(slug) > _NAME_LENGTH:
                raise ValidationError("")
            validate_slug(slug)
        except ValidationError:
            raise FormatError(
                line, f"entity {name!r}: slug {slug!r} is not a valid slug"
            ) from None
    return EntityRef(
        name=name,
        kind=kind,
        slug=slug or "",
        aliases=aliases,
        wikidata_id=wikidata_id,
        description=description,
    )


def _actor_name(line: int, text: str, what: str) -> str:
    """`text` as an actor's name or alias is stored, if it can be."""
    name = " ".join(text.split())
    key = name_key(name)
    if not key:
        raise FormatError(line, f"{what} cannot be empty")
    if len(name) > _NAME_LENGTH:
        raise FormatError(line, f"{what} is longer than {_NAME_LENGTH} characters")
    # Matching folds "ß" to "ss" and "ﷺ" to 18 letters: the key must fit too.
    if len(key) > _NAME_LENGTH:
        raise FormatError(
            line,
            f"{what} is longer than {_NAME_LENGTH} characters once its "
            "ligatures are spelt out",
        )
    return name


def article_to_record(article: Article) -> dict:
    """An article in the import format (prefetch entities and their aliases)."""
    entities = sorted(
        article.entities.all(), key=lambda e: (e.name_key, e.kind, e.slug)
    )
    return {
        "slug": article.slug,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "byline": article.byline,
        "section": article.section,
        "status": article.status,
        "publish_at": article.publish_at.astimezone(UTC).isoformat()
        if article.publish_at
        else None,
        "entities": [
            {
                "name": entity.name,
                "slug": entity.slug,
                "kind": entity.kind,
                "aliases": sorted(alias.name for alias in entity.aliases.all()),
                "wikidata_id": entity.wikidata_id,
                "description": entity.description,
            }
            for entity in entities
        ],
    }


def record_to_json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n"
