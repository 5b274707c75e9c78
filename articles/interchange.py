"""The JSON Lines / plain text article format: parsing and writing, no database.

Parsing checks every line before anything is written, so that a bad line can be
reported as `file:line: reason` and the whole file refused.
"""

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from authors.models import Author, profile_links_validator
from authors.names import name_key as author_name_key
from authors.resolution import AUTHOR_DETAILS, AuthorRef
from entities.models import Entity, Kind
from entities.normalization import name_key
from entities.resolution import EntityRef
from images.inspection import (
    EXTENSIONS,
    ImageRefused,
    Inspected,
    check_size,
    inspect_image,
)
from images.models import Image
from newsroom.languages import language_normalize, validate_language
from newsroom.wikidata import wikidata_id_validator
from sections.models import Section

from .models import Article, Correction, CorrectionKind, Status

_NUL = "contains a NUL character, which cannot be stored"
_SURROGATE = re.compile("[\ud800-\udfff]")

# An actor's name, alias and slug share one length; its key must fit it too.
_NAME_LENGTH = Entity._meta.get_field("name").max_length
_WIKIDATA_LENGTH = Entity._meta.get_field("wikidata_id").max_length

TEXT_FIELDS = ("headline", "standfirst", "body", "byline")
ARTICLE_KEYS = {
    *TEXT_FIELDS,
    "section",
    "slug",
    "status",
    "language",
    "publish_at",
    "entities",
    "image",
    "authors",
    "corrections",
}
ENTITY_KEYS = {"name", "slug", "kind", "aliases", "wikidata_id", "description"}
AUTHOR_KEYS = {"name", "slug", *AUTHOR_DETAILS}
CORRECTION_KEYS = {"at", "kind", "text"}
IMAGE_KEYS = {"file", "alt", "caption", "credit", "focal_point", "decorative"}
IMAGE_TEXT = ("alt", "caption", "credit")
# Where export_articles copies the originals, beside the file it writes.
MEDIA_FOLDER = "media"


class FormatError(ValueError):
    """A line that cannot be imported; `line` is 1-based."""

    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class ImageRef:
    """A lead image of the file: its original, judged already, and its text."""

    path: Path
    inspected: Inspected
    alt: str = ""
    caption: str = ""
    credit: str = ""
    decorative: bool = False
    focal_point: tuple[float, float] = (0.5, 0.5)

    @property
    def fields(self) -> dict:
        """What an Image made from it has, besides the file."""
        return {
            "sha256": self.inspected.sha256,
            "alt": self.alt,
            "caption": self.caption,
            "credit": self.credit,
            "decorative": self.decorative,
            "focal_x": self.focal_point[0],
            "focal_y": self.focal_point[1],
        }


@dataclass(frozen=True)
class LineKind:
    """A kind of line besides articles, `{"type": <kind>, …}`, that an app
    above this one reads and writes (topics): registered in LINE_KINDS at its
    ready(), as articles imports no such app.

    `parse(line, data)` checks a line (`data` without its "type") and returns
    what to write, or raises FormatError; `apply(records=…)` writes the file's
    records (`OtherRecord`s) in the import's transaction, after its articles,
    so that they may name them, and returns how many it wrote, or raises
    FormatError (nothing of the file is written then); `export()` gives its
    records, in a set order, which are written after the articles.
    """

    label: str
    parse: Callable[[int, dict], object]
    apply: Callable[..., int]
    export: Callable[[], Iterable[dict]]


LINE_KINDS: dict[str, LineKind] = {}


@dataclass(frozen=True)
class OtherRecord:
    """A line of a `LineKind`, as its `parse` made it."""

    kind: str
    line: int
    slug: str
    data: object


@dataclass
class ArticleRecord:
    line: int
    slug: str
    fields: dict = field(default_factory=dict)
    entities: list[EntityRef] | None = None
    # Absent: the piece keeps its image; None: it has none.
    image: ImageRef | None = None
    has_image: bool = False
    authors: list[AuthorRef] | None = None
    corrections: list[Correction] | None = None
    # ninjs: the wire's identifier the piece is found by, whether --publish may
    # publish it, and the document's fields that have no home here.
    uri: str = ""
    publishable: bool = True
    unmapped: set[str] = field(default_factory=set)


def read_records(path: Path) -> list[ArticleRecord | OtherRecord]:
    """Every article in a `.jsonl`, `.txt` or ninjs `.json` file, and in a
    `.jsonl` the lines of other kinds (`LINE_KINDS`); FormatError at the first
    bad line (or document)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        # ninjs builds on this module's parsers, so it is loaded only here.
        from .ninjs import read_ninjs

        return read_ninjs(path)
    if suffix == ".jsonl":
        records = [
            parse_json_line(text, number, folder=path.parent)
            for number, text in _lines(path)
            if text.strip()
        ]
    elif suffix == ".txt":
        records = [parse_text(_lines(path))]
    else:
        raise FormatError(
            1, f"unsupported file type {suffix or '(none)'}: use .jsonl, .json or .txt"
        )
    seen: dict[tuple[str, str], int] = {}
    for record in records:
        key = (getattr(record, "kind", ""), record.slug)
        if key in seen:
            raise FormatError(
                record.line,
                f"slug {record.slug!r} is already used on line {seen[key]}",
            )
        seen[key] = record.line
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


def parse_json_line(
    text: str, line: int, folder: Path | None = None
) -> ArticleRecord | OtherRecord:
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
    if "type" in data:
        return _other_record(line, data)
    record = _record(line, data)
    if "image" in data:
        record.has_image = True
        record.image = _image(line, data["image"], folder)
    return record


def _other_record(line: int, data: dict) -> OtherRecord:
    kind = data["type"]
    if kind not in LINE_KINDS:
        raise FormatError(
            line,
            f"type must be one of {', '.join(sorted(LINE_KINDS))} (or absent, "
            f"for an article), not {kind!r}",
        )
    fields = {name: value for name, value in data.items() if name != "type"}
    parsed = LINE_KINDS[kind].parse(line, fields)
    return OtherRecord(kind=kind, line=line, slug=parsed.slug, data=parsed)


def _image(line: int, item, folder: Path | None) -> ImageRef | None:
    """The line's image, its file read and judged now: a file refused by the
    library is a bad line, found before anything of the file is written."""
    if item is None:
        return None
    if not isinstance(item, dict):
        raise FormatError(line, "image must be an object with a file, or null")
    if unknown := sorted(set(item) - IMAGE_KEYS):
        raise FormatError(line, f"unknown image field {unknown[0]!r}")
    name = item.get("file")
    if not isinstance(name, str) or not name.strip():
        raise FormatError(line, "image.file must be the path of the image file")
    texts = {
        key: line_text(line, Image, key, item.get(key, ""), f"image.{key}")
        for key in IMAGE_TEXT
    }
    decorative = item.get("decorative", False)
    if not isinstance(decorative, bool):
        raise FormatError(line, "image.decorative must be true or false")
    focal = item.get("focal_point", [0.5, 0.5])
    if not (
        isinstance(focal, list)
        and len(focal) == 2
        and all(type(v) in (int, float) and 0 <= v <= 1 for v in focal)
    ):
        raise FormatError(line, "image.focal_point must be [x, y], each from 0 to 1")
    path = (folder or Path()) / name
    try:
        check_size(path.stat().st_size)
        inspected = inspect_image(path.read_bytes())
    except OSError as error:
        raise FormatError(
            line, f"image {name}: cannot be read ({error.strerror or error})"
        ) from None
    except ImageRefused as refused:
        raise FormatError(line, f"image {name}: {refused.reason}") from None
    return ImageRef(
        path=path,
        inspected=inspected,
        decorative=decorative,
        focal_point=(float(focal[0]), float(focal[1])),
        **texts,
    )


def _record(line: int, data: dict) -> ArticleRecord:
    unknown = sorted(set(data) - ARTICLE_KEYS)
    if unknown:
        raise FormatError(line, f"unknown field {unknown[0]!r}")
    check_storable(line, data)
    fields = {}
    for name in TEXT_FIELDS:
        if name in data:
            fields[name] = line_text(line, Article, name, data[name], name)
    if "section" in data:
        # A name: the import finds its section in any case, or makes it.
        fields["section"] = line_text(line, Section, "name", data["section"], "section")
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
    if "language" in data:
        fields["language"] = _language(line, data["language"])
    slug = line_slug(line, data.get("slug"), headline)
    return ArticleRecord(
        line=line,
        slug=slug,
        fields=fields,
        entities=_each(line, data, "entities", entity_ref),
        authors=_each(line, data, "authors", _author),
        corrections=_each(line, data, "corrections", _correction),
    )


def _language(line: int, value) -> str:
    """A BCP 47 tag, in its conventional case; a piece's language is never empty."""
    tag = language_normalize(value) if isinstance(value, str) else None
    try:
        validate_language(tag)
    except ValidationError:
        raise FormatError(
            line,
            f"language must be a BCP 47 tag such as en, de or pt-BR, not {value!r}",
        ) from None
    return tag


def _each(line: int, data: dict, name: str, parse) -> list | None:
    """`parse(line, item)` of each item of the list `data[name]`; None if absent."""
    if name not in data:
        return None
    if not isinstance(data[name], list):
        raise FormatError(line, f"{name} must be a list")
    return [parse(line, item) for item in data[name]]


def line_text(line: int, model, name: str, value, label: str) -> str:
    """`value` if it is text that fits `model`'s field `name`."""
    if not isinstance(value, str):
        raise FormatError(line, f"{label} must be a string")
    max_length = model._meta.get_field(name).max_length
    if max_length and len(value) > max_length:
        raise FormatError(line, f"{label} is longer than {max_length} characters")
    return value


def check_storable(line: int, data: dict) -> None:
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


def line_slug(
    line: int, value, made_from: str, *, model=Article, source: str = "headline"
) -> str:
    """The line's slug for a `model`, made from its `source` text if absent."""
    max_length = model._meta.get_field("slug").max_length
    if value is None:
        slug = slugify(made_from)[:max_length].strip("-")
        if not slug:
            raise FormatError(
                line, f"cannot make a slug from this {source}: give a slug"
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


def _datetime(line: int, value, what: str = "publish_at") -> datetime | None:
    if value is None:
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but not a time, such as 30 February
        parsed = None
    if parsed is None:
        raise FormatError(
            line, f"{what} must be an ISO 8601 date and time, not {value!r}"
        )
    # A time without an offset is taken as UTC, the site's time zone.
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 is in year 0 in UTC
        raise FormatError(line, f"{what} {value!r} is out of range in UTC") from None


def entity_ref(line: int, item) -> EntityRef:
    """An actor as a line names it: a name, or an object with a name; for
    other kinds of line too."""
    if isinstance(item, str):
        return EntityRef(name=_actor_name(line, item, "an entity name"))
    _check_object(line, item, ENTITY_KEYS, "entity", "a name or an object with a name")
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
    wikidata_id = _wikidata_id(line, f"entity {name!r}", item.get("wikidata_id"))
    description = item.get("description")
    if description is not None and not isinstance(description, str):
        raise FormatError(line, f"entity {name!r}: description must be a string")
    return EntityRef(
        name=name,
        kind=kind,
        slug=_object_slug(line, f"entity {name!r}", item.get("slug")),
        aliases=aliases,
        wikidata_id=wikidata_id,
        description=description,
    )


def _check_object(line: int, item, keys: set[str], what: str, shape: str) -> None:
    """`item` is an object of the format's `keys`, or FormatError."""
    if not isinstance(item, dict):
        raise FormatError(line, f"each {what} must be {shape}")
    unknown = sorted(set(item) - keys)
    if unknown:
        raise FormatError(line, f"unknown {what} field {unknown[0]!r}")


def _wikidata_id(line: int, what: str, value) -> str | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) > _WIKIDATA_LENGTH:
            raise ValidationError("")
        if value:
            wikidata_id_validator(value)
    except ValidationError:
        raise FormatError(
            line, f"{what}: wikidata_id must look like Q41053, not {value!r}"
        ) from None
    return value


def _object_slug(line: int, what: str, value) -> str:
    """An actor's or author's slug as given, "" for none."""
    if value in ("", None):
        return ""
    try:
        if not isinstance(value, str) or len(value) > _NAME_LENGTH:
            raise ValidationError("")
        validate_slug(value)
    except ValidationError:
        raise FormatError(line, f"{what}: slug {value!r} is not a valid slug") from None
    return value


def _author(line: int, item) -> AuthorRef:
    if isinstance(item, str):
        return AuthorRef(name=_author_name(line, item))
    _check_object(line, item, AUTHOR_KEYS, "author", "a name or an object with a name")
    name = item.get("name")
    if not isinstance(name, str):
        raise FormatError(line, "an author object needs a non-empty name")
    name = _author_name(line, name)
    what = f"author {name!r}"
    details = {}
    for key in ("role", "bio", "website"):
        if key in item:
            details[key] = _text_of(line, f"{what}: {key}", item[key], Author, key)
    if website := details.get("website"):
        _check(
            line, f"{what}: website", URLValidator(schemes=["http", "https"]), website
        )
    if "links" in item:
        links = item["links"]
        if not isinstance(links, list) or not all(isinstance(u, str) for u in links):
            raise FormatError(line, f"{what}: links must be a list of addresses")
        details["links"] = "\n".join(link.strip() for link in links)
        _check(line, f"{what}: links", profile_links_validator, details["links"])
    wikidata_id = _wikidata_id(line, what, item.get("wikidata_id"))
    if wikidata_id is not None:
        details["wikidata_id"] = wikidata_id
    return AuthorRef(
        name=name, slug=_object_slug(line, what, item.get("slug")), details=details
    )


def _author_name(line: int, text) -> str:
    if not isinstance(text, str):
        raise FormatError(line, "an author's name must be a string")
    return _actor_name(line, text, "an author's name", key_of=author_name_key)


def _text_of(line: int, what: str, value, model, field: str) -> str:
    if not isinstance(value, str):
        raise FormatError(line, f"{what} must be a string")
    max_length = model._meta.get_field(field).max_length
    if max_length and len(value) > max_length:
        raise FormatError(line, f"{what} is longer than {max_length} characters")
    return value


def _check(line: int, what: str, validator, value: str) -> None:
    try:
        validator(value)
    except ValidationError as error:
        raise FormatError(line, f"{what}: {error.messages[0]}") from None


def _correction(line: int, item) -> Correction:
    _check_object(line, item, CORRECTION_KEYS, "correction", "an object with a text")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FormatError(line, "a correction needs a non-empty text")
    kind = item.get("kind", CorrectionKind.CORRECTION)
    if kind not in CorrectionKind.values:
        raise FormatError(
            line,
            f"a correction's kind must be one of {', '.join(CorrectionKind.values)}, "
            f"not {kind!r}",
        )
    correction = Correction(kind=kind, text=text)
    # Without a time, the correction is made as the file is imported.
    if (at := _datetime(line, item.get("at"), "a correction's at")) is not None:
        correction.at = at
    return correction


def _actor_name(line: int, text: str, what: str, key_of=name_key) -> str:
    """`text` as an actor's (or author's) name or alias is stored, if it can be."""
    name = " ".join(text.split())
    key = key_of(name)
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
    """An article in the import format (prefetch entities and their aliases,
    select its image, authors and corrections); its image file is
    `export_file_name(image)` in the media folder beside the file."""
    entities = entities_in_order(article.entities.all())
    return {
        "slug": article.slug,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "byline": article.byline,
        "authors": [author_to_record(author) for author in article.authors],
        "section": article.section.name if article.section else "",
        "language": article.language,
        "status": article.status,
        "publish_at": article.publish_at.astimezone(UTC).isoformat()
        if article.publish_at
        else None,
        "corrections": [
            {
                "at": correction.at.astimezone(UTC).isoformat(),
                "kind": correction.kind,
                "text": correction.text,
            }
            for correction in article.corrections.all()
        ],
        "entities": [entity_to_record(entity) for entity in entities],
        "image": _image_record(article.image) if article.image_id else None,
    }


def entity_to_record(entity: Entity) -> dict:
    """An actor in full (prefetch its aliases), for any kind of line."""
    return {
        "name": entity.name,
        "slug": entity.slug,
        "kind": entity.kind,
        "aliases": sorted(alias.name for alias in entity.aliases.all()),
        "wikidata_id": entity.wikidata_id,
        "description": entity.description,
    }


def entities_in_order(entities: Iterable[Entity]) -> list[Entity]:
    """Actors in the order a line lists them: the same in every database."""
    return sorted(entities, key=lambda e: (e.name_key, e.kind, e.slug))


def export_file_name(image: Image) -> str:
    """Named after its content: the same original is one file, whichever
    pieces use it, and a re-import exports to the same name."""
    return f"{image.sha256[:32]}.{EXTENSIONS[image.format]}"


def _image_record(image: Image) -> dict:
    record = {
        "file": f"{MEDIA_FOLDER}/{export_file_name(image)}",
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "focal_point": [image.focal_x, image.focal_y],
    }
    if image.decorative:
        record["decorative"] = True
    return record


def author_to_record(author: Author) -> dict:
    return {
        "name": author.name,
        "slug": author.slug,
        "role": author.role,
        "bio": author.bio,
        "website": author.website,
        "links": author.profile_urls,
        "wikidata_id": author.wikidata_id,
    }


def record_to_json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n"
