import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Status

pytestmark = pytest.mark.django_db

TOPIC = "/topics/axis/"


@pytest.fixture
def axis(actors, article_factory, topic_factory):
    """The issue's topic: all_of Hamas, any_of Hezbollah or Iran, none_of Egypt."""
    a = actors
    now = timezone.now()
    pieces = {
        "all-three": article_factory(
            slug="all-three",
            headline="The axis meets",
            publish_at=now - timedelta(days=40),
            entities=[a["Hamas"], a["Hezbollah"], a["Iran"]],
        ),
        "hamas-iran": article_factory(
            slug="hamas-iran",
            headline="Iran funds Hamas",
            publish_at=now - timedelta(days=2),
            entities=[a["Hamas"], a["Iran"]],
        ),
        "hamas-only": article_factory(
            slug="hamas-only", headline="Hamas alone", entities=[a["Hamas"]]
        ),
        "egypt": article_factory(
            slug="egypt",
            headline="Egypt mediates",
            entities=[a["Hamas"], a["Iran"], a["Egypt"]],
        ),
        "draft": article_factory(
            slug="draft",
            headline="Unfinished axis",
            status=Status.DRAFT,
            entities=[a["Hamas"], a["Iran"]],
        ),
    }
    topic = topic_factory(
        slug="axis",
        title="Hamas, Hezbollah and Iran: the axis and its fronts",
        intro="The *axis* and its fronts.\n\n<script>alert(1)</script>",
        all_of=[a["Hamas"]],
        any_of=[a["Hezbollah"], a["Iran"]],
        none_of=[a["Egypt"]],
        pinned=[pieces["hamas-only"]],
    )
    return topic, pieces


def headlines(html: str) -> list[str]:
    return re.findall(r'class="card-headline"[^>]*><a [^>]*>([^<]+)</a>', html)


def test_the_page_shows_the_intro_pinned_then_most_relevant(client, axis):
    html = client.get(TOPIC).content.decode()
    assert "<em>axis</em>" in html
    assert "<script>alert" not in html
    assert headlines(html) == ["Hamas alone", "The axis meets", "Iran funds Hamas"]
    assert "Pieces about Hamas and at least one of Hezbollah and Iran" in html
    assert "not about Egypt" in html


def test_each_card_says_what_it_shares_with_the_topic(client, axis):
    html = client.get(TOPIC).content.decode()
    assert "About Hamas, Hezbollah and Iran" in html
    assert "About Hamas and Iran" in html


def test_newest_orders_by_time(client, axis):
    html = client.get(TOPIC, {"order": "newest"}).content.decode()
    assert headlines(html) == ["Hamas alone", "Iran funds Hamas", "The axis meets"]


def test_an_unknown_order_is_not_found(client, axis):
    assert client.get(TOPIC, {"order": "oldest"}).status_code == 404


def test_drafts_and_excluded_actors_never_show(client, axis):
    html = client.get(TOPIC).content.decode()
    for order in ("relevant", "newest"):
        html = client.get(TOPIC, {"order": order}).content.decode()
        assert "Unfinished axis" not in html
        assert "Egypt mediates" not in html


def test_a_draft_topic_is_not_found_anywhere(client, actors, topic_factory):
    topic_factory(slug="quiet", status=Status.DRAFT, all_of=[actors["Hamas"]])
    for url in ["/topics/quiet/", "/topics/quiet/feed/", "/topics/quiet/atom/"]:
        assert client.get(url).status_code == 404
    answer = client.get("/api/topics/quiet")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "No topic with slug 'quiet'."}
    assert "quiet" not in client.get("/topics/").content.decode()
    assert "quiet" not in client.get("/sitemap-topics.xml").content.decode()


def test_the_index_lists_published_topics(client, axis):
    html = client.get("/topics/").content.decode()
    assert 'href="/topics/axis/"' in html


def test_the_feeds_parse_newest_first(client, axis):
    for url in [f"{TOPIC}feed/", f"{TOPIC}atom/"]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        assert [entry.title for entry in feed.entries] == [
            "Hamas alone",
            "Iran funds Hamas",
            "The axis meets",
        ]


def test_the_page_is_a_collection_page_for_search_engines(client, axis):
    html = client.get(TOPIC).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
    data = json.loads(block[1])
    assert data["@type"] == "CollectionPage"
    assert data["name"].startswith("Hamas, Hezbollah and Iran")
    assert [thing["name"] for thing in data["about"]] == ["Hamas", "Hezbollah", "Iran"]
    items = data["mainEntity"]["itemListElement"]
    assert [item["url"].rsplit("/", 2)[-2] for item in items] == [
        "hamas-only",
        "all-three",
        "hamas-iran",
    ]


def test_the_sitemap_lists_the_topic(client, axis):
    assert "/topics/axis/" in client.get("/sitemap-topics.xml").content.decode()
    assert "sitemap-topics.xml" in client.get("/sitemap.xml").content.decode()


def test_an_actor_page_links_its_published_topics(client, axis, topic_factory):
    topic, _ = axis
    actors = {actor.name: actor for actor in topic.all_of + topic.any_of}
    topic_factory(
        slug="hidden", title="Hidden", status=Status.DRAFT, all_of=[actors["Iran"]]
    )
    html = client.get("/entities/iran/").content.decode()
    assert 'href="/topics/axis/"' in html
    assert "/topics/hidden/" not in html
    assert (
        "/topics/"
        not in client.get("/entities/egypt/").content.decode().split("<main")[1]
    )


def test_the_header_links_the_topics(client, axis):
    assert 'href="/topics/"' in client.get("/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_query_counts_do_not_grow_with_the_coverage(
    client, actors, article_factory, topic_factory, django_assert_max_num_queries, count
):
    a = actors
    pieces = [
        article_factory(entities=[a["Hamas"], a["Iran"], a["Israel"]])
        for _ in range(count)
    ]
    topic_factory(
        slug="axis", all_of=[a["Hamas"]], any_of=[a["Iran"]], pinned=pieces[:2]
    )
    # Topic with its rule's actors; pieces, their actors and authors, the
    # cards' actors' weights; count, months and most covered, then the next
    # scheduled time (the summary's lifetime); the header's sections.
    with django_assert_max_num_queries(12):
        assert client.get(TOPIC).status_code == 200
    with django_assert_max_num_queries(9):
        assert (
            client.get(
                TOPIC, {"order": "newest", "page": 2 if count > 20 else 1}
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(8):
        assert client.get(f"{TOPIC}feed/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/topics/axis").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/topics/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/topics/").status_code == 200
