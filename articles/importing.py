"""Writing imported articles: one file is one transaction, all of it or none of it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from entities.models import Entity
from entities.resolution import EntityResolver, ResolutionError

from .interchange import ArticleRecord, FormatError
from .models import Article, ArticleEntity, Status
from .related import related_refresh

_BATCH = 500
_UPDATABLE = [
    "headline",
    "standfirst",
    "body",
    "byline",
    "section",
    "status",
    "publish_at",
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    entities_created: int = 0

    def __str__(self):
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.entities_created} new actors"
        )


class _DryRunRollback(Exception):
    pass


def articles_import(
    *,
    records: list[ArticleRecord],
    publish: bool = False,
    dry_run: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    result = ImportResult()
    try:
        with transaction.atomic():
            _write(records, publish, result, on_progress)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return result


def _write(records, publish, result, on_progress) -> None:
    now = timezone.now()
    resolver = EntityResolver()
    resolver.preload(ref for record in records for ref in record.entities or ())
    written = []
    for start in range(0, len(records), _BATCH):
        batch = records[start : start + _BATCH]
        existing = Article.objects.in_bulk([r.slug for r in batch], field_name="slug")
        new_articles, changed_articles, links = [], [], {}
        for record in batch:
            article = existing.get(record.slug)
            if article is None:
                article = Article(slug=record.slug)
                new_articles.append(article)
            else:
                changed_articles.append(article)
            for name, value in record.fields.items():
                setattr(article, name, value)
            if publish:
                article.status = Status.PUBLISHED
            article.stamp_publication()
            article.updated_at = now
            if record.entities is not None:
                links[record.slug] = _resolve(resolver, record)
        Article.objects.bulk_create(new_articles, batch_size=_BATCH)
        Article.objects.bulk_update(
            changed_articles,
            [*_UPDATABLE, "first_published_at", "updated_at"],
            batch_size=_BATCH,
        )
        _replace_links(new_articles + changed_articles, links)
        written.extend(article.pk for article in new_articles + changed_articles)
        result.created += len(new_articles)
        result.updated += len(changed_articles)
        if on_progress:
            on_progress(len(batch))
    result.entities_created = resolver.created
    related_refresh(article_ids=written)


def _resolve(resolver: EntityResolver, record: ArticleRecord) -> list[Entity]:
    entities = {}
    for ref in record.entities:
        try:
            entity = resolver.resolve(ref)
        except ResolutionError as error:
            raise FormatError(record.line, str(error)) from None
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
