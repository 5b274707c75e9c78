import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Article, Status

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def entries(client, url) -> dict[str, str]:
    """loc → lastmod of every url of a sitemap."""
    return {
        node.findtext("s:loc", namespaces=NS): node.findtext("s:lastmod", namespaces=NS)
        for node in xml(client, url).findall("s:url", NS)
    }


@pytest.fixture
def coverage(article_factory, entity_factory):
    now = timezone.now()
    hamas, iran, unseen = (entity_factory(name=n) for n in ["Hamas", "Iran", "Unseen"])
    older = article_factory(
        slug="older", publish_at=now - timedelta(days=5), entities=[hamas, iran]
    )
    newer = article_factory(
        slug="newer", publish_at=now - timedelta(hours=2), entities=[hamas]
    )
    # Non-public pieces, newer than everything public: they must change nothing.
    article_factory(slug="draft", status=Status.DRAFT, entities=[hamas, unseen])
    article_factory(
        slug="scheduled", publish_at=now + timedelta(days=1), entities=[iran, unseen]
    )
    return {"older": older, "newer": newer}


def test_index_lists_each_section(client, coverage):
    locs = [n.text for n in xml(client, "/sitemap.xml").findall("s:sitemap/s:loc", NS)]
    assert locs == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-actors.xml",
        "http://testserver/sitemap-authors.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-topics.xml",
        "http://testserver/sitemap-news.xml",
    ]


def test_article_sitemap_lists_public_pieces_with_their_last_change(client, coverage):
    older = coverage["older"]
    Article.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() - timedelta(days=1)
    )
    older.refresh_from_db()
    assert entries(client, "/sitemap-articles.xml") == {
        "http://testserver/articles/older/": older.modified_at.date().isoformat(),
        "http://testserver/articles/newer/": (
            coverage["newer"].modified_at.date().isoformat()
        ),
    }


def test_actor_sitemap_lists_actors_with_public_coverage(client, coverage):
    hamas_last = coverage["newer"].modified_at
    iran_last = coverage["older"].modified_at
    assert entries(client, "/sitemap-actors.xml") == {
        "http://testserver/entities/hamas/": hamas_last.date().isoformat(),
        "http://testserver/entities/iran/": iran_last.date().isoformat(),
    }


def test_news_sitemap_has_public_pieces_of_the_last_two_days(client, coverage):
    root = xml(client, "/sitemap-news.xml")
    (url,) = root.findall("s:url", NS)
    newer = coverage["newer"]
    assert url.findtext("s:loc", namespaces=NS) == "http://testserver/articles/newer/"
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == newer.headline
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published == newer.publish_at.isoformat()


def test_robots_txt_points_at_the_sitemaps_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


@pytest.mark.parametrize("count", [3, 30])
def test_sitemap_query_counts_do_not_grow(
    client, tagged_pieces, django_assert_max_num_queries, count
):
    tagged_pieces(count)
    # The index: a count and a latest change per section (two for authors:
    # their pieces' and their own).
    with django_assert_max_num_queries(13):
        assert client.get("/sitemap.xml").status_code == 200
    for url in [
        "/sitemap-articles.xml",
        "/sitemap-actors.xml",
        "/sitemap-authors.xml",
        "/sitemap-sections.xml",
        "/sitemap-topics.xml",
    ]:
        with django_assert_max_num_queries(2):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):
        body = client.get("/sitemap-news.xml").content.decode()
    assert len(re.findall("<news:news>", body)) == count
