import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test.utils import override_script_prefix

from articles.models import Status

pytestmark = pytest.mark.django_db

JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    (data,) = JSON_LD_RE.findall(html)
    return json.loads(data)


@pytest.fixture
def piece(article_factory, entity_factory):
    return article_factory(
        slug="netanyahu-meets-putin",
        headline="Netanyahu meets Putin",
        standfirst="Talks in Moscow.",
        byline="Elena Sokolova",
        section="Diplomacy",
        entities=[
            entity_factory(name="Vladimir Putin", kind="person", wikidata_id="Q7747"),
            entity_factory(name="Hezbollah", kind="organisation"),
            entity_factory(name="Russia", kind="country", wikidata_id="Q159"),
            entity_factory(name="Moscow", kind="place"),
        ],
    )


def test_article_page_describes_itself_as_a_news_article(client, piece):
    data = json_ld(client.get(piece.get_absolute_url()).content.decode())
    url = "http://testserver/articles/netanyahu-meets-putin/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Netanyahu meets Putin"
    assert data["datePublished"] == piece.publish_at.isoformat()
    assert data["dateModified"] == piece.modified_at.isoformat()
    assert data["author"] == [{"@type": "Person", "name": "Elena Sokolova"}]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["logo"]["@type"] == "ImageObject"
    assert data["publisher"]["logo"]["url"] == "http://testserver/static/img/logo.png"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["about"] == [
        {
            "@type": "Person",
            "name": "Vladimir Putin",
            "url": "http://testserver/entities/vladimir-putin/",
            "sameAs": "https://www.wikidata.org/wiki/Q7747",
        }
    ]
    assert [(m["@type"], m["name"], m.get("sameAs")) for m in data["mentions"]] == [
        ("Organization", "Hezbollah", None),
        ("Place", "Moscow", None),
        ("Country", "Russia", "https://www.wikidata.org/wiki/Q159"),
    ]


def test_structured_data_follows_edits_to_the_piece_and_its_actors(client, piece):
    url = piece.get_absolute_url()
    assert json_ld(client.get(url).content.decode())["headline"] == (
        "Netanyahu meets Putin"
    )
    piece.headline = "Netanyahu meets Putin again"
    piece.save()
    hezbollah = piece.entities.get(name="Hezbollah")
    hezbollah.name = "Hizbullah"
    hezbollah.save()
    data = json_ld(client.get(url).content.decode())
    assert data["headline"] == "Netanyahu meets Putin again"
    assert "Hizbullah" in [thing["name"] for thing in data["mentions"]]


def test_structured_data_addresses_follow_the_request(client, piece, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    url = piece.get_absolute_url()
    assert json_ld(client.get(url).content.decode())["url"].startswith(
        "http://testserver/"
    )
    # As behind a proxy that serves the site under /desk/ (SCRIPT_NAME).
    with override_script_prefix("/desk/"):
        page = client.get(url, headers={"host": "news.example"}, secure=True)
    data = json_ld(page.content.decode())
    assert data["url"] == "https://news.example/desk/articles/netanyahu-meets-putin/"
    assert (
        data["about"][0]["url"] == "https://news.example/desk/entities/vladimir-putin/"
    )


def test_the_publisher_logo_is_a_png():
    assert open(finders.find("img/logo.png"), "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_piece_without_byline_is_by_the_newsroom(client, article_factory):
    article = article_factory(byline="")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["author"] == [{"@type": "Organization", "name": "Newsroom"}]


def test_structured_data_cannot_break_out_of_its_script(client, article_factory):
    headline = "Talks end </script><script>alert('x')</script> & <!-- more"
    article = article_factory(headline=headline)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "\\u003C/script\\u003E" in html
    assert json_ld(html)["headline"] == headline


def test_article_page_has_open_graph_and_twitter_tags(client, piece):
    html = client.get(piece.get_absolute_url()).content.decode()
    for tag in [
        '<meta property="og:type" content="article">',
        '<meta property="og:title" content="Netanyahu meets Putin">',
        '<meta property="og:description" content="Talks in Moscow.">',
        '<meta property="og:url" '
        'content="http://testserver/articles/netanyahu-meets-putin/">',
        '<meta property="article:section" content="Diplomacy">',
        '<meta property="article:tag" content="Hezbollah">',
        '<meta name="twitter:card" content="summary">',
        '<meta name="twitter:title" content="Netanyahu meets Putin">',
    ]:
        assert tag in html


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/", "http://testserver/"),
        ("/?page=1&utm_source=x", "http://testserver/"),
        ("/?page=2", "http://testserver/?page=2"),
        ("/entities/?kind=person&ref=nav", "http://testserver/entities/?kind=person"),
        ("/articles/netanyahu-meets-putin/?utm_medium=social", None),
    ],
)
def test_every_page_has_an_absolute_canonical_link(
    client, piece, article_factory, url, canonical
):
    article_factory.create_batch(20)
    canonical = canonical or "http://testserver" + piece.get_absolute_url()
    html = client.get(url).content.decode()
    assert f'<link rel="canonical" href="{canonical}">' in html


NOINDEX = '<meta name="robots" content="noindex">'


def test_empty_pages_are_not_indexed(client, piece, entity_factory, settings):
    settings.DEBUG = False
    quiet = entity_factory(name="Quiet")
    assert NOINDEX in client.get(quiet.get_absolute_url()).content.decode()
    assert NOINDEX in client.get("/search/").content.decode()
    assert NOINDEX in client.get("/search/?q=nothingatall").content.decode()
    assert NOINDEX in client.get("/no-such-page/").content.decode()


def test_pages_with_content_are_indexed(client, piece):
    for url in [piece.get_absolute_url(), "/", "/entities/vladimir-putin/"]:
        assert NOINDEX not in client.get(url).content.decode()


def test_an_actor_page_whose_coverage_is_all_unpublished_is_not_indexed(
    client, article_factory, entity_factory
):
    hamas = entity_factory(name="Hamas")
    article_factory(status=Status.DRAFT, entities=[hamas])
    assert NOINDEX in client.get(hamas.get_absolute_url()).content.decode()
