import pytest

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
