import pytest
from django.test import Client


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
