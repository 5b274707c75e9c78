import pytest
from django.test import Client

from tests.caching.redis_server import TIMEOUTS, RedisServer


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def stored(client, django_assert_num_queries):
    """GET `url` as a reader twice; the second answer must come from the page
    cache (no query at all) and equal the first. Returns the page's text."""

    def get(url: str) -> str:
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200
        assert again.content == first.content
        return again.content.decode()

    return get


@pytest.fixture
def reader():
    """A reader who has never been here: no cookies."""
    return Client()


@pytest.fixture
def redis_server():
    """Starts private `redis-server`s, `redis_server("--maxmemory", "2mb")`,
    and stops them after the test (tests marked `needs_redis_server`)."""
    servers = []

    def start(*args: str) -> RedisServer:
        servers.append(RedisServer(*args).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def cache_at(settings):
    """Points the site's cache at a Redis, with the short timeouts of a test."""

    def point(url: str) -> None:
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": TIMEOUTS,
            }
        }

    return point
