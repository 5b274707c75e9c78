"""With Redis out of reach or refusing writes the site serves from the
database, and fast."""

import logging
import socket

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis.exceptions import ConnectionError as RedisConnectionError

from articles import workflow
from articles.models import Status
from newsroom.cache import ResilientRedisCache
from tests.caching.redis_server import REDIS_URL, TIMEOUTS, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers: the worst case, a
    Redis that hangs rather than refuses."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(128)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def redis_cache(location: str) -> ResilientRedisCache:
    return ResilientRedisCache(location, {"OPTIONS": TIMEOUTS})


@pytest.fixture
def redis_down(cache_at):
    cache_at(f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture(
    params=[
        "nothing listens",
        pytest.param("read-only replica", marks=pytest.mark.needs_redis_server),
    ]
)
def failing_redis(request):
    if request.param == "nothing listens":
        return f"redis://127.0.0.1:{free_port()}/0"
    server = request.getfixturevalue("redis_server")()
    server.make_read_only()
    return server.url


def test_every_call_misses_or_is_dropped_when_redis_fails(failing_redis):
    down = redis_cache(failing_redis)
    assert down.get("a") is None
    assert down.get("a", "default") == "default"
    assert down.get_or_set("a", 7) == 7
    assert down.get_many(["a", "b"]) == {}
    assert down.add("a", 1) is False
    assert down.has_key("a") is False
    assert down.set("a", 1) is None
    assert down.set_many({"a": 1}) == ["a"]
    assert down.incr("a") is None
    assert down.touch("a") is False
    assert down.delete("a") is False
    assert down.delete_many(["a"]) is None
    assert down.clear() is False


def test_a_hanging_redis_costs_one_timeout_not_one_per_call(silent_redis, monkeypatch):
    hanging = redis_cache(silent_redis)
    # However slow the machine, the 200 calls fall within one retry pause.
    monkeypatch.setattr(ResilientRedisCache, "RETRY_SECONDS", 3600)
    sent = []
    for name in ["get", "set"]:
        sent_to_redis = getattr(RedisCache, name)
        monkeypatch.setattr(
            RedisCache,
            name,
            lambda *args, _send=sent_to_redis, **kwargs: (
                sent.append(args) or _send(*args, **kwargs)
            ),
        )
    for _ in range(100):
        assert hanging.get("page") is None
        hanging.set("page", "x")
    # The first call waited for its timeout; the other 199 never went out.
    assert len(sent) == 1


@pytest.mark.needs_redis
def test_an_outage_is_logged_once_and_the_recovery_too(caplog, monkeypatch):
    live = redis_cache(REDIS_URL)
    monkeypatch.setattr(ResilientRedisCache, "RETRY_SECONDS", 0)
    client = live._cache

    def refuse(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        with monkeypatch.context() as outage:
            outage.setattr(client, "get", refuse)
            for _ in range(5):
                assert live.get("newsroom-test-key", "missed") == "missed"
        assert live.get("newsroom-test-key", "missed") == "missed"
    assert [r.getMessage() for r in caplog.records] == [
        "Redis cache unreachable, serving without it: Connection refused",
        "Redis cache reachable again.",
    ]


@pytest.mark.needs_redis_server
def test_refused_writes_are_logged_once_and_their_return_too(
    redis_server, caplog, monkeypatch
):
    server = redis_server()
    refusing = redis_cache(server.url)
    refusing.set("page", "kept")
    monkeypatch.setattr(ResilientRedisCache, "RETRY_SECONDS", 0)
    server.make_read_only()
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for _ in range(5):
            refusing.set("page", "new")
            # A replica still answers reads with what it holds.
            assert refusing.get_many(["page"]) == {"page": "kept"}
        server.client.replicaof("no", "one")
        refusing.set("page", "new")
    assert [r.getMessage() for r in caplog.records] == [
        "Redis cache answers with an error, storing nothing meanwhile: "
        "You can't write against a read only replica.",
        "Redis cache accepts writes again.",
    ]


def test_the_site_serves_from_the_database_without_redis(
    redis_down,
    client,
    editor,
    published_article,
    article_factory,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PAGE_CACHE_SECONDS = 300
    for url in ["/", published_article.get_absolute_url(), "/entities/hamas/"]:
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            assert len(queries) > 0
    draft = article_factory(headline="Ceasefire agreed", status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article=draft, by=editor)
    assert "Ceasefire agreed" in client.get("/").content.decode()
    assert cache.get("anything", "missed") == "missed"
