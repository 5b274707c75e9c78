"""Search that knows the actors (issue 20): a query naming an actor shows it
first and finds the pieces tagged with it, whatever spelling their text uses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from articles.search import uses_full_text_search
from entities.models import Kind
from tests.factories import NON_PUBLIC

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def found(response) -> list[str]:
    return [article.slug for article in response.context["articles"]]


def panel(response) -> str:
    """The actor panel's markup, or "" when the page has none."""
    html = response.content.decode()
    if 'class="search-actors"' not in html:
        return ""
    return html.split('class="search-actors"')[1].split("</section>")[0]


@pytest.fixture
def hezbollah(entity_factory, alias_factory):
    actor = entity_factory(
        name="Hezbollah",
        kind=Kind.ORGANISATION,
        description="Lebanese Shiite party and armed group.",
    )
    alias_factory(entity=actor, name="Hizbollah")
    alias_factory(entity=actor, name="Ḥizbu’llāh")
    return actor


@pytest.fixture
def spellings(article_factory, hezbollah):
    """Three pieces tagged Hezbollah spelling it three ways, and one that
    says Hizbollah without the tag."""
    now = timezone.now()
    return {
        "hezbollah": article_factory(
            slug="spelt-hezbollah",
            headline="Hezbollah fighters move south",
            entities=[hezbollah],
            publish_at=now - timedelta(hours=1),
        ),
        "hizbollah": article_factory(
            slug="spelt-hizbollah",
            headline="Hizbollah rockets fall on Galilee",
            entities=[hezbollah],
            publish_at=now - timedelta(hours=2),
        ),
        "neither": article_factory(
            slug="spelt-otherwise",
            headline="The party of God answers",
            body="The Lebanese group said it fired rockets.",
            entities=[hezbollah],
            publish_at=now - timedelta(hours=3),
        ),
        "untagged": article_factory(
            slug="untagged-mention",
            headline="Beirut markets",
            body="Traders shrugged off Hizbollah's speech.",
            publish_at=now - timedelta(hours=4),
        ),
    }


def test_an_alias_shows_the_actor_first_and_every_piece_tagged_with_it(
    client, spellings
):
    """The acceptance line: /search/?q=hizbollah shows Hezbollah's actor card
    first and every piece tagged Hezbollah, whatever spelling their text uses."""
    response = search(client, q="hizbollah")
    html = response.content.decode()
    card = panel(response)
    assert 'href="/entities/hezbollah/"' in card
    assert "Organisation" in card
    assert "3 pieces about Hezbollah" in card
    assert "“hizbollah” is another name for Hezbollah" in card
    assert html.index('class="search-actors"') < html.index('class="result-count"')
    assert html.index('class="search-actors"') < html.index('class="card"')
    # The actor's pieces newest first, as on its page, then the text match
    # without the tag.
    assert found(response) == [
        "spelt-hezbollah",
        "spelt-hizbollah",
        "spelt-otherwise",
        "untagged-mention",
    ]
    assert "4 results" in html


def test_the_name_itself_finds_the_pieces_with_the_alias_too(client, spellings):
    assert set(found(search(client, q="Hezbollah"))) == {
        "spelt-hezbollah",
        "spelt-hizbollah",
        "spelt-otherwise",
    }


@pytest.mark.parametrize("query", ["HIZBOLLAH", "hizbollah", "Hizbulláh", "ḤIZBU’LLĀH"])
def test_case_and_accents_are_ignored(client, spellings, query):
    """As the autotagger matches: "Hizbulláh" is the alias "Ḥizbu’llāh"
    without its marks and apostrophe."""
    response = search(client, q=query)
    assert 'href="/entities/hezbollah/"' in panel(response)
    assert {"spelt-hezbollah", "spelt-hizbollah", "spelt-otherwise"} <= set(
        found(response)
    )


def test_an_accented_alias_is_found_without_its_accents(
    client, article_factory, entity_factory, alias_factory
):
    sisi = entity_factory(name="Abdel Fattah el-Sisi", kind=Kind.PERSON)
    alias_factory(entity=sisi, name="Sīsī")
    article_factory(slug="cairo", body="The president spoke in Cairo.", entities=[sisi])
    response = search(client, q="sisi")
    assert found(response) == ["cairo"]
    assert "Abdel Fattah el-Sisi" in panel(response)
    assert "Person" in panel(response)


@pytest.mark.parametrize(("status", "offset"), NON_PUBLIC)
def test_a_piece_that_is_not_public_never_appears(
    client, article_factory, hezbollah, status, offset
):
    article_factory(slug="public", headline="Border calm", entities=[hezbollah])
    article_factory(
        slug="hidden",
        headline="Secret plans",
        entities=[hezbollah],
        status=status,
        publish_at=timezone.now() + offset,
    )
    response = search(client, q="hizbollah")
    assert found(response) == ["public"]
    assert "Secret plans" not in response.content.decode()
    assert "1 piece about Hezbollah" in panel(response)


def test_an_actor_without_public_pieces_is_not_shown(
    client, article_factory, entity_factory
):
    """Its name is an ordinary word of the query then."""
    fatah = entity_factory(name="Fatah")
    article_factory(slug="draft", status=Status.DRAFT, entities=[fatah])
    article_factory(slug="mention", body="Fatah officials were not invited.")
    response = search(client, q="fatah")
    assert panel(response) == ""
    assert "/entities/fatah/" not in response.content.decode()
    assert found(response) == ["mention"]


def test_two_actors_named_link_their_combined_page(
    client, article_factory, entity_factory, hezbollah
):
    hamas = entity_factory(name="Hamas")
    article_factory(slug="both", headline="Talks", entities=[hamas, hezbollah])
    article_factory(slug="hamas-only", headline="Gaza", entities=[hamas])
    article_factory(slug="says-both", body="Hamas and Hizbollah officials met.")
    response = search(client, q="hamas hizbollah")
    card = panel(response)
    assert card.index("/entities/hamas/") < card.index("/entities/hezbollah/")
    assert 'href="/entities/hamas+hezbollah/"' in card
    assert "Pieces about Hamas and Hezbollah together" in card
    # Tagged with both, then the text that names both; not one actor alone.
    assert found(response) == ["both", "says-both"]
    assert client.get("/entities/hamas+hezbollah/").status_code == 200


def test_a_name_several_actors_share_shows_them_all_and_no_combination(
    client, article_factory, entity_factory
):
    country = entity_factory(name="Georgia", kind=Kind.COUNTRY)
    person = entity_factory(name="Georgia", kind=Kind.PERSON)
    russia = entity_factory(name="Russia", kind=Kind.COUNTRY)
    article_factory(slug="tbilisi", headline="Tbilisi", entities=[country, russia])
    article_factory(slug="singer", headline="A concert", entities=[person, russia])
    response = search(client, q="georgia russia")
    card = panel(response)
    assert "/entities/georgia/" in card and f"/entities/{person.slug}/" in card
    assert "+" not in card
    assert set(found(response)) == {"tbilisi", "singer"}


def test_other_words_narrow_the_actors_pieces(client, spellings, article_factory):
    """ "hizbollah rockets": the pieces tagged Hezbollah that say rockets
    (newest first), then the other pieces saying both words."""
    article_factory(
        slug="untagged-both",
        headline="Hizbollah rockets, a history",
        publish_at=timezone.now(),
    )
    assert found(search(client, q="hizbollah rockets")) == [
        "spelt-hizbollah",
        "spelt-otherwise",
        "untagged-both",
    ]


def test_the_actor_is_highlighted_however_the_piece_spells_it(client, spellings):
    html = search(client, q="hizbollah").content.decode()
    assert "<mark>Hizbollah</mark> rockets fall on Galilee" in html
    assert "<mark>Hezbollah</mark> fighters move south" in html
    assert "<mark><mark>" not in html


def test_pagination_keeps_the_actors_pieces_and_the_panel_heads_page_one(
    client, article_factory, hezbollah
):
    article_factory.create_batch(25, headline="Border news", entities=[hezbollah])
    first = search(client, q="hizbollah")
    assert len(found(first)) == 20
    assert 'href="?q=hizbollah&amp;page=2"' in first.content.decode()
    second = search(client, q="hizbollah", page=2)
    assert len(found(second)) == 5
    assert not set(found(first)) & set(found(second))
    assert panel(second) == ""


def test_the_api_search_answers_the_same_with_the_actors(client, spellings):
    page = found(search(client, q="hamas hizbollah rockets"))
    data = client.get("/api/search/", {"q": "hizbollah"}).json()
    assert [r["slug"] for r in data["results"]] == found(search(client, q="hizbollah"))
    assert data["count"] == 4
    assert {"count", "page", "page_size", "next", "previous", "results"} <= set(data)
    assert data["entities"] == [
        {
            "slug": "hezbollah",
            "name": "Hezbollah",
            "kind": "organisation",
            "url": "http://testserver/entities/hezbollah/",
            "api_url": "http://testserver/api/entities/hezbollah",
            "article_count": 3,
        }
    ]
    assert data["combined_url"] is None
    other = client.get("/api/search/", {"q": "hamas hizbollah rockets"}).json()
    assert [r["slug"] for r in other["results"]] == page
    assert other["entities"][0]["slug"] == "hezbollah"


def test_the_api_links_the_combined_page(client, article_factory, entity_factory):
    hamas = entity_factory(name="Hamas")
    iran = entity_factory(name="Iran", kind=Kind.COUNTRY)
    article_factory(slug="both", entities=[hamas, iran])
    data = client.get("/api/search/", {"q": "iran and hamas"}).json()
    assert [e["slug"] for e in data["entities"]] == ["iran", "hamas"]
    assert data["combined_url"] == "http://testserver/entities/hamas+iran/"
    assert [r["slug"] for r in data["results"]] == ["both"]


def test_an_empty_answer_names_no_actor(client, article_factory):
    article_factory(body="Rain in Beirut.")
    data = client.get("/api/search/", {"q": "rain"}).json()
    assert data["entities"] == [] and data["combined_url"] is None


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_the_actors_pieces(
    client,
    article_factory,
    entity_factory,
    hezbollah,
    django_assert_max_num_queries,
    count,
):
    hamas = entity_factory(name="Hamas")
    for _ in range(count):
        article_factory(
            body="Rockets and talks", entities=[hezbollah, hamas, entity_factory()]
        )
    # The vocabulary's two checks (and, once changed, its two reads), the
    # actors named, the count, the page, its actors and authors, the section
    # list and the header's sections.
    with django_assert_max_num_queries(12):
        response = search(client, q="hizbollah hamas rockets")
    assert len(found(response)) == min(count, 20)
    with django_assert_max_num_queries(12):
        assert client.get("/api/search/", {"q": "hizbollah hamas"}).status_code == 200


def test_each_piece_is_read_in_its_own_language_with_an_actor_named(
    client, article_factory, hezbollah
):
    """The query's other words are matched in each piece's own language
    (stemmed on PostgreSQL) among the actor's pieces too."""
    article_factory(
        slug="beirut-de",
        language="de",
        headline="Hisbollah vertagt die Entscheidung",
        entities=[hezbollah],
    )
    article_factory(slug="beirut-en", headline="Hezbollah talks", entities=[hezbollah])
    results = found(search(client, q="hizbollah entscheidungen"))
    assert results == (["beirut-de"] if uses_full_text_search() else [])
