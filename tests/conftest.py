import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from articles.roles import EDITORS, REPORTERS, roles_setup
from newsroom.page_cache import current_generation
from tests.crawler import SiteCrawler
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityAliasFactory,
    EntityFactory,
    UserFactory,
)


def pytest_collection_modifyitems(config, items):
    """Leave out, as deselected, what only PostgreSQL can run when the suite
    runs on SQLite; CI runs the suite on both."""
    if "postgresql" in django_settings.DATABASES["default"]["ENGINE"]:
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("needs_postgresql") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A 'replica' alias on the test database itself, for the routing tests."""
    default = django_settings.DATABASES["default"]
    django_settings.DATABASES.setdefault(
        "replica",
        {
            **default,
            "TEST": {**default.get("TEST", {}), "NAME": None, "MIRROR": "default"},
        },
    )


@pytest.fixture(autouse=True)
def primary_only_and_no_page_cache(settings):
    """Tests read the primary and render every page, so that they see what
    they write through the ORM and count a page's own queries; tests/caching
    and tests/scale turn the page cache and the router on."""
    settings.DATABASE_ROUTERS = []
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def generation_read_once(request, settings):
    """Each process asks the database for the content generation once a second
    (newsroom.page_cache), not once per page: a test runs as in a process that
    has just asked, and asks no more, so that it counts a page's own queries
    however slow the machine. Tests of that period set their own."""
    settings.PAGE_GENERATION_RECHECK_SECONDS = 3600
    if request.node.get_closest_marker("django_db"):
        current_generation()


@pytest.fixture(autouse=True)
def replica_breaker_reset(monkeypatch):
    """A replica a test took down stays down for no other test."""
    from newsroom import routers

    monkeypatch.setattr(routers, "breaker", routers.ReplicaBreaker())


@pytest.fixture(autouse=True)
def media_in_memory(settings):
    """Image files go to a fresh storage in memory for each test: none is left
    behind, and no code path can rely on a local file."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests log in many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def article_factory():
    return ArticleFactory


@pytest.fixture
def entity_factory():
    return EntityFactory


@pytest.fixture
def author_factory():
    return AuthorFactory


@pytest.fixture
def elena(author_factory):
    """An author with everything a profile shows, a hostile line in the bio too."""
    return author_factory(
        name="Elena Sokolova",
        slug="elena-sokolova",
        role="Moscow correspondent",
        bio="Reports on *Russia*.\n\n<script>alert(1)</script>",
        website="https://elena.example/",
        links="https://social.example/@elena\nhttps://other.example/elena",
        wikidata_id="Q4115189",
    )


@pytest.fixture
def alias_factory():
    return EntityAliasFactory


@pytest.fixture
def published_article(article_factory, entity_factory):
    return article_factory(
        headline="Hamas and Hezbollah restore ties",
        entities=[entity_factory(name="Hamas"), entity_factory(name="Hezbollah")],
    )


@pytest.fixture
def user_factory():
    return UserFactory


@pytest.fixture
def roles(db):
    roles_setup()


@pytest.fixture
def reporter(roles, user_factory):
    return user_factory(
        username="rita", first_name="Rita", last_name="Reporter", groups=[REPORTERS]
    )


@pytest.fixture
def editor(roles, user_factory):
    return user_factory(
        username="eddie", first_name="Eddie", last_name="Editor", groups=[EDITORS]
    )


@pytest.fixture
def client_for():
    """A separate logged-in browser session per user, for two people at once."""

    def make(user) -> Client:
        session = Client()
        session.force_login(user)
        return session

    return make


@pytest.fixture
def staff_client(client):
    """The test client, signed in as a superuser with staff access."""
    user = get_user_model().objects.create_user(
        "editor", password="x-long-password", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def crawl(client):
    """Crawls the reader site from / (and the API root) as an anonymous reader."""
    return SiteCrawler(client).crawl


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached coverage summaries must not leak from one test into the next."""
    cache.clear()


@pytest.fixture
def tagged_pieces(article_factory, entity_factory):
    """`count` public pieces sharing a third as many actors, to show that a
    page's query count grows with neither."""

    def make(count: int, **fields):
        actors = [entity_factory() for _ in range(count // 3 + 1)]
        return [article_factory(entities=actors, **fields) for _ in range(count)]

    return make
