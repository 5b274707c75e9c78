"""What an API client relies on: links between pages, loud mistakes, lookups,
search, sections, validators and CORS (issue 19)."""

import pytest

from articles.models import Status
from entities.models import Kind
from sections.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def hezbollah(entity_factory, alias_factory):
    entity = entity_factory(name="Hezbollah", kind=Kind.ORGANISATION)
    alias_factory(entity=entity, name="Hizbollah")
    return entity


def test_next_and_previous_are_absolute_links_to_the_neighbour_pages(
    client, article_factory
):
    article_factory.create_batch(25)
    first = client.get("/api/articles/?page=1").json()
    assert (first["count"], first["page"], first["page_size"]) == (25, 1, 10)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/articles/?page=2"
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert second["previous"] == "http://testserver/api/articles/?page=1"
    last = client.get(second["next"]).json()
    assert (len(last["results"]), last["next"]) == (5, None)
    slugs = [r["slug"] for page in (first, second, last) for r in page["results"]]
    assert len(set(slugs)) == 25


def test_links_keep_the_filters_and_page_size(client, article_factory):
    article_factory.create_batch(3, section="Security")
    data = client.get("/api/articles/?section=security&page_size=2").json()
    assert data["next"] == (
        "http://testserver/api/articles/?section=security&page_size=2&page=2"
    )
    assert len(client.get(data["next"]).json()["results"]) == 1


def test_a_page_past_the_end_is_a_404_and_an_empty_list_an_empty_first_page(
    client, article_factory
):
    assert client.get("/api/articles/").json()["results"] == []
    article_factory()
    response = client.get("/api/articles/?page=2")
    assert response.status_code == 404
    assert response.json() == {"detail": "Page 2 does not exist: there are 1."}


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/?bogus=1",
        "/api/articles/tagged?bogus=1",
        "/api/entities/?bogus=1",
        "/api/search/?q=talks&bogus=1",
        "/api/sections/?bogus=1",
    ],
)
def test_an_unknown_parameter_is_a_422_naming_it(client, article_factory, url):
    article_factory(slug="tagged")
    response = client.get(url)
    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["loc"] == ["query", "bogus"]
    assert "'bogus'" in issue["msg"]


@pytest.mark.parametrize(
    ("asked", "location"),
    [
        ("/api/articles", "/api/articles/"),
        ("/api/articles?page=2", "/api/articles/?page=2"),
        ("/api/articles/tagged/", "/api/articles/tagged"),
        ("/api/entities/hezbollah/", "/api/entities/hezbollah"),
        ("/api/docs/", "/api/docs"),
    ],
)
def test_the_other_form_of_an_address_redirects_to_it(
    client, article_factory, hezbollah, asked, location
):
    article_factory(slug="tagged", entities=[hezbollah])
    response = client.get(asked)
    assert (response.status_code, response["Location"]) == (301, location)


def test_the_section_filter_ignores_case(client, article_factory):
    article_factory(slug="a", section="Middle East")
    article_factory(slug="b", section="Sport")
    data = client.get("/api/articles/?section=middle east").json()
    assert [r["slug"] for r in data["results"]] == ["a"]


def test_actors_are_found_by_an_alias_folded_like_the_matcher(
    client, article_factory, hezbollah, entity_factory
):
    hidden = entity_factory(name="Hizbollah Youth")
    article_factory(entities=[hidden], status=Status.DRAFT)
    article_factory(entities=[hezbollah])
    article_factory(entities=[hezbollah, entity_factory(name="Iran")])
    data = client.get("/api/entities/?q=HIZBÓLLAH").json()
    assert data["count"] == 1
    [found] = data["results"]
    assert found == {
        "slug": "hezbollah",
        "name": "Hezbollah",
        "kind": "organisation",
        "url": "http://testserver/entities/hezbollah/",
        "api_url": "http://testserver/api/entities/hezbollah",
        "aliases": ["Hizbollah"],
        "article_count": 2,
    }


def test_the_actor_list_filters_by_kind(
    client, article_factory, hezbollah, entity_factory
):
    article_factory(
        entities=[hezbollah, entity_factory(name="Iran", kind=Kind.COUNTRY)]
    )
    data = client.get("/api/entities/?kind=country").json()
    assert [r["name"] for r in data["results"]] == ["Iran"]
    assert client.get("/api/entities/?kind=planet").status_code == 422


def test_search_finds_public_pieces_only(client, article_factory, hezbollah):
    article_factory(slug="seen", headline="Missiles fired", entities=[hezbollah])
    article_factory(slug="draft", headline="Missiles counted", status=Status.DRAFT)
    article_factory(slug="withdrawn", headline="Missiles", status=Status.WITHDRAWN)
    article_factory(slug="other", headline="Talks resume")
    data = client.get("/api/search/?q=missiles").json()
    assert [r["slug"] for r in data["results"]] == ["seen"]
    by_actor = client.get(
        "/api/search/?q=missiles&entity=hezbollah&section=MIDDLE EAST"
    )
    assert by_actor.json()["count"] == 1
    assert client.get("/api/search/?q=+").status_code == 422
    assert client.get("/api/search/").status_code == 422


def test_sections_are_listed_in_the_editors_order_with_their_public_pieces(
    client, article_factory
):
    article_factory.create_batch(2, section="Security")
    article_factory(section="Diplomacy")
    article_factory(section="Sport", status=Status.DRAFT)
    Section.objects.filter(name="Security").update(order=1, description="Wars.")
    Section.objects.filter(name="Diplomacy").update(order=2)
    data = client.get("/api/sections/").json()
    assert data["results"] == [
        {
            "slug": "security",
            "name": "Security",
            "description": "Wars.",
            "count": 2,
            "url": "http://testserver/sections/security/",
            "api_url": "http://testserver/api/articles/?section=Security",
        },
        {
            "slug": "diplomacy",
            "name": "Diplomacy",
            "description": "",
            "count": 1,
            "url": "http://testserver/sections/diplomacy/",
            "api_url": "http://testserver/api/articles/?section=Diplomacy",
        },
    ]


def test_related_results_link_the_piece_and_name_the_shared_actors(
    client, article_factory, hezbollah
):
    article_factory(slug="one", entities=[hezbollah])
    article_factory(slug="two", entities=[hezbollah])
    [result] = client.get("/api/articles/one/related").json()["results"]
    assert result["url"] == "http://testserver/articles/two/"
    assert result["api_url"] == "http://testserver/api/articles/two"
    assert result["shared_entities"] == [
        {
            "slug": "hezbollah",
            "name": "Hezbollah",
            "url": "http://testserver/entities/hezbollah/",
        }
    ]


def test_an_unchanged_answer_is_a_304_to_its_etag(client, article_factory):
    article_factory()
    response = client.get("/api/articles/")
    etag = response["ETag"]
    assert (
        client.get("/api/articles/", headers={"if-none-match": etag}).status_code == 304
    )
    article_factory()
    assert (
        client.get("/api/articles/", headers={"if-none-match": etag}).status_code == 200
    )


def test_any_site_may_read_the_api_but_not_the_pages(client, article_factory):
    article = article_factory(slug="open")
    for url in ("/api/articles/open", "/api/nothing", "/api/articles/?page=x"):
        assert client.get(url)["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(article.get_absolute_url())
    preflight = client.options(
        "/api/articles/",
        headers={
            "origin": "https://example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_the_schema_documents_the_new_endpoints_and_links(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/entities/", "/api/search/", "/api/sections/"} <= set(schema["paths"])
    page = schema["components"]["schemas"]["ArticleListOut"]["properties"]
    assert {"count", "page", "page_size", "next", "previous", "results"} == set(page)
    for shape in ("ArticleSummaryOut", "EntityRefOut", "AuthorRefOut", "RelatedOut"):
        assert {"url", "api_url"} <= set(
            schema["components"]["schemas"][shape]["properties"]
        )


@pytest.mark.parametrize("size", [2, 20])
def test_list_query_counts_are_constant(
    client,
    article_factory,
    entity_factory,
    hezbollah,
    django_assert_max_num_queries,
    size,
):
    for _ in range(size):
        article_factory(entities=[hezbollah, entity_factory()], section="Security")
    # Count, the page, their actors, their authors (and the actor for
    # `entity`), and the vocabulary's two checks for actors named in `q` (and,
    # once it changed, its two reads).
    with django_assert_max_num_queries(9):
        client.get("/api/search/?q=headline&entity=hezbollah")
    # Count, the page, their aliases.
    with django_assert_max_num_queries(3):
        client.get("/api/entities/?q=e")
    with django_assert_max_num_queries(2):
        client.get("/api/sections/")


def test_a_page_size_is_served_from_the_page_cache(
    client, article_factory, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 60
    article_factory.create_batch(3)
    first = client.get("/api/articles/?page_size=2").content
    with django_assert_num_queries(0):
        assert client.get("/api/articles/?page_size=2").content == first
