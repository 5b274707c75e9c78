"""Coverage lists: numbered first pages, then "Older"/"Newer" links by piece
(articles.pagination), on actor, combined and author pages."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.fronts import Pin
from articles.models import Status
from articles.views import FrontView
from authorpages.views import AuthorDetailView
from entitypages.views import EntityCoverageView

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(monkeypatch, settings):
    monkeypatch.setattr(EntityCoverageView, "paginate_by", PER_PAGE)
    monkeypatch.setattr(AuthorDetailView, "paginate_by", PER_PAGE)
    monkeypatch.setattr(FrontView, "paginate_by", PER_PAGE)
    settings.NEWSROOM_NUMBERED_PAGES = 2


@pytest.fixture
def hamas(entity_factory):
    return entity_factory(name="Hamas", slug="hamas")


@pytest.fixture
def iran(entity_factory):
    return entity_factory(name="Iran", slug="iran")


@pytest.fixture
def coverage(article_factory, author_factory, hamas, iran):
    """14 public pieces an hour apart, newest first, two sharing one publish
    time (the id breaks the tie), and hidden pieces in between."""
    elena = author_factory(name="Elena", slug="elena")
    now = timezone.now()
    times = [now - timedelta(hours=n + 1) for n in range(14)]
    times[7] = times[6]
    pieces = [
        article_factory(
            headline=f"Piece {n}",
            publish_at=at,
            entities=[hamas, iran],
            authors=[elena],
        )
        for n, at in enumerate(times)
    ]
    for status in (Status.DRAFT, Status.WITHDRAWN):
        article_factory(
            status=status,
            publish_at=times[4],
            entities=[hamas, iran],
            authors=[elena],
        )
    # Publish order, ties by id, newest first: what the pages must follow.
    return sorted(pieces, key=lambda a: (a.publish_at, a.pk), reverse=True)


def links(html: str) -> dict[str, str]:
    """The pagination's rel=prev/next addresses."""
    nav = html[html.index('class="pagination"') :]
    found = re.findall(r'<a href="([^"]+)" rel="(prev|next)"', nav)
    return {rel: href.replace("&amp;", "&") for href, rel in found}


def walk(client, url: str) -> list[list[int]]:
    """Every page's pieces, following rel=next from `url` to the end."""
    pages, address = [], url
    while address:
        response = client.get(address)
        assert response.status_code == 200
        pages.append([a.pk for a in response.context["articles"]])
        rel = links(response.content.decode())
        address = url + rel["next"] if "next" in rel else ""
    return pages


@pytest.mark.parametrize("url", ["/entities/hamas/", "/entities/hamas+iran/"])
def test_older_links_walk_every_public_piece_once_newest_first(client, coverage, url):
    pages = walk(client, url)
    assert [pk for page in pages for pk in page] == [a.pk for a in coverage]
    assert [len(page) for page in pages] == [3, 3, 3, 3, 2]


def test_the_author_page_walks_the_same_way(client, coverage):
    pages = walk(client, "/authors/elena/")
    assert [pk for page in pages for pk in page] == [a.pk for a in coverage]


@pytest.mark.parametrize("url", ["/", "/sections/middle-east/"])
def test_fronts_walk_the_same_way_under_their_pins(client, coverage, url):
    section = coverage[0].section if url != "/" else None
    Pin.objects.create(article=coverage[9], section=section, ordering=1)
    html = client.get(url).content.decode()
    assert html.index("Piece 9") < html.index("Piece 0")
    pages = walk(client, url)
    rest = [a.pk for a in coverage if a.pk != coverage[9].pk]
    assert [pk for page in pages for pk in page] == rest
    assert [len(page) for page in pages] == [3, 3, 3, 3, 1]


def test_numbered_pages_first_then_links_by_piece(client, coverage):
    first = links(client.get("/entities/hamas/").content.decode())
    assert first == {"next": "?page=2"}
    second = client.get("/entities/hamas/?page=2")
    # The last numbered page goes on from its oldest piece.
    assert links(second.content.decode()) == {
        "prev": "?",
        "next": f"?before={coverage[5].pk}",
    }
    deep = client.get(f"/entities/hamas/?before={coverage[5].pk}")
    assert [a.pk for a in deep.context["articles"]] == [a.pk for a in coverage[6:9]]
    assert deep.context["page_obj"].number is None
    assert links(deep.content.decode()) == {
        "prev": f"?after={coverage[6].pk}",
        "next": f"?before={coverage[8].pk}",
    }
    assert "Hamas, older pieces" in deep.content.decode()
    # Its own address, for search engines: not a copy of page 1.
    assert (
        f'<link rel="canonical" href="http://testserver/entities/hamas/'
        f'?before={coverage[5].pk}">' in deep.content.decode()
    )


def test_newer_links_come_back_to_the_same_pages(client, coverage):
    response = client.get(f"/entities/hamas/?after={coverage[9].pk}")
    assert [a.pk for a in response.context["articles"]] == [a.pk for a in coverage[6:9]]
    top = client.get(f"/entities/hamas/?after={coverage[3].pk}")
    assert [a.pk for a in top.context["articles"]] == [a.pk for a in coverage[:3]]
    assert "prev" not in links(top.content.decode())


def test_other_parameters_are_kept_in_the_links(client, coverage):
    html = client.get("/entities/hamas/?page=2&utm_source=x").content.decode()
    assert links(html)["next"] == f"?utm_source=x&before={coverage[5].pk}"


def test_a_page_number_past_the_numbered_pages_redirects_to_the_last(client, coverage):
    response = client.get("/entities/hamas/?page=4")
    assert response.status_code == 302
    assert response["Location"] == "?page=2"
    assert client.get("/authors/elena/?page=9")["Location"] == "?page=2"


@pytest.mark.parametrize(
    "query", ["?before=abc", "?after=999999", "?page=x", "?page=0"]
)
def test_a_bad_cursor_is_not_found(client, coverage, query):
    assert client.get(f"/entities/hamas/{query}").status_code == 404


def test_a_cursor_past_the_oldest_piece_is_not_found(client, coverage):
    assert client.get(f"/entities/hamas/?before={coverage[-1].pk}").status_code == 404


def test_a_link_from_a_withdrawn_piece_still_leads_on(client, coverage):
    edge = coverage[5]
    edge.status = Status.WITHDRAWN
    edge.save()
    response = client.get(f"/entities/hamas/?before={edge.pk}")
    assert [a.pk for a in response.context["articles"]] == [a.pk for a in coverage[6:9]]


@pytest.mark.parametrize(
    "url", ["/entities/hamas/", "/entities/hamas+iran/", "/authors/elena/"]
)
def test_a_deep_page_costs_the_queries_of_the_first_and_one_more(
    client, coverage, django_assert_max_num_queries, django_assert_num_queries, url
):
    client.get(url)  # the coverage summary and lifetime, cached
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    # Only the edge piece's place is read besides what page 1 reads (which
    # on an actor's page also reads its topics).
    with django_assert_max_num_queries(len(first) + 1):
        response = client.get(f"{url}?before={coverage[8].pk}")
    assert response.status_code == 200
    with django_assert_max_num_queries(len(first) + 1):
        client.get(f"{url}?after={coverage[12].pk}")
    # The actor and its aliases (or the author and their count), the edge,
    # the pieces, their actors and their authors, the cards' actors' weights.
    with django_assert_max_num_queries(7):
        client.get(f"{url}?before={coverage[8].pk}")
