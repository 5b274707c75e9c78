import pytest

from .pictures import library_image


@pytest.fixture
def illustrated(article_factory, entity_factory):
    """A public piece with a lead image, tagged with two actors."""
    actors = [entity_factory(name="Hamas"), entity_factory(name="Hezbollah")]
    return article_factory(
        headline="Hamas and Hezbollah restore ties",
        slug="ties-restored",
        image=library_image(caption="Leaders meet", credit="Jane Doe / Agency"),
        entities=actors,
    )
