"""An article page's read is a statement PostgreSQL plans once per connection
(newsroom.statements), and a prepared plan still reads the public rule at the
moment of each page: a piece whose time comes shows, a withdrawn one goes."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status
from articles.related import related_for
from tests.manage import manage

pytestmark = [pytest.mark.needs_postgresql, pytest.mark.django_db]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def page(client, piece, n: int):
    # A new address each time: the page cache answers none of them.
    return client.get(f"{piece.get_absolute_url()}?nocache={n}")


def test_the_article_page_read_is_prepared_and_logged_with_its_values(
    client, article_factory, entity_factory
):
    piece = article_factory(
        headline="Talks resume in Cairo", entities=[entity_factory(name="Hamas")]
    )
    for n in range(3):
        assert page(client, piece, n).status_code == 200
    prepared = [s for s in prepared_statements() if "page_actors" in s]
    assert len(prepared) == 1
    assert "$1" in prepared[0]
    with CaptureQueriesContext(connection) as queries:
        assert "Talks resume in Cairo" in page(client, piece, 3).content.decode()
    # The log shows the statement as run, values and all, as for Django's own.
    assert any(f"'{piece.slug}'" in query["sql"] for query in queries)


def test_a_prepared_read_sees_each_moment_of_reading(client, article_factory):
    soon = article_factory(
        headline="Ceasefire announced", publish_at=timezone.now() + timedelta(hours=1)
    )
    for n in range(3):
        assert page(client, soon, n).status_code == 404
    Article.objects.filter(pk=soon.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1)
    )
    assert page(client, soon, 3).status_code == 200
    Article.objects.filter(pk=soon.pk).update(
        status=Status.WITHDRAWN, first_published_at=timezone.now()
    )
    assert page(client, soon, 4).status_code == 410


def test_the_article_page_read_is_never_planned_again(
    client, article_factory, entity_factory
):
    # Left to choose, PostgreSQL planned it afresh on every page: its generic
    # plan, made without the moment of reading, looks the dearer.
    piece = article_factory(entities=[entity_factory(name="Hamas")], section="World")
    for n in range(8):
        assert page(client, piece, n).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["%page_actors%"],
        )
        generic, custom = cursor.fetchone()
    assert custom == 0
    assert generic >= 8


def test_related_coverage_reads_are_never_prepared(article_factory, entity_factory):
    # Their generic plans run several times slower than fresh ones.
    hamas = entity_factory(name="Hamas")
    pieces = [article_factory(entities=[hamas]) for _ in range(3)]
    for _ in range(6):
        related_for(pieces[0], limit=5)
    # Only the article page's read (of an earlier test, on this connection) may be.
    assert not [s for s in prepared_statements() if "page_actors" not in s]


def test_prepared_statements_can_be_turned_off_for_a_pooler(tmp_path):
    settings_of = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    url = "postgres://postgres@127.0.0.1:5432/newsroom"
    on = manage("shell", "--no-imports", "-c", settings_of, DATABASE_URL=url)
    off = manage(
        "shell",
        "--no-imports",
        "-c",
        settings_of,
        DATABASE_URL=url,
        DATABASE_PREPARED_STATEMENTS="false",
    )
    assert json.loads(on.stdout)["prepare_threshold"] == 5
    assert json.loads(off.stdout)["prepare_threshold"] is None
