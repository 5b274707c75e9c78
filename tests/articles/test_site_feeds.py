from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Status

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/latest/", "/feeds/latest/atom/"]


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_feed_parses_with_full_item_metadata(client, published_article, url):
    feed = read_feed(client, url)
    assert feed.feed.title == "Newsroom: latest coverage"
    (entry,) = feed.entries
    assert entry.title == "Hamas and Hezbollah restore ties"
    assert entry.link == "http://testserver" + published_article.get_absolute_url()
    assert entry.id == f"tag:newsroom.example,2026:article:{published_article.pk}"
    assert entry.author == "Dana Levin"
    assert [tag.term for tag in entry.tags] == ["Hamas", "Hezbollah"]
    assert entry.summary == "A short summary."
    assert entry.published_parsed[:5] == published_article.publish_at.utctimetuple()[:5]


@pytest.mark.parametrize("url", FEEDS)
def test_quotes_in_a_headline_read_as_quotes(client, article_factory, url):
    article_factory(headline='Iran\'s "red line"', standfirst="Tehran's word.")
    (entry,) = read_feed(client, url).entries
    assert entry.title == 'Iran\'s "red line"'
    assert entry.summary == "Tehran's word."


def test_atom_entries_say_when_they_were_updated(client, published_article):
    entry = read_feed(client, "/feeds/latest/atom/").entries[0]
    assert (
        entry.updated_parsed[:5] == (published_article.modified_at.utctimetuple()[:5])
    )


@pytest.mark.parametrize("url", FEEDS)
def test_guid_survives_a_change_of_slug_and_headline(client, published_article, url):
    before = read_feed(client, url).entries[0].id
    published_article.slug = "renamed"
    published_article.headline = "Hamas and Hezbollah mend ties"
    published_article.save()
    after = read_feed(client, url).entries[0]
    assert after.id == before
    assert after.link.endswith("/articles/renamed/")


@pytest.mark.parametrize("url", FEEDS)
def test_a_subscriber_sees_every_new_public_piece_and_nothing_else(
    client, article_factory, url
):
    article_factory(headline="Old news")
    seen = {entry.id for entry in read_feed(client, url).entries}

    fresh = article_factory(headline="Fresh news")
    article_factory(headline="Draft", status=Status.DRAFT)
    article_factory(headline="Withdrawn", status=Status.WITHDRAWN)
    scheduled = article_factory(
        headline="Scheduled", publish_at=timezone.now() + timedelta(hours=1)
    )
    entries = read_feed(client, url).entries
    assert [e.title for e in entries if e.id not in seen] == ["Fresh news"]

    scheduled.publish_at = timezone.now() - timedelta(seconds=1)
    scheduled.save()
    titles = [e.title for e in read_feed(client, url).entries]
    assert titles == ["Scheduled", fresh.headline, "Old news"]


def test_pages_advertise_the_site_feeds(client, published_article):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Newsroom: latest coverage (RSS)" href="/feeds/latest/">'
    ) in html
    assert 'type="application/atom+xml"' in html


@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_count_does_not_grow(
    client, tagged_pieces, django_assert_max_num_queries, count
):
    tagged_pieces(count)
    for url in FEEDS:
        # The pieces, their actors and their authors.
        with django_assert_max_num_queries(3):
            client.get(url)
