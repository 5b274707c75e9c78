import json

import feedparser
import pytest

from articles.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def axis_topic(actors, article_factory, topic_factory):
    a = actors
    article_factory(slug="all-three", entities=[a["Hamas"], a["Hezbollah"], a["Iran"]])
    article_factory(slug="hamas-iran", entities=[a["Hamas"], a["Iran"]])
    article_factory(slug="egypt", entities=[a["Hamas"], a["Iran"], a["Egypt"]])
    return topic_factory(
        slug="axis",
        intro="The *axis* and its fronts.",
        all_of=[a["Hamas"]],
        any_of=[a["Hezbollah"], a["Iran"]],
        none_of=[a["Egypt"]],
    )


def test_topic_page(client, axis_topic):
    page = client.get("/topics/axis/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<em>axis</em>" in html
    print(html)


def test_feed(client, axis_topic):
    feed = feedparser.parse(client.get("/topics/axis/feed/").content)
    assert not feed.bozo
    print([e.link for e in feed.entries])


def test_api(client, axis_topic):
    answer = client.get("/api/topics/axis")
    print(json.dumps(answer.json(), indent=1)[:3000])
    assert answer.status_code == 200


def test_draft_404(client, topic_factory, actors):
    topic_factory(slug="d", status=Status.DRAFT, all_of=[actors["Hamas"]])
    assert client.get("/topics/d/").status_code == 404
    assert client.get("/api/topics/d").status_code == 404
