from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from entities.models import Kind

pytestmark = pytest.mark.django_db


def test_index_groups_actors_by_kind_with_public_counts(
    client, article_factory, entity_factory
):
    netanyahu = entity_factory(name="Benjamin Netanyahu", kind=Kind.PERSON)
    hamas = entity_factory(name="Hamas", kind=Kind.ORGANISATION)
    article_factory(entities=[netanyahu, hamas])
    article_factory(entities=[hamas])
    article_factory(entities=[hamas], status=Status.DRAFT)
    response = client.get("/entities/")
    html = response.content.decode()
    people, organisations = (
        html.index('id="kind-person"'),
        html.index('id="kind-organisation"'),
    )
    assert (
        people
        < html.index("Benjamin Netanyahu")
        < organisations
        < html.index(">Hamas<")
    )
    counts = {e.name: e.article_count for e in response.context["entities"]}
    assert counts == {"Benjamin Netanyahu": 1, "Hamas": 2}


def test_index_filters_by_kind_and_hides_actors_without_public_coverage(
    client, article_factory, entity_factory
):
    iran = entity_factory(name="Iran", kind=Kind.COUNTRY)
    hamas = entity_factory(name="Hamas", kind=Kind.ORGANISATION)
    draft_only = entity_factory(name="Secret subject", kind=Kind.COUNTRY)
    article_factory(entities=[iran, hamas])
    article_factory(entities=[draft_only], status=Status.DRAFT)
    html = client.get("/entities/?kind=country").content.decode()
    assert "Iran" in html
    assert "Hamas" not in html
    assert "Secret subject" not in html
    assert client.get("/entities/?kind=planet").status_code == 404


def test_entity_page_lists_public_coverage_newest_first_paginated(
    client, article_factory, entity_factory
):
    hezbollah = entity_factory(name="Hezbollah", description="Lebanese armed group.")
    now = timezone.now()
    for day in range(22):
        article_factory(
            headline=f"Hezbollah story {day:02d}",
            publish_at=now - timedelta(days=day + 1),
            entities=[hezbollah],
        )
    article_factory(headline="Unrelated", entities=[entity_factory()])
    first = client.get("/entities/hezbollah/")
    html = first.content.decode()
    assert "Lebanese armed group." in html
    assert html.index("Hezbollah story 00") < html.index("Hezbollah story 01")
    assert "Unrelated" not in html
    assert len(first.context["articles"]) == 20
    assert (
        "Hezbollah story 21"
        in client.get("/entities/hezbollah/?page=2").content.decode()
    )


def test_entity_page_shows_actors_covered_with_it(
    client, article_factory, entity_factory
):
    hamas, hezbollah, iran = (
        entity_factory(name=n) for n in ["Hamas", "Hezbollah", "Iran"]
    )
    article_factory(entities=[hamas, hezbollah, iran])
    article_factory(entities=[hamas, hezbollah])
    article_factory(entities=[hamas, iran], status=Status.DRAFT)
    rows = list(client.get("/entities/hamas/").context["co_coverage"])
    assert [(r["tag__name"], r["count"]) for r in rows] == [
        ("Hezbollah", 2),
        ("Iran", 1),
    ]


def test_unknown_entity_is_not_found(client):
    assert client.get("/entities/nobody/").status_code == 404


@pytest.mark.parametrize("pieces", [2, 40])
def test_entity_pages_query_count_is_constant(
    client, article_factory, entity_factory, django_assert_max_num_queries, pieces
):
    hamas = entity_factory(name="Hamas")
    others = [entity_factory() for _ in range(pieces // 2)]
    for _ in range(pieces):
        article_factory(entities=[hamas, *others])
    # Actor, aliases, pieces, their actors and authors, the cards' actors'
    # weights, its topics; count, months, co-coverage and the next scheduled
    # time (the cache's lifetime) until cached; the header's sections, then
    # cached.
    with django_assert_max_num_queries(12):
        assert client.get("/entities/hamas/").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get("/entities/hamas/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/entities/").status_code == 200
