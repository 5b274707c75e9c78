from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from topics.ranking import NEWEST, topic_articles
from topics.rules import Rule, rule_ranked

pytestmark = pytest.mark.django_db


def slugs(topic, **kwargs):
    return [piece.slug for piece in topic_articles(topic=topic, **kwargs)]


@pytest.fixture
def axis(actors, article_factory):
    """Pieces around the rule all_of Hamas, any_of Hezbollah/Iran, none_of Egypt."""
    a = actors
    make = article_factory
    return {
        "all-three": make(
            slug="all-three", entities=[a["Hamas"], a["Hezbollah"], a["Iran"]]
        ),
        "hamas-iran": make(slug="hamas-iran", entities=[a["Hamas"], a["Iran"]]),
        "hamas-hezbollah": make(
            slug="hamas-hezbollah", entities=[a["Hamas"], a["Hezbollah"], a["Israel"]]
        ),
        "hamas-only": make(slug="hamas-only", entities=[a["Hamas"], a["Israel"]]),
        "no-hamas": make(slug="no-hamas", entities=[a["Hezbollah"], a["Iran"]]),
        "egypt": make(slug="egypt", entities=[a["Hamas"], a["Iran"], a["Egypt"]]),
        "draft": make(
            slug="draft", status=Status.DRAFT, entities=[a["Hamas"], a["Iran"]]
        ),
        "scheduled": make(
            slug="scheduled",
            publish_at=timezone.now() + timedelta(days=1),
            entities=[a["Hamas"], a["Iran"]],
        ),
    }


@pytest.fixture
def axis_topic(actors, axis, topic_factory):
    a = actors
    return topic_factory(
        all_of=[a["Hamas"]], any_of=[a["Hezbollah"], a["Iran"]], none_of=[a["Egypt"]]
    )


def test_the_rule_lists_exactly_the_public_pieces_it_names(axis_topic):
    assert set(slugs(axis_topic)) == {"all-three", "hamas-iran", "hamas-hezbollah"}


def test_sharing_more_ranks_higher(axis_topic):
    order = slugs(axis_topic)
    assert order.index("all-three") < order.index("hamas-iran")
    assert order[0] == "all-three"


def test_pinned_pieces_come_first_in_order(actors, axis, topic_factory):
    a = actors
    topic = topic_factory(
        all_of=[a["Hamas"]],
        any_of=[a["Hezbollah"], a["Iran"]],
        pinned=[axis["hamas-only"], axis["hamas-iran"], axis["draft"]],
    )
    order = slugs(topic)
    assert order[:2] == ["hamas-only", "hamas-iran"]
    assert order.count("hamas-iran") == 1
    assert "draft" not in order


def test_excluded_pieces_never_appear(actors, axis, topic_factory):
    a = actors
    topic = topic_factory(
        all_of=[a["Hamas"]],
        any_of=[a["Iran"]],
        pinned=[axis["hamas-iran"]],
        excluded=[axis["hamas-iran"], axis["all-three"]],
    )
    assert slugs(topic) == ["egypt"]


def test_min_shared_counts_the_any_of_actors(actors, axis, topic_factory):
    a = actors
    topic = topic_factory(
        all_of=[a["Hamas"]], any_of=[a["Hezbollah"], a["Iran"]], min_shared=2
    )
    assert slugs(topic) == ["all-three"]


def test_since_and_until_bound_the_publication_day(actors, article_factory):
    a = actors
    old = article_factory(
        entities=[a["Hamas"]], publish_at=timezone.now() - timedelta(days=400)
    )
    new = article_factory(entities=[a["Hamas"]])
    today = timezone.localdate()
    kept = {
        row.article_id
        for row in rule_ranked(
            rule=Rule(
                all_of=frozenset([a["Hamas"].pk]), since=today - timedelta(days=30)
            )
        )
    }
    assert kept == {new.pk}
    kept = {
        row.article_id
        for row in rule_ranked(
            rule=Rule(
                all_of=frozenset([a["Hamas"].pk]), until=date(today.year - 1, 12, 31)
            )
        )
    }
    assert old.pk in kept and new.pk not in kept


def test_newest_orders_by_time(axis_topic):
    pieces = list(topic_articles(topic=axis_topic, order=NEWEST))
    assert [p.publish_at for p in pieces] == sorted(
        (p.publish_at for p in pieces), reverse=True
    )
