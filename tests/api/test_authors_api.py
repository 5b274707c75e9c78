from datetime import UTC, datetime

import pytest

from articles.models import Status

pytestmark = pytest.mark.django_db


def test_an_article_names_its_authors_in_order_and_its_corrections(
    client, article_factory, author_factory, elena
):
    karim = author_factory(name="Karim Haddad", slug="karim-haddad")
    piece = article_factory(slug="talks", authors=[karim, elena])
    piece.corrections.create(
        at=datetime(2018, 1, 30, 9, tzinfo=UTC), kind="update", text="Adds a quote."
    )
    data = client.get("/api/articles/talks").json()
    assert data["authors"] == [
        {
            "slug": "karim-haddad",
            "name": "Karim Haddad",
            "url": "http://testserver/authors/karim-haddad/",
            "api_url": "http://testserver/api/authors/karim-haddad",
        },
        {
            "slug": "elena-sokolova",
            "name": "Elena Sokolova",
            "url": "http://testserver/authors/elena-sokolova/",
            "api_url": "http://testserver/api/authors/elena-sokolova",
        },
    ]
    assert data["corrections"] == [
        {"at": "2018-01-30T09:00:00Z", "kind": "update", "text": "Adds a quote."}
    ]
    (summary,) = client.get("/api/articles/").json()["results"]
    assert [a["slug"] for a in summary["authors"]] == ["karim-haddad", "elena-sokolova"]


def test_an_author_answers_with_their_public_piece_count(
    client, article_factory, elena
):
    article_factory(authors=[elena])
    article_factory(authors=[elena])
    article_factory(authors=[elena], status=Status.DRAFT)
    assert client.get("/api/authors/elena-sokolova").json() == {
        "slug": "elena-sokolova",
        "name": "Elena Sokolova",
        "role": "Moscow correspondent",
        "bio": "Reports on *Russia*.\n\n<script>alert(1)</script>",
        "url": "http://testserver/authors/elena-sokolova/",
        "api_url": "http://testserver/api/authors/elena-sokolova",
        "article_count": 2,
    }


@pytest.mark.parametrize("slug", ["elena-sokolova", "nobody"])
def test_an_author_readers_may_not_see_is_a_json_404(
    client, article_factory, elena, slug
):
    article_factory(authors=[elena], status=Status.REVIEW)
    response = client.get(f"/api/authors/{slug}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"No author with slug {slug!r}."}


def test_the_schema_documents_the_author_answer(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    answers = paths["/api/authors/{slug}"]["get"]["responses"]
    assert set(answers) == {"200", "404", "422"}
