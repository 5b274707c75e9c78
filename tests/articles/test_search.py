from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import uses_full_text_search
from tests.factories import NON_PUBLIC

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def found(response) -> list[str]:
    return [article.slug for article in response.context["articles"]]


def test_finds_a_public_piece_by_a_word_in_its_body(client, article_factory):
    article_factory(slug="strike", body="Jets struck a depot of missiles near Homs.")
    article_factory(slug="other", body="Talks resumed in Cairo.")
    assert found(search(client, q="DEPOT")) == ["strike"]


def test_another_form_of_the_word_is_found(client, article_factory):
    """ "missile" finds "missiles" everywhere; PostgreSQL also stems the other way."""
    article_factory(slug="plural", body="A shipment of missiles was seized.")
    article_factory(slug="singular", body="One missile was fired.")
    assert set(found(search(client, q="missile"))) == {"plural", "singular"}
    expected = {"plural", "singular"} if uses_full_text_search() else {"plural"}
    assert set(found(search(client, q="missiles"))) == expected


@pytest.mark.parametrize(("status", "offset"), NON_PUBLIC)
def test_never_finds_a_non_public_piece(client, article_factory, status, offset):
    article_factory(slug="public", headline="Missile test in the desert")
    article_factory(
        slug="hidden",
        headline="Missile test kept secret",
        status=status,
        publish_at=timezone.now() + offset,
    )
    response = search(client, q="missile test")
    assert found(response) == ["public"]
    assert "kept secret" not in response.content.decode()


def test_every_word_must_appear(client, article_factory):
    article_factory(slug="both", headline="Hamas envoy", body="Talks in Cairo.")
    article_factory(slug="one", headline="Hamas envoy", body="Talks in Doha.")
    assert found(search(client, q="hamas cairo")) == ["both"]


def test_a_match_in_the_headline_ranks_first(client, article_factory):
    now = timezone.now()
    article_factory(
        slug="in-body",
        headline="Border talks",
        body="Officials discussed the blockade at length, and the blockade again.",
        publish_at=now - timedelta(hours=1),
    )
    article_factory(
        slug="in-headline",
        headline="Blockade eased",
        body="Trucks crossed.",
        publish_at=now - timedelta(days=3),
    )
    assert found(search(client, q="blockade")) == ["in-headline", "in-body"]


def test_matches_are_highlighted_and_user_content_escaped(client, article_factory):
    article_factory(
        headline="Missile <b>defence</b>",
        body='A new <img src=x onerror="alert(1)"> missile shield was shown.',
    )
    html = search(client, q="missile").content.decode()
    assert "<mark>Missile</mark> &lt;b&gt;defence&lt;/b&gt;" in html
    assert "<mark>missile</mark> shield" in html
    # Escaped by the fallback; PostgreSQL's parser drops the tag from the snippet.
    assert "<img" not in html


def test_the_query_is_always_escaped(client, article_factory):
    article_factory(headline="Ceasefire <script> holds")
    html = search(client, q='<script>alert("x")</script>').content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_empty_query_shows_the_form_and_no_results(client, article_factory):
    article_factory()
    response = search(client, q="  ")
    html = response.content.decode()
    assert found(response) == []
    assert 'id="search-q"' in html
    assert 'class="result-count"' not in html
    assert '<meta name="robots" content="noindex">' in html


def test_filters_by_actor_and_section(client, article_factory, entity_factory):
    hamas = entity_factory(name="Hamas")
    article_factory(slug="a", body="Truce", section="Diplomacy", entities=[hamas])
    article_factory(slug="b", body="Truce", section="Security", entities=[hamas])
    article_factory(slug="c", body="Truce", section="Diplomacy")
    assert set(found(search(client, q="truce", entity="hamas"))) == {"a", "b"}
    assert set(found(search(client, q="truce", section="Diplomacy"))) == {"a", "c"}
    both = search(client, q="truce", entity="hamas", section="Diplomacy")
    assert found(both) == ["a"]
    assert 'name="entity" value="hamas"' in both.content.decode()


def test_unknown_actor_filter_is_not_found(client):
    assert client.get("/search/", {"q": "truce", "entity": "nobody"}).status_code == 404


def test_pagination_keeps_the_query_and_filters(client, article_factory):
    article_factory.create_batch(25, body="Ceasefire news", section="Diplomacy")
    first = search(client, q="ceasefire", section="Diplomacy")
    assert len(found(first)) == 20
    assert 'href="?q=ceasefire&amp;section=Diplomacy&amp;page=2"' in (
        first.content.decode()
    )
    second = search(client, q="ceasefire", section="Diplomacy", page=2)
    assert len(found(second)) == 5
    assert '<link rel="canonical" href="http://testserver/search/?q=ceasefire' in (
        second.content.decode()
    )


def test_search_index_exists_and_is_used_on_postgresql_only():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(
            cursor, Article._meta.db_table
        )
    if not uses_full_text_search():
        assert "article_search_idx" not in indexes
        return
    assert "article_search_idx" in indexes
    with connection.cursor() as cursor:
        # The table is tiny, so make a sequential scan cost more than any index.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Article.objects.search("missiles").explain()
    assert "Bitmap Index Scan on article_search_idx" in plan


@pytest.mark.parametrize("count", [3, 30])
def test_search_query_count_does_not_grow(
    client, tagged_pieces, django_assert_max_num_queries, count
):
    actor = tagged_pieces(count, body="Ceasefire news")[0].actors[0]
    # The actor, the vocabulary's two checks (and, once changed, its two
    # reads: articles.search_actors), the count, the page, its actors, their
    # weights for the cards' chips, the section list and the header's sections.
    with django_assert_max_num_queries(12):
        search(client, q="ceasefire", entity=actor.slug)


@pytest.mark.parametrize("field", ["q", "section", "entity"])
def test_a_null_character_is_a_clear_error_not_a_crash(client, article_factory, field):
    article_factory(body="Rockets fell on Sderot.")
    response = client.get("/search/", {"q": "rockets", field: "sderot\x00x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This search could not be read" in page
    assert "Null characters are not allowed." in page
    assert "result" not in page.split("</form>")[1].split("<footer")[0]
