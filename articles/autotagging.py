"""Suggesting the actors a piece names but is not tagged with, and adding them.

Suggest, then confirm: a name that belongs to one actor can be applied in bulk,
a name shared by several ("Georgia") is only ever offered as a choice.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from entities.matching import Matcher, vocabulary_matcher
from entities.models import Entity
from newsroom.statistics import tables_analyze

from .changes import articles_changed
from .models import Article, ArticleEntity

_BATCH = 500


@dataclass
class Suggestion:
    """One actor (or, for a shared name, the actors to choose from) found in a piece."""

    candidates: list[Entity]
    texts: Counter = field(default_factory=Counter)

    @property
    def is_choice(self) -> bool:
        return len(self.candidates) > 1

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def found_as(self) -> list[tuple[str, int]]:
        """Each text the actor was found as, with its count, most frequent first."""
        return self.texts.most_common()

    @property
    def entity(self) -> Entity:
        return self.candidates[0]


@dataclass
class ArticleSuggestions:
    article: Article
    suggestions: list[Suggestion]

    @property
    def applicable(self) -> list[Entity]:
        return [s.entity for s in self.suggestions if not s.is_choice]

    @property
    def choices(self) -> list[Suggestion]:
        return [s for s in self.suggestions if s.is_choice]


def article_text(article: Article) -> str:
    return "\n\n".join([article.headline, article.standfirst, article.body])


def suggest(
    articles: Iterable[Article], matcher: Matcher | None = None
) -> Iterator[ArticleSuggestions]:
    """Per piece, the actors it names and is not tagged with, most mentioned first.

    Two queries per batch of 500 pieces however many actors they name, after
    the vocabulary check. A shared name is dropped when one of its actors is
    tagged or named unambiguously elsewhere in the piece.
    """
    matcher = matcher or vocabulary_matcher()
    for batch in _batches(articles):
        tagged = defaultdict(set)
        for article_id, tag_id in ArticleEntity.objects.filter(
            content_object__in=[a.pk for a in batch]
        ).values_list("content_object_id", "tag_id"):
            tagged[article_id].add(tag_id)
        found = [
            (article, _found(matcher, article, tagged[article.pk])) for article in batch
        ]
        ids = {i for _, by_ids in found for key in by_ids for i in key}
        entities = Entity.objects.in_bulk(ids)
        for article, texts_by_ids in found:
            yield ArticleSuggestions(
                article=article, suggestions=_ranked(texts_by_ids, entities)
            )


def text_suggestions(
    *, article: Article, tagged_ids: Iterable[int], matcher: Matcher | None = None
) -> ArticleSuggestions:
    """The actors an unsaved text names and are not among `tagged_ids`: the
    writing form's suggestions while typing. One query, after the vocabulary check.
    """
    texts_by_ids = _found(matcher or vocabulary_matcher(), article, set(tagged_ids))
    entities = Entity.objects.in_bulk({i for key in texts_by_ids for i in key})
    return ArticleSuggestions(
        article=article, suggestions=_ranked(texts_by_ids, entities)
    )


def _found(matcher: Matcher, article: Article, tagged: set[int]) -> dict:
    """Each name's actors (a tuple of ids) with the texts they were found as."""
    texts_by_ids: dict[tuple[int, ...], Counter] = defaultdict(Counter)
    for match in matcher.find(article_text(article)):
        if not tagged.intersection(match.entity_ids):
            texts_by_ids[match.entity_ids][match.text] += 1
    return texts_by_ids


def _ranked(texts_by_ids: dict, entities: dict[int, Entity]) -> list[Suggestion]:
    """Suggestions most mentioned first, without a shared name that an
    unambiguous mention of one of its actors settles."""
    suggestions = [
        Suggestion(
            candidates=sorted(
                (entities[i] for i in key if i in entities),
                key=lambda e: (e.kind, e.name_key),
            ),
            texts=texts,
        )
        for key, texts in texts_by_ids.items()
    ]
    named = {s.entity.pk for s in suggestions if len(s.candidates) == 1}
    suggestions = [
        s
        for s in suggestions
        if len(s.candidates) == 1
        or (s.candidates and not named.intersection(e.pk for e in s.candidates))
    ]
    suggestions.sort(key=lambda s: (-s.count, s.entity.name_key))
    return suggestions


@transaction.atomic
def articles_tags_add(*, links: Iterable[tuple[Article, Entity]]) -> None:
    """Tag each piece with its actor in bulk; links a piece already has are kept.

    The tags and what is derived from them (related coverage) commit together.
    """
    links = list(links)
    ArticleEntity.objects.bulk_create(
        [ArticleEntity(content_object=a, tag=e) for a, e in links],
        batch_size=_BATCH * 2,
        ignore_conflicts=True,
    )
    tables_analyze(models=[ArticleEntity], rows=len(links))
    articles_changed(article_ids={article.pk for article, _ in links})


def articles_autotag(
    *, articles: Iterable[Article], apply: bool = False
) -> list[ArticleSuggestions]:
    """Suggestions for every piece; with `apply`, every unambiguous one is tagged.

    Ambiguous names are never applied: they stay in the result as choices.
    """
    results = [r for r in suggest(articles) if r.suggestions]
    if apply:
        articles_tags_add(
            links=[(r.article, entity) for r in results for entity in r.applicable]
        )
    return results


def _batches(articles: Iterable[Article]) -> Iterator[list[Article]]:
    batch = []
    for article in articles:
        batch.append(article)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
