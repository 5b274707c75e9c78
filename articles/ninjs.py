"""IPTC ninjs (News in JSON), the wire's format: reading 1.x, 2.x and 3.x
documents into import records, and writing a piece as a ninjs 3.1 document.

Reading checks every document of a file before anything is written, like the
JSON Lines reader it builds on; a document's position (1-based) stands for the
line in `file:N: reason`.
"""

import html
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import nh3
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from markdownify import MarkdownConverter

from entities.models import Kind
from entities.resolution import EntityRef
from images.models import Image

from .interchange import (
    MEDIA_FOLDER,
    ArticleRecord,
    FormatError,
    _actor_name,
    _datetime,
    _image,
    _language,
    check_storable,
    export_file_name,
    line_slug,
)
from .models import Article, Correction, CorrectionKind, Status

SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"

# ninjs 1.x/2.x spelt in lower case (as Superdesk still emits) → 3.x.
_OLD_KEYS = {
    "versioncreated": "versionCreated",
    "firstcreated": "firstCreated",
    "embargoed": "embargoedUntil",
    "pubstatus": "pubStatus",
    "byline": "by",
    "person": "people",
    "organisation": "organisations",
    "place": "places",
    "subject": "subjects",
}
_OLD_TEXT = {"headline", "description_text", "description_html"}
_OLD_BODIES = {"body_html": "text/html", "body_xhtml": "text/html", "body_text": ""}
# What is read; any other field is listed in the report as having no home here.
_READ = {
    "uri",
    "type",
    "version",
    "versionCreated",
    "firstCreated",
    "embargoedUntil",
    "pubStatus",
    "language",
    "headlines",
    "descriptions",
    "bodies",
    "by",
    "people",
    "organisations",
    "places",
    "associations",
    "standard",
    "slugline",
    *_OLD_TEXT,
    *_OLD_BODIES,
}
_ACTORS = {
    "people": Kind.PERSON,
    "organisations": Kind.ORGANISATION,
    "places": Kind.PLACE,
}
_WIKIDATA_URI = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q\d+)$")
_PUB_STATUS = {
    "usable": Status.PUBLISHED,
    "withheld": Status.DRAFT,
    "canceled": Status.WITHDRAWN,
}
_HTML = "text/html"
_SLUG_LENGTH = Article._meta.get_field("slug").max_length
_CAPTION, _ALT = "caption", "alt"
_FEATURE = "featureimage"
# Tags a wire body keeps; the rest is unwrapped to its text, scripts dropped.
# One converter for every body: building one per call costs a tenth of a call.
_TO_MARKDOWN = MarkdownConverter(heading_style="ATX", bullets="-")
_BODY_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "em",
    "h2",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "strong",
    "ul",
}


def read_ninjs(path: Path) -> list[ArticleRecord]:
    """Every piece of a `.json` file: one ninjs document or an array of them."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FormatError(1, f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise FormatError(
            1, f"invalid JSON: {error.msg} at line {error.lineno}"
        ) from None
    except RecursionError:
        raise FormatError(1, "invalid JSON: nested too deeply") from None
    except ValueError:
        raise FormatError(
            1,
            f"invalid JSON: a number of more than {sys.get_int_max_str_digits()} "
            "digits",
        ) from None
    documents = data if isinstance(data, list) else [data]
    if not isinstance(data, list | dict):
        raise FormatError(1, "a ninjs file holds one document (an object) or an array")
    records, seen = [], {}
    for number, document in enumerate(documents, start=1):
        record = ninjs_record(document, number, folder=path.parent)
        if record.uri in seen:
            raise FormatError(
                number,
                f"uri {record.uri!r} is already used by document {seen[record.uri]}",
            )
        seen[record.uri] = number
        records.append(record)
    return records


def ninjs_record(document, number: int, folder: Path | None = None) -> ArticleRecord:
    """One ninjs document as an import record (FormatError if it cannot be one)."""
    if not isinstance(document, dict):
        raise FormatError(number, "each ninjs document must be a JSON object")
    check_storable(number, document)
    doc = {_OLD_KEYS.get(key, key): value for key, value in document.items()}
    uri = doc.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise FormatError(number, "uri is required: it identifies the item")
    if len(uri) > Article._meta.get_field("uri").max_length:
        raise FormatError(number, "uri is longer than 500 characters")
    if doc.get("type", "text") != "text":  # a picture, a video, an event…
        raise FormatError(
            number, f"type must be text (a piece), not {doc.get('type')!r}"
        )
    headline = _headline(number, doc)
    fields = {"headline": headline, "uri": uri}
    version = doc.get("version", "")
    if not isinstance(version, str | int) or len(str(version)) > 50:
        raise FormatError(number, "version must be a short string")
    fields["wire_version"] = str(version)
    fields["wire_version_created"] = _date(number, doc, "versionCreated")
    first_created = _date(number, doc, "firstCreated")
    embargo = _date(number, doc, "embargoedUntil")
    if first_created or embargo:
        fields["publish_at"] = max(t for t in (first_created, embargo) if t)
    status = doc.get("pubStatus", "usable")
    if not isinstance(status, str) or status not in _PUB_STATUS:
        raise FormatError(
            number,
            f"pubStatus must be one of {', '.join(_PUB_STATUS)}, not {status!r}",
        )
    if status != "usable":
        fields["status"] = _PUB_STATUS[status]
    if "language" in doc:
        fields["language"] = _language(number, doc["language"])
    if "by" in doc:
        fields["byline"] = _string(number, doc, "by", Article, "byline")
    standfirst, corrections = _descriptions(number, doc)
    fields["standfirst"] = standfirst
    fields["body"] = _body(number, doc)
    record = ArticleRecord(
        line=number,
        slug=_slug(number, doc, headline),
        fields=fields,
        entities=[ref for key in _ACTORS for ref in _actors(number, doc, key)],
        corrections=corrections,
    )
    record.uri = uri
    # A wire item the wire withholds or cancels is not published by --publish.
    record.publishable = status == "usable"
    record.unmapped = {key for key in doc if key not in _READ}
    _lead_image(number, doc, folder, record)
    return record


def _headline(number: int, doc: dict) -> str:
    if "headlines" in doc:
        texts = _texts(number, doc, "headlines")
        main = [value for role, _, value in texts if role == "main"]
        headline = (main or [value for _, _, value in texts] or [""])[0]
    else:
        headline = doc.get("headline", "")
        if not isinstance(headline, str):
            raise FormatError(number, "headline must be a string")
    headline = " ".join(headline.split())
    if not headline:
        raise FormatError(number, "a headline is required")
    if len(headline) > Article._meta.get_field("headline").max_length:
        raise FormatError(number, "the headline is longer than 300 characters")
    return headline


def _slug(number: int, doc: dict, headline: str) -> str:
    """The piece's address from the slugline, else the headline; a headline
    in a script slugs cannot spell (Arabic, Hebrew) falls back on a plain
    one, made unique at import."""
    slugline = doc.get("slugline")
    for text in (slugline if isinstance(slugline, str) else "", headline):
        if slug := slugify(text)[:_SLUG_LENGTH].strip("-"):
            return line_slug(number, slug, headline)
    return "wire-item"


def _texts(number: int, doc: dict, key: str) -> list[tuple[str, str, str]]:
    """(role, contentType, value) of each item of a 3.x text array."""
    items = doc[key]
    if not isinstance(items, list):
        raise FormatError(number, f"{key} must be an array")
    texts = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise FormatError(number, f"each of {key} must be an object with a value")
        role, kind = item.get("role", ""), item.get("contentType", "")
        if not isinstance(role, str) or not isinstance(kind, str):
            raise FormatError(number, f"{key}: role and contentType must be strings")
        texts.append((role, kind.split(";")[0].strip().lower(), item["value"]))
    return texts


def _date(number: int, doc: dict, key: str) -> datetime | None:
    return _datetime(number, doc.get(key), key)


def _string(number: int, doc: dict, key: str, model, field: str) -> str:
    value = doc[key]
    if not isinstance(value, str):
        raise FormatError(number, f"{key} must be a string")
    value = value.strip()
    max_length = model._meta.get_field(field).max_length
    if max_length and len(value) > max_length:
        raise FormatError(number, f"{key} is longer than {max_length} characters")
    return value


def _descriptions(number: int, doc: dict) -> tuple[str, list[Correction] | None]:
    """The standfirst, and the corrections given as descriptions whose role is
    a correction's kind (3.1 has no field of its own for them)."""
    if "descriptions" not in doc:
        for key, kind in (("description_text", ""), ("description_html", _HTML)):
            if isinstance(doc.get(key), str):
                return _plain(doc[key], kind), None
        return "", None
    standfirst, corrections = "", []
    at = doc.get("versionCreated") and _date(number, doc, "versionCreated")
    for role, kind, value in _texts(number, doc, "descriptions"):
        if role in CorrectionKind.values:
            correction = Correction(kind=role, text=_plain(value, kind))
            if at:
                correction.at = at
            corrections.append(correction)
        elif not standfirst:
            standfirst = _plain(value, kind)
    return standfirst, corrections


def _plain(value: str, content_type: str) -> str:
    if content_type == _HTML:
        value = html.unescape(nh3.clean(value, tags=set()))
    return value.strip()


def _body(number: int, doc: dict) -> str:
    """The body as Markdown an editor can go on with: HTML preferred, sanitized."""
    if "bodies" in doc:
        texts = _texts(number, doc, "bodies")
    else:
        texts = [
            ("main", kind, doc[key])
            for key, kind in _OLD_BODIES.items()
            if isinstance(doc.get(key), str)
        ]
    texts.sort(key=lambda text: (text[0] not in ("", "main"), text[1] != _HTML))
    if not texts:
        return ""
    _, kind, value = texts[0]
    if kind != _HTML:
        paragraphs = re.split(r"\n\s*\n", value.strip())
        value = "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs)
    return html_to_markdown(value)


def html_to_markdown(value: str) -> str:
    clean = nh3.clean(value, tags=_BODY_TAGS, attributes={"a": {"href", "title"}})
    return _TO_MARKDOWN.convert(clean).strip()


def _actors(number: int, doc: dict, key: str) -> list[EntityRef]:
    items = doc.get(key, [])
    if not isinstance(items, list):
        raise FormatError(number, f"{key} must be an array")
    refs = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise FormatError(number, f"each of {key} must be an object with a name")
        name = _actor_name(number, item["name"], f"a name in {key}")
        kind = _ACTORS[key]
        refs.append(
            EntityRef(
                name=name,
                kind=kind,
                wikidata_id=_wikidata_id(item),
                also_kinds=(Kind.COUNTRY,) if kind == Kind.PLACE else (),
            )
        )
    return refs


def _wikidata_id(item: dict) -> str | None:
    """From a 3.x `uri`, or a 1.x `scheme`/`code` pair naming Wikidata."""
    uri = item.get("uri")
    if isinstance(uri, str) and (found := _WIKIDATA_URI.match(uri)):
        return found[1]
    code, scheme = item.get("code"), item.get("scheme")
    if isinstance(code, str) and isinstance(scheme, str) and "wikidata" in scheme:
        if re.fullmatch(r"Q\d+", code):
            return code
    return None


def _lead_image(number: int, doc: dict, folder: Path | None, record) -> None:
    """A picture association whose rendition is a file beside the document
    becomes the lead image; one only on the web has no home here."""
    associations = doc.get("associations")
    if associations is None:
        return
    if isinstance(associations, dict):  # 1.x/2.x: keyed by name
        associations = [
            {"name": key, **value} if isinstance(value, dict) else value
            for key, value in associations.items()
        ]
    if not isinstance(associations, list):
        raise FormatError(number, "associations must be an array")
    pictures = [
        a for a in associations if isinstance(a, dict) and a.get("type") == "picture"
    ]
    pictures.sort(key=lambda a: a.get("name") != _FEATURE)
    for picture in pictures:
        if rendition := _local_rendition(number, picture):
            record.has_image = True
            record.image = _image(number, _image_item(picture, rendition), folder)
            return
    if pictures:
        record.unmapped.add("associations (pictures on the web)")


def _local_rendition(number: int, picture: dict) -> dict | None:
    renditions = picture.get("renditions", [])
    if isinstance(renditions, dict):
        renditions = list(renditions.values())
    if not isinstance(renditions, list):
        raise FormatError(number, "a picture's renditions must be an array")
    local = [
        r
        for r in renditions
        if isinstance(r, dict)
        and isinstance(r.get("href"), str)
        and not re.match(r"^([a-z][a-z0-9+.-]*:|//)", r["href"], re.IGNORECASE)
    ]
    local.sort(key=lambda r: (r.get("name") != "original", -_int(r.get("width"))))
    return local[0] if local else None


def _int(value) -> int:
    return value if type(value) is int else 0


def _image_item(picture: dict, rendition: dict) -> dict:
    """The association in the JSON Lines image shape."""
    item = {"file": rendition["href"]}
    texts = picture.get("descriptions")
    if isinstance(texts, list):
        for text in texts:
            if isinstance(text, dict) and isinstance(text.get("value"), str):
                role = _ALT if text.get("role") == _ALT else _CAPTION
                item.setdefault(role, text["value"])
    elif isinstance(picture.get("description_text"), str):
        item[_CAPTION] = picture["description_text"]
    if item.get(_ALT) == "":
        item["decorative"] = True
    by = picture.get("by", picture.get("byline"))
    if isinstance(by, str):
        item["credit"] = by
    poi, width, height = (rendition.get(k) for k in ("poi", "width", "height"))
    if isinstance(poi, dict) and _int(width) and _int(height):
        x, y = _int(poi.get("x")), _int(poi.get("y"))
        item["focal_point"] = [min(1, x / width), min(1, y / height)]
    return item


def ninjs_document(
    article: Article,
    *,
    absolute: Callable[[str], str],
    with_original: bool = False,
) -> dict:
    """`article` as a ninjs 3.1 document (prefetch its actors, authors and
    corrections, select its image). `absolute` makes a site address absolute;
    `with_original` adds the lead image's original as a rendition at
    `media/<file>` beside the document, for a copy of the site."""
    document = {
        "uri": article.ninjs_uri,
        "standard": {"name": "ninjs", "version": "3.1", "schema": SCHEMA_URI},
        "type": "text",
        "slugline": article.slug,
        "version": str(article.version),
        "versionCreated": _time(article.updated_at),
        "pubStatus": _pub_status(article),
        "language": article.language,
        "headlines": [{"role": "main", "value": article.headline}],
    }
    if article.publish_at:
        document["firstCreated"] = _time(article.publish_at)
        if article.publish_at > timezone.now():
            document["embargoedUntil"] = _time(article.publish_at)
    descriptions = []
    if article.standfirst:
        descriptions.append({"role": "summary", "value": article.standfirst})
    descriptions += [
        {"role": c.kind, "value": c.text} for c in article.corrections.all()
    ]
    if descriptions:
        document["descriptions"] = descriptions
    if article.body:
        body_html = article.body_html
        document["bodies"] = [
            {"role": "main", "contentType": _HTML, "value": body_html},
            {"role": "main", "contentType": "text/plain", "value": _text(body_html)},
        ]
    if by := article.byline or _names(article.authors):
        document["by"] = by
    for key, kind in _ACTORS.items():
        kinds = {kind, Kind.COUNTRY} if kind == Kind.PLACE else {kind}
        actors = [_actor(e) for e in _sorted(article.actors) if e.kind in kinds]
        if actors:
            document[key] = actors
    if article.image_id:
        document["associations"] = [
            _feature_image(article.image, absolute, with_original)
        ]
    return document


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _pub_status(article: Article) -> str:
    if article.status == Status.WITHDRAWN:
        return "canceled"
    return "usable" if article.status == Status.PUBLISHED else "withheld"


def _text(body_html: str) -> str:
    blocks = re.sub(r"</(p|h[1-6]|li|blockquote|pre)>", "\n\n", body_html)
    text = html.unescape(nh3.clean(blocks, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _names(authors) -> str:
    names = [author.name for author in authors]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _sorted(entities):
    return sorted(entities, key=lambda e: (e.name_key, e.slug))


def _actor(entity) -> dict:
    actor = {"name": entity.name}
    if entity.wikidata_id:
        actor["uri"] = f"http://www.wikidata.org/entity/{entity.wikidata_id}"
    return actor


def _feature_image(image: Image, absolute, with_original: bool) -> dict:
    picture = {
        "name": _FEATURE,
        "rel": _FEATURE,
        "uri": f"tag:{settings.FEED_GUID_AUTHORITY}:image:{image.sha256[:32]}",
        "type": "picture",
        "descriptions": [{"role": _ALT, "value": image.alt_text}],
    }
    if image.caption:
        picture["descriptions"].append({"role": _CAPTION, "value": image.caption})
    if image.credit:
        picture["by"] = image.credit
    renditions = []
    if with_original:
        renditions.append(
            {
                "name": "original",
                "href": f"{MEDIA_FOLDER}/{export_file_name(image)}",
                "width": image.width,
                "height": image.height,
                "poi": {
                    "x": round(image.focal_x * image.width),
                    "y": round(image.focal_y * image.height),
                },
            }
        )
    for r in image.renditions_for("width") + image.sharing:
        rendition = {
            "name": f"{r.purpose}-{(r.ratio or 'free').replace(':', 'x')}-"
            f"{r.width}-{r.format}",
            "href": absolute(r.url),
            "contentType": r.media_type,
            "width": r.width,
            "height": r.height,
            "sizeInBytes": r.bytes,
        }
        if r.ratio:
            rendition["aspectRatio"] = r.ratio
        renditions.append(rendition)
    picture["renditions"] = renditions
    return picture
