"""An actor renamed or deleted in the admin shows so at once on other actors'
pages and in the API, although their coverage summaries are cached."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def hezbollah(article_factory, entity_factory):
    """Covered with Hamas on one public piece."""
    hezbollah = entity_factory(name="Hezbollah", kind="organisation")
    article_factory(entities=[entity_factory(name="Hamas"), hezbollah])
    return hezbollah


@pytest.fixture
def admin_post(staff_client, django_capture_on_commit_callbacks):
    """An admin POST whose follow-ups on commit run, as in production."""

    def post(url: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url, data)
        assert response.status_code == 302, response.content.decode()

    return post


def co_coverage_in_api(reader: Client) -> list[str]:
    answer = reader.get("/api/entities/hamas").json()
    return [row["name"] for row in answer["related_entities"]]


def co_coverage_on_page(reader: Client) -> str:
    page = reader.get("/entities/hamas/").content.decode()
    return page[page.index("Often covered with") :]


@pytest.fixture(params=[0, 300], ids=["uncached", "page-cached"])
def reader(request, settings, hezbollah) -> Client:
    """A reader who has seen Hamas's page and API answer, so both are cached."""
    settings.PAGE_CACHE_SECONDS = request.param
    reader = Client()
    assert "Hezbollah" in co_coverage_on_page(reader)
    assert co_coverage_in_api(reader) == ["Hezbollah"]
    return reader


def test_a_rename_shows_at_once_on_other_actors_pages_and_api(
    reader, hezbollah, admin_post
):
    admin_post(
        f"/admin/entities/entity/{hezbollah.pk}/change/",
        {
            "name": "Hizbullah",
            "slug": hezbollah.slug,
            "kind": hezbollah.kind,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )

    assert "Hizbullah" in co_coverage_on_page(reader)
    assert "Hezbollah" not in co_coverage_on_page(reader)
    assert co_coverage_in_api(reader) == ["Hizbullah"]


def test_a_deleted_actor_leaves_other_actors_pages_and_api_at_once(
    reader, hezbollah, admin_post
):
    admin_post(f"/admin/entities/entity/{hezbollah.pk}/delete/", {"post": "yes"})

    assert "Hezbollah" not in reader.get("/entities/hamas/").content.decode()
    assert co_coverage_in_api(reader) == []
