"""The page cache on a real Redis (tests.caching.redis_server).

Redis runs wherever the tests do, CI included. Each test has its own key
prefix and removes its keys afterwards, so parallel runs do not meet.
"""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import workflow
from articles.models import Status
from tests.caching.redis_server import REDIS_URL

pytestmark = [pytest.mark.django_db, pytest.mark.needs_redis]


@pytest.fixture(autouse=True)
def redis_cache(settings):
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = cache._cache.get_client(write=True)
    yield client
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def stored_keys(client) -> list[bytes]:
    prefix = cache.make_key("")
    return [key for key in client.scan_iter(f"{prefix}*") if b":page:" in key]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/hamas-and-hezbollah-restore-ties/",
        "/entities/hamas/",
        "/api/articles/",
    ],
)
def test_a_readers_second_visit_is_served_from_redis(
    stored, redis_cache, published_article, url
):
    stored(url)
    assert len(stored_keys(redis_cache)) == 1


def test_publishing_shows_at_once_with_redis(
    stored, client, editor, article_factory, django_capture_on_commit_callbacks
):
    draft = article_factory(headline="Ceasefire agreed", status=Status.DRAFT)
    assert "Ceasefire agreed" not in stored("/")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article=draft, by=editor)
    assert "Ceasefire agreed" in client.get("/").content.decode()


def test_stored_pages_expire_in_redis(redis_cache, client, published_article, settings):
    settings.PAGE_CACHE_SECONDS = 120
    client.get("/")
    (key,) = stored_keys(redis_cache)
    assert 0 < redis_cache.ttl(key) <= 120


def test_a_stored_page_expires_in_redis_before_the_next_publication(
    redis_cache, client, article_factory
):
    article_factory(publish_at=timezone.now() + timedelta(seconds=30))
    client.get("/")
    (key,) = stored_keys(redis_cache)
    assert 0 < redis_cache.ttl(key) <= 30
