"""Writing imported articles: one file is one transaction, all of it or none of it."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from authors.models import Author
from authors.resolution import AuthorResolutionError, AuthorResolver
from entities.models import Entity
from entities.resolution import EntityResolver, ResolutionError
from images.models import Image
from images.services import image_store
from images.storage import undone_on_error
from newsroom.statistics import tables_analyze
from sections.services import section_key, sections_for_names

from .autotagging import articles_autotag
from .changes import articles_changed
from .interchange import LINE_KINDS, ArticleRecord, FormatError, OtherRecord
from .models import (
    EDITORIAL_FIELDS,
    Article,
    ArticleAuthor,
    ArticleEntity,
    Correction,
    Status,
)

_BATCH = 500
_SLUG_LENGTH = Article._meta.get_field("slug").max_length


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    entities_created: int = 0
    authors_created: int = 0
    autotagged: int | None = None
    autotag_choices: int = 0
    # (line, why): wire items not taken, an older version of a stored one.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # Fields of the file that have no home here, each named once.
    unmapped: set[str] = field(default_factory=set)
    # (line, what): new actors likely another's name, left to an editor.
    likely_matches: list[tuple[int, str]] = field(default_factory=list)
    # Lines of other kinds written (interchange.LINE_KINDS): label → count.
    others: dict[str, int] = field(default_factory=dict)

    def __str__(self):
        text = (
            f"{self.created} created, {self.updated} updated, "
            f"{self.entities_created} new actors"
        )
        if self.authors_created:
            text += f", {self.authors_created} new authors"
        for label, count in sorted(self.others.items()):
            text += f", {count} {label}"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        if self.likely_matches:
            text += (
                f", {len(self.likely_matches)} likely another actor's name: "
                "confirm or merge them in the admin"
            )
        if self.autotagged is not None:
            text += (
                f", {self.autotagged} tags added by autotag, "
                f"{self.autotag_choices} ambiguous names left to choose"
            )
        return text


class _DryRunRollback(Exception):
    pass


def articles_import(
    *,
    records: list[ArticleRecord | OtherRecord],
    publish: bool = False,
    dry_run: bool = False,
    autotag: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    result = ImportResult()
    others = [record for record in records if isinstance(record, OtherRecord)]
    records = [record for record in records if isinstance(record, ArticleRecord)]
    try:
        # The images stored go again if the file is refused (or a dry run).
        with undone_on_error(), transaction.atomic():
            records = _match_wire_items(records, result)
            written = _write(records, publish, result, on_progress)
            if autotag:
                _autotag(written, result)
            # After the articles, which the other lines may name.
            for kind, line_kind in LINE_KINDS.items():
                if mine := [record for record in others if record.kind == kind]:
                    result.others[line_kind.label] = line_kind.apply(records=mine)
            if dry_run:
                raise _DryRunRollback
            tables_analyze(
                models=[Article, ArticleEntity, ArticleAuthor, Correction, Entity],
                rows=len(written),
            )
            articles_changed(article_ids=[article.pk for article in written])
    except _DryRunRollback:
        pass
    return result


def _write(records, publish, result, on_progress) -> list[Article]:
    now = timezone.now()
    resolver = EntityResolver()
    resolver.preload(ref for record in records for ref in record.entities or ())
    images: dict[tuple, Image] = {}
    author_resolver = AuthorResolver()
    author_resolver.preload(ref for record in records for ref in record.authors or ())
    sections = sections_for_names(
        names=[r.fields["section"] for r in records if "section" in r.fields]
    )
    written = []
    for start in range(0, len(records), _BATCH):
        batch = records[start : start + _BATCH]
        existing = Article.objects.in_bulk([r.slug for r in batch], field_name="slug")
        new_articles, changed_articles, links, credits = [], [], {}, {}
        for record in batch:
            article = existing.get(record.slug)
            if article is None:
                article = Article(slug=record.slug)
                new_articles.append(article)
            else:
                # Moves the version on, so an admin form opened before the import
                # is refused rather than silently undoing it.
                article.version = F("version") + 1
                article.updated_by = None
                changed_articles.append(article)
            for name, value in record.fields.items():
                if name == "section":
                    value = sections.get(section_key(value))
                setattr(article, name, value)
            if publish and record.publishable:
                article.status = Status.PUBLISHED
            wire_version = record.fields.get("wire_version", "")
            # Counted on from the wire's number (one the column holds), so
            # that a copy exported again says the same version.
            if article._state.adding and wire_version.isdigit():
                article.version = max(1, min(int(wire_version), 2**31 - 1))
            if record.has_image:
                article.image = _image_for(record, images)
            _check_image(record, article)
            article.stamp_publication()
            article.stamp_language()
            article.updated_at = now
            if record.entities is not None:
                links[record.slug] = _resolve(resolver, record, result)
            if record.authors is not None:
                credits[record.slug] = _resolve_authors(author_resolver, record)
        Article.objects.bulk_create(new_articles, batch_size=_BATCH)
        given = {name for record in batch for name in record.fields}
        updated = [*EDITORIAL_FIELDS, "language", "search_config", "image"] + [
            "first_published_at",
            "updated_at",
            "version",
            "updated_by",
        ]
        Article.objects.bulk_update(
            changed_articles,
            updated + sorted(given - set(updated)),
            batch_size=_BATCH,
        )
        _replace_links(new_articles + changed_articles, links)
        _replace_credits(new_articles + changed_articles, credits)
        _replace_corrections(new_articles + changed_articles, batch)
        written += new_articles + changed_articles
        result.created += len(new_articles)
        result.updated += len(changed_articles)
        if on_progress:
            on_progress(len(batch))
    result.entities_created = resolver.created
    result.authors_created = author_resolver.created
    return written


def _match_wire_items(
    records: list[ArticleRecord], result: ImportResult
) -> list[ArticleRecord]:
    """Wire items (ninjs) are found by their uri: a newer version updates the
    piece, whatever its slug now; an older or the same one is skipped. A new
    item gets a slug no other piece has."""
    wired = [record for record in records if record.uri]
    for record in wired:
        result.unmapped |= record.unmapped
    if not wired:
        return records
    stored = {}
    for start in range(0, len(wired), _BATCH):
        uris = [record.uri for record in wired[start : start + _BATCH]]
        stored |= {
            a.uri: a
            for a in Article.objects.filter(uri__in=uris).only(
                "slug", "uri", "version", "wire_version", "wire_version_created"
            )
        }
    kept, new = [], []
    for record in records:
        article = stored.get(record.uri) if record.uri else None
        if article is None:
            new += [record] if record.uri else []
        elif (why := _not_newer(record, article)) is not None:
            result.skipped.append((record.line, why))
            continue
        else:
            record.slug = article.slug
        kept.append(record)
    _give_free_slugs(new)
    return kept


def _not_newer(record: ArticleRecord, article: Article) -> str | None:
    """Why `record` does not replace the stored `article`; None if it is newer.

    Versions are compared as numbers when both are; otherwise, or on a tie,
    by when each version was created."""
    version = record.fields.get("wire_version", "")
    created = record.fields.get("wire_version_created")
    stored = article.wire_version
    order = 0
    if version.isdigit() and stored.isdigit():
        order = (int(version) > int(stored)) - (int(version) < int(stored))
    if not order and created and article.wire_version_created:
        at, stored_at = created, article.wire_version_created
        order = (at > stored_at) - (at < stored_at)
    if order > 0 or (not order and not stored and not article.wire_version_created):
        return None
    shown = stored or article.wire_version_created.isoformat()
    if order < 0:
        return f"skipped: older than stored version {shown}"
    return f"skipped: version {shown} is stored already"


def _give_free_slugs(records: list[ArticleRecord]) -> None:
    taken = set()
    for start in range(0, len(records), _BATCH):
        slugs = [record.slug for record in records[start : start + _BATCH]]
        taken |= set(
            Article.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
    for record in records:
        if record.slug in taken:
            base = record.slug[: _SLUG_LENGTH - 6].strip("-")
            taken |= set(
                Article.objects.filter(slug__startswith=base).values_list(
                    "slug", flat=True
                )
            )
            suffix = 2
            while f"{base}-{suffix}" in taken:
                suffix += 1
            record.slug = f"{base}-{suffix}"
        taken.add(record.slug)


def _image_for(record: ArticleRecord, images: dict[tuple, Image]) -> Image | None:
    """The image of the line: one with the same original, text and focal point
    if there is one (so a re-import adds none), else a new one. An image in
    use elsewhere is never changed by an import."""
    ref = record.image
    if ref is None:
        return None
    key = tuple(sorted(ref.fields.items()))
    if key not in images:
        found = Image.objects.filter(**ref.fields).order_by("pk").first()
        if found is None:
            data = ref.path.read_bytes()
            if hashlib.sha256(data).hexdigest() != ref.inspected.sha256:
                raise FormatError(record.line, f"image {ref.path}: changed while read")
            fields = {k: v for k, v in ref.fields.items() if k != "sha256"}
            found = image_store(
                image=Image(**fields), data=data, inspected=ref.inspected
            )
        images[key] = found
    return images[key]


def _check_image(record: ArticleRecord, article: Article) -> None:
    if article.status == Status.PUBLISHED and article.image_id:
        if article.image.alt_problem:
            raise FormatError(
                record.line,
                "image has no alt text, which a published piece needs: give "
                'its "alt", or "decorative": true if it adds nothing to the text',
            )


def _autotag(articles: list[Article], result: ImportResult) -> None:
    """After the links from the file, so that tags the file gives are not suggested."""
    found = articles_autotag(articles=articles, apply=True)
    result.autotagged = sum(len(r.applicable) for r in found)
    result.autotag_choices = sum(len(r.choices) for r in found)


def _resolve(
    resolver: EntityResolver, record: ArticleRecord, result: ImportResult
) -> list[Entity]:
    entities = {}
    for ref in record.entities:
        known = len(resolver.likely)
        try:
            entity = resolver.resolve(ref)
        except ResolutionError as error:
            raise FormatError(record.line, str(error)) from None
        result.likely_matches += [
            (record.line, str(m)) for m in resolver.likely[known:]
        ]
        entities.setdefault(entity.pk, entity)
    return list(entities.values())


def _replace_links(articles: list[Article], links: dict[str, list[Entity]]) -> None:
    retagged = [article for article in articles if article.slug in links]
    if not retagged:
        return
    ArticleEntity.objects.filter(content_object__in=[a.pk for a in retagged]).delete()
    ArticleEntity.objects.bulk_create(
        [
            ArticleEntity(content_object=article, tag=entity)
            for article in retagged
            for entity in links[article.slug]
        ],
        batch_size=_BATCH * 2,
    )


def _resolve_authors(resolver: AuthorResolver, record: ArticleRecord) -> list[Author]:
    authors = {}
    for ref in record.authors:
        try:
            author = resolver.resolve(ref)
        except AuthorResolutionError as error:
            raise FormatError(record.line, str(error)) from None
        authors.setdefault(author.pk, author)
    return list(authors.values())


def _replace_credits(articles: list[Article], credits: dict[str, list[Author]]):
    credited = [article for article in articles if article.slug in credits]
    if not credited:
        return
    ArticleAuthor.objects.filter(article__in=[a.pk for a in credited]).delete()
    ArticleAuthor.objects.bulk_create(
        [
            ArticleAuthor(article=article, author=author, order=order)
            for article in credited
            for order, author in enumerate(credits[article.slug])
        ],
        batch_size=_BATCH * 2,
    )


def _replace_corrections(articles: list[Article], records: list[ArticleRecord]):
    """The corrections a line gives are the piece's; without them it keeps its own."""
    given = {r.slug: r.corrections for r in records if r.corrections is not None}
    corrected = [article for article in articles if article.slug in given]
    if not corrected:
        return
    Correction.objects.filter(article__in=[a.pk for a in corrected]).delete()
    new = []
    for article in corrected:
        for correction in given[article.slug]:
            correction.pk, correction.article = None, article
            new.append(correction)
    Correction.objects.bulk_create(new, batch_size=_BATCH * 2)
