from datetime import UTC, datetime, timedelta
from io import StringIO

import feedparser
import pytest
from django.utils import timezone

from articles.models import Status
from entities.merging import entity_merge
from entities.models import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(entity_factory):
    return {
        name: entity_factory(name=name)
        for name in ["Hamas", "Hezbollah", "Iran", "Fatah"]
    }


def test_actor_page_charts_public_pieces_per_month(
    client, entity_factory, article_factory
):
    hamas = entity_factory(name="Hamas", kind=Kind.ORGANISATION, wikidata_id="Q38")
    for day, status in [
        (datetime(2025, 1, 5, tzinfo=UTC), Status.PUBLISHED),
        (datetime(2025, 1, 25, tzinfo=UTC), Status.PUBLISHED),
        (datetime(2025, 3, 2, tzinfo=UTC), Status.PUBLISHED),
        (datetime(2025, 3, 3, tzinfo=UTC), Status.DRAFT),
        (timezone.now() + timedelta(days=400), Status.PUBLISHED),
    ]:
        article_factory(publish_at=day, status=status, entities=[hamas])
    response = client.get("/entities/hamas/")
    html = response.content.decode()
    bars = [(bar.label, bar.count) for bar in response.context["chart"].bars]
    assert bars == [("January 2025", 2), ("February 2025", 0), ("March 2025", 1)]
    assert 'role="img"' in html
    assert (
        "3 pieces in the 3 months from January 2025 to March 2025; "
        "the most, 2, in January 2025" in html
    )
    assert '<th scope="row">February 2025</th><td>0</td>' in html
    assert "Organisation" in html
    assert "https://www.wikidata.org/wiki/Q38" in html
    assert "<script" not in html


def test_co_coverage_links_to_combined_pages_with_exact_counts(
    client, actors, article_factory
):
    hamas, hezbollah, iran = actors["Hamas"], actors["Hezbollah"], actors["Iran"]
    article_factory(entities=[hamas, hezbollah, iran])
    article_factory(entities=[hamas, hezbollah])
    article_factory(entities=[hamas, iran], status=Status.WITHDRAWN)
    html = client.get("/entities/iran/").content.decode()
    assert '<a href="/entities/hezbollah+iran/"' in html
    assert '<a href="/entities/hamas+iran/"' in html
    rows = client.get("/entities/hamas/").context["co_coverage"]
    assert [(r["tag__name"], r["count"], r["combined_url"]) for r in rows] == [
        ("Hezbollah", 2, "/entities/hamas+hezbollah/"),
        ("Iran", 1, "/entities/hamas+iran/"),
    ]


def test_combined_page_lists_exactly_the_intersection_newest_first(
    client, actors, article_factory
):
    hamas, hezbollah, iran = actors["Hamas"], actors["Hezbollah"], actors["Iran"]
    now = timezone.now()
    older = article_factory(
        headline="All three, older",
        publish_at=now - timedelta(days=2),
        entities=[hamas, hezbollah, iran],
    )
    newer = article_factory(
        headline="All three, newer",
        publish_at=now - timedelta(days=1),
        entities=[hamas, hezbollah, iran, actors["Fatah"]],
    )
    article_factory(headline="Two of three", entities=[hamas, hezbollah])
    article_factory(
        headline="Draft", entities=[hamas, hezbollah, iran], status=Status.DRAFT
    )
    response = client.get("/entities/hamas+hezbollah+iran/")
    assert list(response.context["articles"]) == [newer, older]
    assert response.context["page_obj"].paginator.count == 2
    html = response.content.decode()
    assert "Two of three" not in html and "Draft" not in html
    assert 'name="robots"' not in html
    two = client.get("/entities/hamas+hezbollah/").context["articles"]
    assert len(two) == 3


def test_combined_page_is_paginated(client, actors, article_factory):
    for _ in range(21):
        article_factory(entities=[actors["Hamas"], actors["Iran"]])
    assert len(client.get("/entities/hamas+iran/").context["articles"]) == 20
    assert len(client.get("/entities/hamas+iran/?page=2").context["articles"]) == 1


def test_combined_addresses_are_canonical(client, actors, article_factory):
    article_factory(entities=actors.values())
    for path, target in [
        ("/entities/iran+hamas/", "/entities/hamas+iran/"),
        ("/entities/iran+hamas+iran/", "/entities/hamas+iran/"),
        ("/entities/hamas+hamas/", "/entities/hamas/"),
        ("/entities/iran+hamas/feed/", "/entities/hamas+iran/feed/"),
        ("/entities/iran+hamas/?page=2", "/entities/hamas+iran/?page=2"),
    ]:
        response = client.get(path)
        assert (response.status_code, response.headers["Location"]) == (301, target)


def test_unknown_actor_in_a_combination_is_not_found(client, actors, article_factory):
    article_factory(entities=actors.values())
    assert client.get("/entities/hamas+nobody/").status_code == 404
    assert client.get("/entities/hamas+nobody/feed/").status_code == 404
    too_many = "+".join(["fatah", "hamas", "hezbollah", "iran", "a", "b", "c"])
    assert client.get(f"/entities/{too_many}/").status_code == 404


def test_known_set_without_coverage_says_so_and_is_not_indexed(
    client, actors, article_factory
):
    article_factory(entities=[actors["Hamas"]])
    article_factory(entities=[actors["Fatah"]])
    response = client.get("/entities/fatah+hamas/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No piece covers Fatah and Hamas together yet." in html
    assert '<meta name="robots" content="noindex">' in html


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(
    ("path", "version"),
    [
        ("/entities/hamas/feed/", "rss20"),
        ("/entities/hamas/atom/", "atom10"),
        ("/entities/hamas+iran/feed/", "rss20"),
        ("/entities/hamas+iran/atom/", "atom10"),
    ],
)
def test_feeds_parse_with_full_item_metadata(
    client, actors, article_factory, path, version
):
    hamas, iran = actors["Hamas"], actors["Iran"]
    piece = article_factory(
        headline="Hamas and Iran talk",
        standfirst="Envoys met.",
        byline="Dana Levin",
        entities=[hamas, iran],
    )
    article_factory(headline="Draft", entities=[hamas, iran], status=Status.DRAFT)
    scheduled = timezone.now() + timedelta(days=1)
    article_factory(headline="Later", entities=[hamas, iran], publish_at=scheduled)
    response, feed = parse(client, path)
    assert feed.version == version
    [entry] = feed.entries
    assert entry.title == "Hamas and Iran talk"
    assert entry.link == f"http://testserver{piece.get_absolute_url()}"
    assert entry.id == f"tag:newsroom.example,2026:article:{piece.pk}"
    assert entry.author == "Dana Levin"
    assert sorted(tag.term for tag in entry.tags) == ["Hamas", "Iran"]
    assert entry.published_parsed
    if version == "atom10":
        assert entry.updated_parsed
    piece.slug = "renamed"
    piece.save()
    assert parse(client, path)[1].entries[0].id == entry.id


def test_actor_and_combined_pages_announce_their_feeds(client, actors, article_factory):
    article_factory(entities=actors.values())
    for path, feed in [
        ("/entities/hamas/", "/entities/hamas/"),
        ("/entities/hamas+iran/", "/entities/hamas+iran/"),
    ]:
        html = client.get(path).content.decode()
        assert '<link rel="alternate" type="application/rss+xml" title="' in html
        assert f'href="{feed}feed/"' in html
        assert 'type="application/atom+xml"' in html and f'href="{feed}atom/"' in html


def test_index_has_letter_navigation_and_filters_by_letter(
    client, entity_factory, article_factory
):
    names = ["Hamas", "Hezbollah", "Iran", "Ōmura Tadashi", "1st Brigade"]
    article_factory(entities=[entity_factory(name=name) for name in names])
    entity_factory(name="Zed without coverage")
    response = client.get("/entities/")
    assert dict(response.context["letters"]) == {
        **{chr(c): chr(c) in "HIO" for c in range(ord("A"), ord("Z") + 1)},
        "#": True,
    }
    html = client.get("/entities/?letter=h").content.decode()
    assert "Hamas" in html and "Hezbollah" in html and "Iran" not in html
    assert ">Ōmura Tadashi<" in client.get("/entities/?letter=O").content.decode()
    assert "1st Brigade" in client.get("/entities/?letter=%23").content.decode()
    assert client.get("/entities/?letter=ZZ").status_code == 404


@pytest.mark.parametrize("pieces", [2, 30])
def test_combined_pages_and_feeds_run_a_constant_number_of_queries(
    client,
    actors,
    article_factory,
    entity_factory,
    django_assert_max_num_queries,
    pieces,
):
    others = [entity_factory() for _ in range(pieces // 2)]
    for _ in range(pieces):
        article_factory(entities=[actors["Hamas"], actors["Iran"], *others])
    for path, most in [
        # And the header's sections, then cached.
        ("/entities/hamas+iran/", 9),
        ("/entities/hamas+iran/feed/", 4),
        ("/entities/hamas/atom/", 4),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(path).status_code == 200


def test_a_merged_actor_in_a_combination_redirects(
    client, actors, entity_factory, article_factory
):
    article_factory(entities=actors.values())
    hizbollah = entity_factory(name="Hizbollah")
    entity_merge(source=hizbollah, target=actors["Hezbollah"])
    response = client.get("/entities/iran+hizbollah/atom/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/entities/hezbollah+iran/atom/"


def test_tagging_and_merging_refresh_the_cached_counts_at_once(
    client, actors, article_factory, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    hamas, fatah = actors["Hamas"], actors["Fatah"]
    article_factory(entities=[hamas])
    assert client.get("/entities/hamas/").context["paginator"].count == 1
    article_factory(headline="Hamas and Fatah talk", body="")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("autotag", "--apply", stdout=StringIO())
    response = client.get("/entities/hamas/")
    assert response.context["paginator"].count == 2
    assert [r["tag__name"] for r in response.context["co_coverage"]] == ["Fatah"]
    with django_capture_on_commit_callbacks(execute=True):
        entity_merge(source=fatah, target=hamas)
    assert client.get("/entities/hamas/").context["paginator"].count == 2
    assert client.get("/entities/hamas/").context["co_coverage"] == []
