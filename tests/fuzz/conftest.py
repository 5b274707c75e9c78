import os

import pytest
from hypothesis import HealthCheck, settings

from entities.merging import entity_merge
from entities.models import Kind
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityAliasFactory,
    EntityFactory,
)

# The fuzz tests share the `db` fixture's transaction across examples on
# purpose: the importer properties roll each example back to a savepoint
# (`tests.fuzz.importing.rolled_back`) and the API only reads.
_SHARED = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture],
}
# Every `make test`, CI included: the same bounded inputs each time, and no
# example database written.
settings.register_profile(
    "fast", max_examples=100, derandomize=True, database=None, **_SHARED
)
# A local campaign: new random inputs each run; failures are kept in
# `.hypothesis/` and replayed first next time.
settings.register_profile("long", max_examples=5_000, **_SHARED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture
def newsroom_state(db):
    """What an import meets in a live newsroom: a piece, two actors sharing a
    name across kinds, an actor with a Wikidata id and aliases, the slug of
    an actor merged away, an author with a Wikidata id and two sharing a name."""
    hezbollah = EntityFactory(name="Hezbollah", slug="hezbollah", wikidata_id="Q41053")
    EntityAliasFactory(entity=hezbollah, name="Hizbollah")
    EntityFactory(name="Georgia", kind=Kind.COUNTRY, slug="georgia")
    EntityFactory(name="Georgia", kind=Kind.PERSON, slug="georgia-2")
    entity_merge(
        source=EntityFactory(name="Hizb Allah", slug="hizb-allah"), target=hezbollah
    )
    dana = AuthorFactory(name="Dana Levin", slug="dana-levin", wikidata_id="Q1")
    AuthorFactory(name="Sam Jones", slug="sam-jones")
    AuthorFactory(name="Sam Jones", slug="sam-jones-2")
    ArticleFactory(
        slug="existing-piece",
        headline="Existing piece",
        entities=[hezbollah],
        authors=[dana],
    )
