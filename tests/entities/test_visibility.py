"""An actor shows to readers only while a public piece is tagged with it."""

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Status
from entities.merging import entity_merge
from tests.factories import NON_PUBLIC

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody-at-all"

# Every reader address that takes an actor's slug; `{slug}` is the actor's,
# "hamas" an actor readers do see.
ADDRESSES = [
    "/entities/{slug}/",
    "/entities/{slug}/feed/",
    "/entities/{slug}/atom/",
    "/entities/hamas+{slug}/",
    "/entities/hamas+{slug}/feed/",
    "/entities/hamas+{slug}/atom/",
    "/api/entities/{slug}",
    "/api/articles/?entity={slug}",
    "/search/?q=talks&entity={slug}",
]


@pytest.fixture
def hamas(article_factory, entity_factory):
    hamas = entity_factory(name="Hamas")
    article_factory(headline="Hamas talks", entities=[hamas])
    return hamas


def answer(client, address: str, slug: str) -> tuple[int, str, bytes]:
    response = client.get(address.format(slug=slug))
    body = response.content.replace(slug.encode(), UNKNOWN.encode())
    return response.status_code, response["Content-Type"], body


@pytest.mark.parametrize(("status", "publish_in"), NON_PUBLIC)
@pytest.mark.parametrize("address", ADDRESSES)
def test_an_actor_of_non_public_pieces_answers_like_an_unknown_slug(
    client, hamas, article_factory, entity_factory, status, publish_in, address
):
    secret = entity_factory(
        name="Yahya Sinwar", description="This person is a criminal."
    )
    article_factory(
        headline="Sinwar talks",
        status=status,
        publish_at=timezone.now() + publish_in,
        entities=[hamas, secret],
    )
    status_code, content_type, body = answer(client, address, secret.slug)
    assert status_code == 404
    assert (status_code, content_type, body) == answer(client, address, UNKNOWN)
    assert b"criminal" not in body and b"Sinwar" not in body


@pytest.mark.parametrize(("status", "publish_in"), NON_PUBLIC)
def test_an_actor_of_non_public_pieces_is_in_no_list(
    client, hamas, article_factory, entity_factory, status, publish_in
):
    secret = entity_factory(name="Yahya Sinwar")
    article_factory(
        status=status, publish_at=timezone.now() + publish_in, entities=[secret]
    )
    for address in [
        "/entities/",
        "/entities/?kind=organisation",
        "/sitemap-actors.xml",
    ]:
        response = client.get(address)
        assert response.status_code == 200
        assert "hamas" in response.content.decode()
        assert "Sinwar" not in response.content.decode()
        assert secret.slug not in response.content.decode()
    assert dict(client.get("/entities/").context["letters"])["Y"] is False


def test_an_actor_shows_once_its_piece_is_published_and_goes_with_it(
    client, hamas, article_factory, entity_factory, editor
):
    secret = entity_factory(name="Yahya Sinwar")
    piece = article_factory(
        headline="Sinwar talks", status=Status.REVIEW, entities=[secret]
    )
    assert client.get("/entities/yahya-sinwar/").status_code == 404
    workflow.article_publish(article=piece, by=editor)
    for address in ADDRESSES:
        response = client.get(address.format(slug=secret.slug))
        assert response.status_code == 200, address
    assert "Yahya Sinwar" in client.get("/entities/").content.decode()
    workflow.article_withdraw(article=piece, by=editor)
    assert client.get("/entities/yahya-sinwar/").status_code == 404
    assert client.get("/api/entities/yahya-sinwar").status_code == 404


def test_a_merged_slug_redirects_only_to_an_actor_readers_see(
    client, hamas, article_factory, entity_factory
):
    hidden = entity_factory(name="Hidden")
    article_factory(status=Status.DRAFT, entities=[hidden])
    entity_merge(source=entity_factory(name="Old hidden"), target=hidden)
    entity_merge(source=entity_factory(name="Old Hamas"), target=hamas)
    for address in [
        "/entities/{slug}/",
        "/entities/{slug}/feed/",
        "/api/entities/{slug}",
    ]:
        assert answer(client, address, "old-hidden") == answer(client, address, UNKNOWN)
        assert client.get(address.format(slug="old-hamas")).status_code == 301
    response = client.get("/api/articles/?entity=old-hidden")
    assert response.status_code == 404
