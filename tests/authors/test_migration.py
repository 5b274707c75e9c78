"""The data migration that turns the bylines of existing pieces into authors."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0007_authors_corrections")]
AFTER = [("articles", "0008_bylines_to_authors")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_pieces():
    """Pieces as they were before authors: a byline each, one author known."""
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("authors", "Author")
    Author.objects.create(name="Dana Levin", name_key="dana levin", slug="dana-levin")
    bylines = {
        "one": "Dana Levin",
        "two": "Elena Sokolova and Karim Haddad",
        "three": "Karim Haddad, Dana Levin and Thomas Reed",
        "two-again": "Elena Sokolova and Karim Haddad",
        "placed": "Thomas Reed in Beirut",
        "wire": "Staff and agencies",
        "agency": "Reuters",
        "none": "",
    }
    for slug, byline in bylines.items():
        Article.objects.create(headline=slug, slug=slug, byline=byline)
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def credits(apps) -> dict[str, tuple[str, list[str]]]:
    Article = apps.get_model("articles", "Article")
    return {
        article.slug: (
            article.byline,
            [link.author.name for link in article.author_links.order_by("order", "id")],
        )
        for article in Article.objects.order_by("slug")
    }


def test_bylines_naming_people_become_their_authors(old_pieces):
    apps = migrate(AFTER)
    assert credits(apps) == {
        "agency": ("Reuters", []),
        "none": ("", []),
        "one": ("", ["Dana Levin"]),
        "placed": ("Thomas Reed in Beirut", ["Thomas Reed"]),
        "three": ("", ["Karim Haddad", "Dana Levin", "Thomas Reed"]),
        "two": ("", ["Elena Sokolova", "Karim Haddad"]),
        "two-again": ("", ["Elena Sokolova", "Karim Haddad"]),
        "wire": ("Staff and agencies", []),
    }
    Author = apps.get_model("authors", "Author")
    assert sorted(Author.objects.values_list("slug", "name_key")) == [
        ("dana-levin", "dana levin"),
        ("elena-sokolova", "elena sokolova"),
        ("karim-haddad", "karim haddad"),
        ("thomas-reed", "thomas reed"),
    ]


def test_migrating_back_writes_the_authors_into_the_byline(old_pieces):
    migrate(AFTER)
    apps = migrate(BEFORE)
    bylines = {slug: byline for slug, (byline, _) in credits(apps).items()}
    assert bylines["three"] == "Karim Haddad, Dana Levin and Thomas Reed"
    assert bylines["two"] == "Elena Sokolova and Karim Haddad"
    assert bylines["wire"] == "Staff and agencies"
