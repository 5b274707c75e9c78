"""The page cache stores the site's pages, not whatever addresses clients type."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_memory_cache(settings):
    """The local-memory cache, whose keys a test can count."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


def stored_pages() -> int:
    return sum(":page:" in key for key in cache._cache)


def built(client, url: str) -> bool:
    """Whether answering `url` read the database: it was not stored."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries) > 0


def test_tracking_tags_never_add_a_stored_page(client, published_article):
    client.get("/")
    for number in range(1500):
        assert client.get(f"/?utm_source={number}").status_code == 200
    assert stored_pages() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/?fbclid=IwAR0",
        "/entities/?kind=organisation&ref=newsletter",
        "/?page=01",
        "/?page=1&page=1",
        "/api/articles/?page=+1",
    ],
)
def test_other_parameters_are_answered_but_never_stored(client, published_article, url):
    assert built(client, url)
    assert built(client, url)
    assert stored_pages() == 0


def test_a_page_keeps_the_tracking_tags_of_its_own_address_in_its_links(
    client, published_article
):
    client.get("/entities/")
    page = client.get("/entities/?utm_source=feed").content.decode()
    assert "?utm_source=feed&amp;letter=H" in page


def test_the_order_of_parameters_makes_no_other_page(client, published_article):
    assert built(client, "/entities/?kind=organisation&letter=H")
    assert not built(client, "/entities/?letter=H&kind=organisation")
    assert stored_pages() == 1


def test_searches_are_stored_up_to_their_budget_per_period(
    client, published_article, settings
):
    settings.PAGE_CACHE_TEXT_PAGES = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for words in ["hamas", "hezbollah", "ties", "restore", "ceasefire"]:
            client.get(f"/search/?q={words}")
        assert stored_pages() == 3
        # The first asked are kept: in breaking news, the ones that repeat.
        assert not built(client, "/search/?q=hamas")
        assert built(client, "/search/?q=ceasefire")
        # Free text anywhere in the address counts: an API section filter too.
        assert built(client, "/api/articles/?section=Gaza")
        assert stored_pages() == 3
    later = start + timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    with time_machine.travel(later, tick=False):
        assert built(client, "/search/?q=ceasefire")
        assert not built(client, "/search/?q=ceasefire")
