import pytest

from articles.models import Status
from topics.models import Topic
from topics.ranking import topic_changed
from topics.services import topic_pins_set, topic_rule_set


@pytest.fixture
def actors(entity_factory):
    """The seed's actors, by name."""
    names = ["Hamas", "Hezbollah", "Iran", "Egypt", "Israel", "Russia"]
    return {name: entity_factory(name=name) for name in names}


@pytest.fixture
def topic_factory(db):
    def make(
        *,
        all_of=(),
        any_of=(),
        none_of=(),
        pinned=(),
        excluded=(),
        status=Status.PUBLISHED,
        **fields,
    ):
        fields.setdefault("title", "Hamas, Hezbollah and Iran")
        topic = Topic.objects.create(status=status, **fields)
        topic_rule_set(
            topic=topic, all_of=list(all_of), any_of=list(any_of), none_of=list(none_of)
        )
        topic_pins_set(topic=topic, articles=list(pinned))
        topic.excluded.set(excluded)
        topic_changed(topic=topic)
        return topic

    return make
