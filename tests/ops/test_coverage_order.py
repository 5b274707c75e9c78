"""An actor's pieces come newest first however many there are: a few are
found then sorted, many read from the publication index (entitypages.views)."""

from datetime import UTC, datetime, timedelta

import pytest

from entitypages import views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("few_pieces", [0, 2000])
def test_an_actors_pieces_are_newest_first(
    client, article_factory, entity_factory, monkeypatch, few_pieces
):
    monkeypatch.setattr(views, "FEW_PIECES", few_pieces)
    actor = entity_factory(name="Hamas")
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    for n, days in enumerate([3, 1, 2, 2]):
        article_factory(
            slug=f"piece-{n}", publish_at=t0 + timedelta(days=days), entities=[actor]
        )
    response = client.get(f"/entities/{actor.slug}/")
    slugs = [article.slug for article in response.context["articles"]]
    # The same day: the later id first.
    assert slugs == ["piece-0", "piece-3", "piece-2", "piece-1"]
