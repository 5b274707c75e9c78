"""Each topic's ranked list (TopicArticle), kept fresh by the writes that
change what it holds, and read for the pages.

Public names (kept stable):

- `topic_refresh(*, topic)`: recompute `topic`'s list from its rule and pins;
  call after its rule, pins or exclusions changed (`topic_changed` also makes
  the stored pages stale).
- `topics_follow(*, article_ids)`: called for every write to pieces
  (articles.changes.change_followers), in the writer's transaction, so the
  next request shows the change; refreshes the topics those pieces are in or
  whose actors they are tagged with.
- `topics_merged(*, tagged)`: follows an actor merge (entities.merging).
- `topic_pieces(*, topic)`: the same pieces, in no order and bare.
- `topic_articles(*, topic, order)`: the topic's public pieces, pinned first
  then most relevant (`RELEVANT`), or newest first (`NEWEST`), each with
  `topic_shared` (actor ids, rarest first) and `topic_pinned`.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q

from articles.models import Article, ArticleEntity, published_q
from newsroom.page_cache import pages_changed
from newsroom.statistics import tables_analyze

from .models import Topic, TopicActor, TopicArticle
from .rules import Ranked, Rule, rule_ranked, rule_shared

# Pieces changed at once beyond which every topic is refreshed rather than
# those the pieces are in: a query naming 100,000 pieces would cost more, and
# SQLite takes at most 32,766 parameters.
FOLLOW_MAX = 1000

RELEVANT = "relevant"
NEWEST = "newest"


def topic_refresh(*, topic: Topic) -> None:
    with transaction.atomic():
        # Two writers refreshing one topic would each insert its rows.
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        rule = Rule.of(topic)
        pinned = [
            pk
            for pk in topic.pins.filter(published_q("article__"))
            .order_by("order", "id")
            .values_list("article_id", flat=True)
            if pk not in rule.excluded
        ]
        shared = {
            row.article_id: row for row in rule_shared(rule=rule, article_ids=pinned)
        }
        rows = [
            TopicArticle(
                topic=topic,
                article_id=pk,
                rank=rank,
                pinned=True,
                score=shared[pk].score if pk in shared else 0.0,
                shared=list(shared[pk].shared) if pk in shared else [],
            )
            for rank, pk in enumerate(pinned)
        ]
        shown_first = set(pinned)
        matched: list[Ranked] = [
            row
            for row in rule_ranked(rule=rule, public=False)
            if row.article_id not in shown_first
        ]
        rows += [
            TopicArticle(
                topic=topic,
                article_id=row.article_id,
                rank=len(pinned) + place,
                score=row.score,
                shared=list(row.shared),
            )
            for place, row in enumerate(matched)
        ]
        TopicArticle.objects.filter(topic=topic).delete()
        TopicArticle.objects.bulk_create(rows, batch_size=2000)
        tables_analyze(models=[TopicArticle], rows=len(rows))


def topic_changed(*, topic: Topic) -> None:
    """After an editor or an import changed `topic`: its list and the pages."""
    topic_refresh(topic=topic)
    pages_changed()


def topics_follow(*, article_ids: Iterable[int]) -> None:
    ids = list(article_ids)
    if not ids:
        return
    affected = Topic.objects.all()
    if len(ids) <= FOLLOW_MAX:
        affected = affected.filter(
            Q(actor_links__tag__article_links__content_object_id__in=ids)
            | Q(ranked__article_id__in=ids)
            | Q(pins__article_id__in=ids)
        ).distinct()
    for topic in affected.order_by("pk"):
        topic_refresh(topic=topic)


def topics_merged(*, tagged: dict) -> None:
    # A merge that moved pieces to the kept actor has these topics refreshed
    # already, by `topics_follow` for those pieces (articles.changes): each of
    # them names the actor the pieces now carry. Refreshing again cost a whole
    # ranking (seconds for a big topic). Only when the merged actor was on no
    # piece is it left to this.
    if tagged.get(ArticleEntity):
        return
    for topic in Topic.objects.filter(pk__in=tagged.get(TopicActor, [])):
        topic_refresh(topic=topic)


def topic_pieces(*, topic: Topic):
    """The public pieces on `topic`'s page, in no order: to count and chart."""
    return Article.objects.published().filter(topic_ranks__topic=topic)


def topic_articles(*, topic: Topic, order: str = RELEVANT):
    """The public pieces on `topic`'s page, in `order`, annotated with what
    they share (`topic_shared`) and whether pinned (`topic_pinned`)."""
    pieces = topic_pieces(topic=topic).annotate(
        topic_rank=F("topic_ranks__rank"),
        topic_shared=F("topic_ranks__shared"),
        topic_pinned=F("topic_ranks__pinned"),
    )
    if order == NEWEST:
        return pieces.newest_first()
    return pieces.order_by("topic_rank")
