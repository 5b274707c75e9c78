"""The "Most relevant" order against a brute-force recomputation."""

import math
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleEntity, Status
from topics.ranking import topic_articles, topic_refresh

pytestmark = pytest.mark.django_db


def brute_force(*, all_of, any_of, min_shared, none_of, excluded=()):
    """Every public piece the rule matches, scored from scratch: the summed
    idf of the topic's actors it is tagged with, then newer, then higher id."""
    public = list(Article.objects.published())
    tags = {piece.pk: set() for piece in public}
    for piece_id, actor_id in ArticleEntity.objects.filter(
        content_object__in=public
    ).values_list("content_object_id", "tag_id"):
        tags[piece_id].add(actor_id)
    total = len(public)

    def weight(actor_id):
        count = sum(actor_id in actors for actors in tags.values())
        return math.log(1 + (total - count + 0.5) / (count + 0.5))

    counted = set(all_of) | set(any_of)
    rows = []
    for piece in public:
        actors = tags[piece.pk]
        if piece.pk in excluded or not set(all_of) <= actors:
            continue
        if any_of and len(actors & set(any_of)) < min_shared:
            continue
        if actors & set(none_of):
            continue
        score = round(sum(weight(pk) for pk in sorted(actors & counted)), 9)
        rows.append((-score, -piece.publish_at.timestamp(), -piece.pk, piece.slug))
    return [slug for *_, slug in sorted(rows)]


@pytest.mark.parametrize("seed", range(6))
def test_most_relevant_is_the_brute_force_order(
    seed, entity_factory, article_factory, topic_factory
):
    chance = random.Random(seed)
    actors = [entity_factory() for _ in range(8)]
    now = timezone.now()
    for number in range(60):
        article_factory(
            slug=f"piece-{number}",
            status=chance.choice([Status.PUBLISHED] * 5 + [Status.DRAFT]),
            # Equal times too, so that ties are broken by id.
            publish_at=now - timedelta(days=chance.choice([1, 2, 3, 30, 400])),
            entities=chance.sample(actors, chance.randint(1, 5)),
        )
    picked = chance.sample(actors, 6)
    rule = {
        "all_of": picked[:1],
        "any_of": picked[1:4],
        "min_shared": chance.randint(1, 2),
        "none_of": picked[4:5],
    }
    excluded = chance.sample(list(Article.objects.all()), 3)
    topic = topic_factory(slug="random", excluded=excluded, **rule)
    expected = brute_force(
        **{
            name: [a.pk for a in value]
            for name, value in rule.items()
            if name != "min_shared"
        },
        min_shared=rule["min_shared"],
        excluded={piece.pk for piece in excluded},
    )
    assert expected, "the corpus gives the rule something to match"
    assert [piece.slug for piece in topic_articles(topic=topic)] == expected
    # Computed again, the same order.
    topic_refresh(topic=topic)
    assert [piece.slug for piece in topic_articles(topic=topic)] == expected


def test_sharing_a_rarer_actor_ranks_higher(
    entity_factory, article_factory, topic_factory
):
    common, rare, hamas = (entity_factory(name=n) for n in ["Common", "Rare", "Hamas"])
    for _ in range(5):
        article_factory(entities=[common])
    article_factory(slug="with-rare", entities=[hamas, rare])
    article_factory(slug="with-common", entities=[hamas, common])
    topic = topic_factory(all_of=[hamas], any_of=[common, rare])
    assert [piece.slug for piece in topic_articles(topic=topic)] == [
        "with-rare",
        "with-common",
    ]


def test_equal_scores_put_the_newer_piece_first(actors, article_factory, topic_factory):
    now = timezone.now()
    a = actors
    article_factory(
        slug="older", publish_at=now - timedelta(days=3), entities=[a["Hamas"]]
    )
    article_factory(
        slug="newer", publish_at=now - timedelta(days=1), entities=[a["Hamas"]]
    )
    topic = topic_factory(all_of=[a["Hamas"]])
    assert [piece.slug for piece in topic_articles(topic=topic)] == ["newer", "older"]
