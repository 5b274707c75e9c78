"""Readers read the replica; writes, staff and what follows a write, the primary.

'replica' is a test mirror of the primary's test database (tests/conftest.py),
so both aliases see the same rows and only the routing is under test.
"""

from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status
from newsroom.routers import ReplicaReadsMiddleware

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def router_on(settings):
    settings.DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]


@contextmanager
def queries_per_alias():
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        counts = {}
        yield counts
    counts.update(primary=len(primary), replica=len(replica))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/hamas-and-hezbollah-restore-ties/",
        "/entities/hamas/",
        "/search/?q=hamas",
        "/api/articles/hamas-and-hezbollah-restore-ties",
    ],
)
def test_an_anonymous_reader_is_served_from_the_replica(client, published_article, url):
    with queries_per_alias() as queries:
        assert client.get(url).status_code == 200
    assert queries["primary"] == 0
    assert queries["replica"] > 0


def test_staff_read_the_primary(client_for, editor, published_article):
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[published_article.pk])
    for url in ["/admin/", change, published_article.get_absolute_url()]:
        with queries_per_alias() as queries:
            assert session.get(url).status_code == 200
        assert queries["replica"] == 0
        assert queries["primary"] > 0


def test_a_save_uses_the_primary_only(editor, published_article):
    with queries_per_alias() as queries:
        workflow.article_withdraw(article=published_article, by=editor)
    assert queries["replica"] == 0
    assert queries["primary"] > 0


def test_management_commands_use_the_primary(published_article):
    with queries_per_alias() as queries:
        call_command("export_articles", "-", stdout=StringIO())
    assert queries["replica"] == 0
    assert queries["primary"] > 0


def test_reads_after_a_write_in_the_same_request_use_the_primary(published_article):
    reads = []

    def view(request):
        for write in [False, True]:
            if write:
                Article.objects.filter(pk=published_article.pk).update(byline="Desk")
            with queries_per_alias() as queries:
                Article.objects.get(pk=published_article.pk)
            reads.append(queries)

    request = RequestFactory().get("/")
    request.resolver_match = resolve("/")
    middleware = ReplicaReadsMiddleware(view)
    middleware.get_response = lambda request: (
        middleware.process_view(request, view, (), {}),
        view(request),
    )
    middleware(request)
    assert reads == [{"primary": 0, "replica": 1}, {"primary": 1, "replica": 0}]


def test_just_after_a_change_readers_read_the_primary(
    client, editor, article_factory, settings
):
    settings.REPLICA_LAG_SECONDS = 2
    draft = article_factory(headline="Ceasefire agreed", status=Status.DRAFT)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        workflow.article_publish(article=draft, by=editor)
        with queries_per_alias() as queries:
            assert "Ceasefire agreed" in client.get("/").content.decode()
        assert queries["replica"] == 0
    with time_machine.travel(start + timedelta(seconds=3), tick=False):
        with queries_per_alias() as queries:
            assert "Ceasefire agreed" in client.get("/").content.decode()
        assert queries["primary"] == 0
