"""The score is written once in Python and twice more, in SQL and in numpy:
held here to the same numbers."""

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.db import connection

from articles.models import Article, ArticleEntity, Status
from articles.related.models import ActorWeight
from articles.related.scoring import (
    UNKNOWN_WEIGHT,
    related_score,
    related_score_array,
    related_score_sql,
    shared_weight,
    shared_weight_sql,
    time_scale,
)

ORIGIN = datetime(2018, 1, 29, 12, tzinfo=UTC)
# Up to about a year and a half on either side of ORIGIN, in seconds.
REACH = 50_000_000


def random_weight(rng: random.Random) -> float:
    """An actor's weight: as rare as an idf gets at a million pieces, or zero
    (a kind weighted 0)."""
    return rng.choice([0.0, rng.uniform(0, 15)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_score_in_numpy_is_the_score_in_python(seed):
    rng = random.Random(seed)
    shared = [
        sum(random_weight(rng) for _ in range(rng.randint(1, 6))) for _ in range(20_000)
    ]
    apart = [float(rng.randint(-REACH, REACH)) for _ in shared]
    scale = time_scale()
    in_numpy = related_score_array(
        shared_weights=np.array(shared), seconds_apart=np.array(apart), scale=scale
    )
    assert in_numpy.tolist() == [
        related_score(shared_weight=weight, seconds_apart=seconds, scale=scale)
        for weight, seconds in zip(shared, apart, strict=True)
    ]
    assert 0.0 in in_numpy.tolist()


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_score_in_sql_is_the_score_in_python(entity_factory, seed):
    """Evaluated by the database on stored pieces and weights, one actor never
    counted: the same to about 9 decimals, being unrounded and summed in no set
    order."""
    rng = random.Random(seed)
    actors = [entity_factory() for _ in range(8)]
    weights = {actor.pk: random_weight(rng) for actor in actors}
    ActorWeight.objects.bulk_create(
        ActorWeight(entity_id=pk, article_count=1, corpus_size=1, weight=weight)
        for pk, weight in list(weights.items())[1:]
    )
    weights[actors[0].pk] = UNKNOWN_WEIGHT
    scale, in_python = time_scale(), {}
    for number in range(60):
        piece = Article.objects.create(
            headline=f"Piece {number}",
            status=Status.PUBLISHED,
            publish_at=ORIGIN + timedelta(seconds=rng.randint(-REACH, REACH)),
        )
        tags = rng.sample(actors, rng.randint(1, 4))
        piece.entities.add(*tags)
        in_python[piece.pk] = related_score(
            shared_weight=shared_weight(weights, sorted(tag.pk for tag in tags)),
            seconds_apart=(piece.publish_at - ORIGIN).total_seconds(),
            scale=scale,
        )
    assert 0.0 in in_python.values()
    assert max(in_python.values()) > UNKNOWN_WEIGHT / 1000

    score, params = related_score_sql(
        shared_weight=shared_weight_sql("weight.weight"),
        publish_at="piece.publish_at",
        origin=ORIGIN.timestamp(),
        scale=scale,
        connection=connection,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT piece.id, {score} FROM {Article._meta.db_table} piece "
            f"JOIN {ArticleEntity._meta.db_table} link "
            f"ON link.content_object_id = piece.id "
            f"LEFT JOIN {ActorWeight._meta.db_table} weight "
            f"ON weight.entity_id = link.tag_id "
            f"GROUP BY piece.id, piece.publish_at",
            params,
        )
        in_sql = dict(cursor.fetchall())
    assert in_sql == pytest.approx(in_python, rel=1e-9, abs=1e-9)
