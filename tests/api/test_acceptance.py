"""Issue 19's acceptance lines for the API, on the demo content a newcomer has
(loaded once: it is the slow part)."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_acceptance_lines_hold_on_the_demo_content(client):
    call_command("load_demo", stdout=StringIO())
    ArticleFactory(slug="missiles-draft", headline="Missiles", status=Status.DRAFT)
    ArticleFactory(slug="missiles-gone", headline="Missiles", status=Status.WITHDRAWN)

    # The first page links the second.
    first = client.get("/api/articles/?page=1").json()
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert {r["slug"] for r in first["results"]}.isdisjoint(
        r["slug"] for r in second["results"]
    )

    # An unknown parameter is named.
    response = client.get("/api/articles/?bogus=1")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "bogus"]

    # Hizbollah finds Hezbollah by its alias.
    results = client.get("/api/entities/?q=hizbollah").json()["results"]
    assert [(r["name"], "Hizbollah" in r["aliases"]) for r in results] == [
        ("Hezbollah", True)
    ]

    # A search for missiles returns public pieces only.
    results = client.get("/api/search/?q=missiles").json()["results"]
    public = set(Article.objects.published().values_list("slug", flat=True))
    assert results
    assert {r["slug"] for r in results} <= public
