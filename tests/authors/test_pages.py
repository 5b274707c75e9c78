import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from tests.factories import NON_PUBLIC
from tests.images.pictures import library_image

pytestmark = pytest.mark.django_db

JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def hidden_pieces(article_factory, elena):
    """A piece by Elena in every state readers must not see."""
    return [
        article_factory(
            headline=f"Hidden {status} piece",
            status=status,
            publish_at=timezone.now() + offset,
            authors=[elena],
        )
        for status, offset in NON_PUBLIC
    ]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_author_page_lists_public_pieces_newest_first_in_pages(
    client, article_factory, elena, hidden_pieces
):
    pieces = [
        article_factory(
            headline=f"Public piece {n}",
            publish_at=timezone.now() - timedelta(hours=n + 1),
            authors=[elena],
        )
        for n in range(23)
    ]
    first = client.get(elena.get_absolute_url())
    second = client.get(elena.get_absolute_url() + "?page=2")
    assert [a.pk for a in first.context["articles"]] == [a.pk for a in pieces[:20]]
    assert [a.pk for a in second.context["articles"]] == [a.pk for a in pieces[20:]]
    assert "Pieces (23)" in text(first.content.decode())
    for page in (first, second):
        assert "Hidden" not in page.content.decode()
    assert client.get(elena.get_absolute_url() + "?page=3").status_code == 404


def test_the_profile_shows_role_bio_and_links_of_the_author_own(
    client, article_factory, elena
):
    article_factory(authors=[elena])
    html = client.get(elena.get_absolute_url()).content.decode()
    assert '<p class="kicker">Moscow correspondent</p>' in html
    assert "<p>Reports on <em>Russia</em>.</p>" in html
    assert "<script>alert" not in html
    for url in ["https://elena.example/", "https://social.example/@elena"]:
        assert f'<a href="{url}" rel="me external">' in html
    assert (
        '<a href="https://www.wikidata.org/wiki/Q4115189" rel="external">Wikidata</a>'
        in html
    )
    assert 'href="/authors/elena-sokolova/feed/"' in html
    assert 'href="/authors/elena-sokolova/atom/"' in html


def test_the_profile_shows_the_author_photo_with_its_credit(
    client, article_factory, elena
):
    article_factory(authors=[elena])
    elena.photo = library_image(alt="Elena Sokolova.", credit="Newsroom staff")
    elena.save()
    html = client.get(elena.get_absolute_url()).content.decode()
    portrait = html[html.index('<figure class="portrait">') :]
    portrait = portrait[: portrait.index("</figure>")]
    assert 'alt="Elena Sokolova."' in portrait
    assert "/media/renditions/" in portrait
    assert "Credit: Newsroom staff" in portrait


def test_the_profile_is_a_profile_page_about_a_person(client, article_factory, elena):
    article_factory(authors=[elena])
    html = client.get(elena.get_absolute_url()).content.decode()
    (data,) = [json.loads(block) for block in JSON_LD_RE.findall(html)]
    url = "http://testserver/authors/elena-sokolova/"
    assert (data["@type"], data["url"]) == ("ProfilePage", url)
    assert data["mainEntity"] == {
        "@type": "Person",
        "name": "Elena Sokolova",
        "url": url,
        "sameAs": [
            "https://elena.example/",
            "https://social.example/@elena",
            "https://other.example/elena",
            "https://www.wikidata.org/wiki/Q4115189",
        ],
        "jobTitle": "Moscow correspondent",
        "description": "Reports on Russia.",
    }


def test_an_author_without_a_public_piece_answers_like_an_unknown_slug(
    client, elena, hidden_pieces
):
    unknown = client.get("/authors/nobody/")
    assert unknown.status_code == 404
    for url in ["", "feed/", "atom/"]:
        response = client.get(f"/authors/elena-sokolova/{url}")
        assert response.status_code == 404
    # The same page, but for the address it gives as its own.
    assert client.get("/authors/elena-sokolova/").content == unknown.content.replace(
        b"/authors/nobody/", b"/authors/elena-sokolova/"
    )
    api = client.get("/api/authors/elena-sokolova")
    assert api.status_code == 404
    assert api.json() == {"detail": "No author with slug 'elena-sokolova'."}
    assert "Elena" not in client.get("/authors/").content.decode()
    assert "elena" not in client.get("/sitemap-authors.xml").content.decode()


def test_the_index_lists_everyone_with_public_pieces_a_to_z_with_counts(
    client, article_factory, author_factory, elena, hidden_pieces
):
    anna, zoe = author_factory(name="anna Alpha"), author_factory(name="Zoe Zulu")
    author_factory(name="Nobody Yet")
    article_factory(authors=[zoe, anna])
    article_factory(authors=[anna])
    article_factory(authors=[elena])
    page = client.get("/authors/")
    assert [(a.name, a.article_count) for a in page.context["authors"]] == [
        ("anna Alpha", 2),
        ("Elena Sokolova", 1),
        ("Zoe Zulu", 1),
    ]
    assert "anna Alpha 2 pieces" in text(page.content.decode())
    assert "Nobody Yet" not in page.content.decode()


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed, response.content


def test_the_author_feeds_carry_public_pieces_with_every_author(
    client, article_factory, author_factory, elena, hidden_pieces
):
    karim = author_factory(name="Karim Haddad", slug="karim-haddad")
    article_factory(headline="Alone", authors=[elena])
    article_factory(headline="Together", authors=[elena, karim])
    article_factory(headline="Karim alone", authors=[karim])
    feed, content = read_feed(client, "/authors/elena-sokolova/atom/")
    assert feed.feed.title == "Newsroom: Elena Sokolova"
    assert {e.title for e in feed.entries} == {"Alone", "Together"}
    together = next(e for e in feed.entries if e.title == "Together")
    assert [(a.name, a.href) for a in together.authors] == [
        ("Elena Sokolova", "http://testserver/authors/elena-sokolova/"),
        ("Karim Haddad", "http://testserver/authors/karim-haddad/"),
    ]
    feed, content = read_feed(client, "/authors/elena-sokolova/feed/")
    assert {e.title for e in feed.entries} == {"Alone", "Together"}
    root = ElementTree.fromstring(content)
    creators = {
        item.findtext("title"): [
            c.text for c in item.findall("{http://purl.org/dc/elements/1.1/}creator")
        ]
        for item in root.iter("item")
    }
    assert creators == {
        "Alone": ["Elena Sokolova"],
        "Together": ["Elena Sokolova", "Karim Haddad"],
    }
    assert b"Hidden" not in content


def test_authors_with_public_pieces_are_in_the_sitemap(
    client, article_factory, author_factory, elena, hidden_pieces
):
    quiet = author_factory(name="Quiet Writer")
    piece = article_factory(authors=[elena])
    response = client.get("/sitemap-authors.xml")
    urls = ElementTree.fromstring(response.content).findall("s:url", NS)
    assert [
        (u.findtext("s:loc", namespaces=NS), u.findtext("s:lastmod", namespaces=NS))
        for u in urls
    ] == [
        (
            "http://testserver/authors/elena-sokolova/",
            max(piece.modified_at, elena.updated_at).date().isoformat(),
        )
    ]
    assert quiet.slug not in client.get("/sitemap.xml").content.decode()
    assert "/sitemap-authors.xml" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_author_pages_run_a_constant_number_of_queries(
    client,
    article_factory,
    author_factory,
    entity_factory,
    django_assert_max_num_queries,
    count,
):
    elena = author_factory(slug="elena")
    others = [author_factory() for _ in range(count // 3 + 1)]
    actors = [entity_factory() for _ in range(count // 3 + 1)]
    for n in range(count):
        article_factory(authors=[elena, others[n % len(others)]], entities=actors)
    # The author and their count, the page's count, its pieces, their actors
    # and their authors, the cards' actors' weights; the header's sections
    # (then cached).
    with django_assert_max_num_queries(7):
        assert client.get("/authors/elena/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/authors/").status_code == 200
    for feed in ["/authors/elena/feed/", "/authors/elena/atom/"]:
        with django_assert_max_num_queries(4):
            assert client.get(feed).status_code == 200
    # Every card names its authors, from one query for the whole page; and
    # the home page's front (tests/articles/test_home_front.py).
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/api/authors/elena").status_code == 200
