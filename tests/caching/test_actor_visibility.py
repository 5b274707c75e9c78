"""An actor's pages come and go with its only public piece, stored pages or not."""

import pytest

from articles import workflow
from articles.models import Status

pytestmark = pytest.mark.django_db


def test_an_actor_shows_and_goes_with_its_only_piece_at_once(
    stored,
    client,
    editor,
    article_factory,
    entity_factory,
    django_capture_on_commit_callbacks,
):
    secret = entity_factory(name="Yahya Sinwar")
    piece = article_factory(status=Status.REVIEW, entities=[secret])
    addresses = [secret.get_absolute_url(), f"/api/entities/{secret.slug}"]
    for address in addresses:
        assert client.get(address).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article=piece, by=editor)
    for address in addresses:
        assert "Yahya Sinwar" in stored(address)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_withdraw(article=piece, by=editor)
    for address in addresses:
        assert client.get(address).status_code == 404
