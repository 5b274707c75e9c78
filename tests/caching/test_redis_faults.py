"""Whatever Redis does, readers are served and a withdrawal takes effect.

Each test runs the site on a private redis-server that knows the site's last
change and holds its reader pages, breaks it the way production Redis breaks,
and has an editor withdraw a piece through the admin. The cache never hears of
the withdrawal, or serves what it held before: the database's generation,
asked again after PAGE_GENERATION_RECHECK_SECONDS (the clock moved by
time-machine), retires what was stored before.
"""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Status
from newsroom.cache import ResilientRedisCache

pytestmark = [pytest.mark.django_db, pytest.mark.needs_redis_server]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def redis_with_pages(
    redis_server,
    cache_at,
    settings,
    client,
    editor,
    committed,
    published_article,
    article_factory,
):
    """A redis-server started with `args` that knows of a change (a second
    piece on Hamas published, which keeps Hamas a page) and holds the pages."""
    settings.PAGE_GENERATION_RECHECK_SECONDS = 1.0

    def start(*args: str):
        server = redis_server(*args)
        cache_at(server.url)
        staying = article_factory(
            headline="Hamas names a new leader",
            entities=[published_article.entities.get(name="Hamas")],
            status=Status.DRAFT,
        )
        with committed():
            workflow.article_publish(article=staying, by=editor)
        for url in reader_urls(published_article):
            assert client.get(url).status_code == 200
        assert any(b":page:" in key for key in server.client.keys())
        return server

    return start


def reader_urls(piece) -> list[str]:
    return [
        "/",
        piece.get_absolute_url(),
        "/entities/hamas/",
        "/entities/hamas/feed/",
        "/feeds/latest/",
        "/api/articles/",
        f"/api/articles/{piece.slug}",
        "/api/entities/hamas",
    ]


@pytest.fixture
def withdraw_in_the_admin(client_for, editor, committed, published_article):
    session = client_for(editor)

    def withdraw() -> None:
        with committed():
            answer = session.post(
                reverse("admin:articles_article_changelist"),
                {
                    "action": "withdraw",
                    "confirmed": "yes",
                    "_selected_action": [published_article.pk],
                },
            )
        assert answer.status_code == 302

    return withdraw


def assert_withdrawn_everywhere(client, piece):
    assert client.get(piece.get_absolute_url()).status_code == 410
    assert client.get(f"/api/articles/{piece.slug}").status_code == 410
    for url in ["/", "/entities/hamas/", "/entities/hamas/feed/", "/feeds/latest/"]:
        page = client.get(url)
        assert page.status_code == 200
        assert piece.headline not in page.content.decode()
    slugs = [item["slug"] for item in client.get("/api/articles/").json()["results"]]
    assert piece.slug not in slugs
    assert client.get("/api/entities/hamas").json()["article_count"] == 1


@pytest.mark.parametrize(
    "fault",
    [
        "make_read_only",  # READONLY: what a failover leaves
        "fill",  # OOM: full, under noeviction
        "kill",  # gone
        "pause",  # hanging: accepts connections, never answers
    ],
)
def test_readers_are_served_and_a_withdrawal_shows_whatever_redis_does(
    fault, redis_with_pages, withdraw_in_the_admin, settings, client, published_article
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        server = redis_with_pages(
            "--maxmemory", "2mb", "--maxmemory-policy", "noeviction"
        )
        getattr(server, fault)()
        for url in [*reader_urls(published_article), "/admin/login/"]:
            assert client.get(url).status_code == 200
        withdraw_in_the_admin()
        clock.shift(settings.PAGE_GENERATION_RECHECK_SECONDS)
        assert_withdrawn_everywhere(client, published_article)
        assert client.get("/admin/login/").status_code == 200


def test_a_redis_back_with_what_it_held_before_a_withdrawal_serves_none_of_it(
    redis_with_pages,
    withdraw_in_the_admin,
    settings,
    client,
    published_article,
    tmp_path,
    monkeypatch,
):
    """Killed, then restarted from its last snapshot (as a replica promoted
    before it heard of the change would be): its pages and generation are back."""
    # Asked again at once when back, as by a process that never saw it go.
    monkeypatch.setattr(ResilientRedisCache, "RETRY_SECONDS", 0)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        server = redis_with_pages("--dir", str(tmp_path))
        server.client.save()
        held = server.client.dbsize()
        server.kill()
        withdraw_in_the_admin()
        server.start()
        assert server.client.dbsize() == held
        clock.shift(settings.PAGE_GENERATION_RECHECK_SECONDS)
        assert_withdrawn_everywhere(client, published_article)
