"""Writes to a topic that span its link tables.

Public names (kept stable): `topic_rule_set(*, topic, all_of, any_of,
none_of)`, `topic_pins_set(*, topic, articles)`. Neither refreshes the
topic's list: call `topics.ranking.topic_changed` once all is written.
"""

from django.db import transaction

from articles.models import Article
from entities.models import Entity

from .models import Part, Topic, TopicActor, TopicPin


@transaction.atomic
def topic_rule_set(
    *,
    topic: Topic,
    all_of: list[Entity],
    any_of: list[Entity],
    none_of: list[Entity],
) -> None:
    """Make the rule's actors exactly these (an actor in one part only)."""
    TopicActor.objects.filter(content_object=topic).delete()
    TopicActor.objects.bulk_create(
        TopicActor(content_object=topic, tag=entity, part=part)
        for part, entities in [
            (Part.ALL_OF, all_of),
            (Part.ANY_OF, any_of),
            (Part.NONE_OF, none_of),
        ]
        for entity in dict.fromkeys(entities)
    )


@transaction.atomic
def topic_pins_set(*, topic: Topic, articles: list[Article]) -> None:
    """Pin exactly these pieces, in this order."""
    TopicPin.objects.filter(topic=topic).delete()
    TopicPin.objects.bulk_create(
        TopicPin(topic=topic, article=article, order=order)
        for order, article in enumerate(dict.fromkeys(articles))
    )
