import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory, EntityAliasFactory, EntityFactory


@pytest.fixture
def article_factory():
    return ArticleFactory


@pytest.fixture
def entity_factory():
    return EntityFactory


@pytest.fixture
def alias_factory():
    return EntityAliasFactory


@pytest.fixture
def published_article(article_factory, entity_factory):
    return article_factory(
        headline="Hamas and Hezbollah restore ties",
        entities=[entity_factory(name="Hamas"), entity_factory(name="Hezbollah")],
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached coverage summaries must not leak from one test into the next."""
    cache.clear()
