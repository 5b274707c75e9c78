from datetime import timedelta

import pytest
from django.test.utils import override_script_prefix
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import NON_PUBLIC

pytestmark = pytest.mark.django_db


def test_home_lists_public_pieces_newest_first(client, article_factory):
    older = article_factory(
        headline="Older piece", publish_at=timezone.now() - timedelta(days=2)
    )
    newer = article_factory(
        headline="Newer piece", publish_at=timezone.now() - timedelta(days=1)
    )
    html = client.get("/").content.decode()
    assert html.index(newer.headline) < html.index(older.headline)


@pytest.mark.parametrize(("status", "offset"), NON_PUBLIC)
def test_non_public_piece_is_not_found_and_not_listed(
    client, article_factory, entity_factory, status, offset
):
    hamas = entity_factory(name="Hamas")
    article_factory(headline="Visible piece", entities=[hamas])
    hidden = article_factory(
        headline="Hidden piece",
        status=status,
        publish_at=timezone.now() + offset,
        entities=[hamas],
    )
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in ["/", "/entities/", hamas.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Visible piece" in html or url == "/entities/"
        assert "Hidden piece" not in html


def test_article_page_shows_headline_body_paragraphs_and_linked_actors(
    client, published_article
):
    html = client.get(published_article.get_absolute_url()).content.decode()
    assert "<h1>Hamas and Hezbollah restore ties</h1>" in html
    assert "<p>First paragraph.</p>" in html
    assert "<p>Second paragraph.</p>" in html
    assert 'href="/entities/hamas/"' in html
    assert 'href="/entities/hezbollah/"' in html


def test_home_is_paginated(client, article_factory):
    article_factory.create_batch(25)
    first = client.get("/")
    second = client.get("/?page=2")
    assert first.context["articles"].__len__() == 20
    assert len(second.context["articles"]) == 5
    assert 'rel="next"' in first.content.decode()
    assert client.get("/?page=9").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_home_query_count_does_not_grow_with_pieces_or_actors(
    client, tagged_pieces, django_assert_max_num_queries, count
):
    tagged_pieces(count)
    # The pinned pieces (none), count, pieces, their actors and their
    # authors; the newest with a picture (none here); the section blocks,
    # their actors and authors; the actors in the news and how long to keep
    # them; the cards' actors' weights; the header's sections.
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("actors", [1, 12])
def test_article_page_query_count_is_constant(
    client, article_factory, entity_factory, django_assert_max_num_queries, actors
):
    article = article_factory(entities=[entity_factory() for _ in range(actors)])
    # The piece, its actors, and related coverage ranked live (no stored list).
    with django_assert_max_num_queries(7):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_links_follow_the_script_prefix(client, article_factory, entity_factory):
    hamas = entity_factory(name="Hamas", slug="hamas")
    url = article_factory(entities=[hamas]).get_absolute_url()
    related_url = article_factory(entities=[hamas]).get_absolute_url()
    assert 'href="/entities/hamas/"' in client.get(url).content.decode()
    # As behind a proxy that serves the site under /desk/ (SCRIPT_NAME); the
    # client asks for the path below it.
    with override_script_prefix("/desk/"):
        html = client.get(url).content.decode()
    assert 'href="/desk/entities/hamas/"' in html
    assert f'href="/desk{related_url}"' in html
    assert 'href="/entities/' not in html


def test_unknown_page_is_a_friendly_404(client, settings):
    settings.DEBUG = False
    response = client.get(reverse("articles:detail", kwargs={"slug": "no-such-piece"}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_actors_are_listed_a_to_z(client, article_factory, entity_factory):
    names = ["Syria", "hamas", "Égypte", "Bashar al-Assad"]
    article = article_factory(entities=[entity_factory(name=n) for n in names])
    html = client.get(article.get_absolute_url()).content.decode()
    positions = [html.index(f">{name}</a>") for name in names]
    assert sorted(positions) == [positions[i] for i in (3, 2, 1, 0)]


def test_cached_cards_follow_edits_to_the_piece_and_its_actors(
    client, article_factory, entity_factory
):
    hamas = entity_factory(name="Hamas")
    article = article_factory(headline="First headline", entities=[hamas])
    assert "First headline" in client.get("/").content.decode()
    article.headline = "Corrected headline"
    article.save()
    hamas.name = "Harakat Hamas"
    hamas.save()
    html = client.get("/").content.decode()
    assert "Corrected headline" in html
    assert ">Harakat Hamas</a>" in html
    assert "First headline" not in html


def test_an_edited_body_shows_at_once(client, article_factory):
    article = article_factory(body="First *draft* of the story.")
    url = article.get_absolute_url()
    assert "First <em>draft</em>" in client.get(url).content.decode()
    article.body = "Second *take* on the story."
    article.save()
    html = client.get(url).content.decode()
    assert "Second <em>take</em>" in html
    assert "First" not in html
    # Written where no version moves on (a shell, a data migration): still fresh.
    Article.objects.filter(pk=article.pk).update(body="Third **cut**.")
    html = client.get(url).content.decode()
    assert "Third <strong>cut</strong>" in html
    assert "Second" not in html


def test_cached_cards_follow_retagging(client, article_factory, entity_factory):
    article = article_factory(entities=[entity_factory(name="Iran")])
    assert ">Iran</a>" in client.get("/").content.decode()
    article.entities.add(entity_factory(name="Syria"))
    assert ">Syria</a>" in client.get("/").content.decode()
