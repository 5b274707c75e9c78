"""A piece's page reads the piece, its actors and its stored related list in
one statement compiled once (articles.page_read): what it reads is what the
ORM's queries read, and the public rule is that of the moment of reading."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction, Status
from articles.page_read import page_read
from articles.related.queries import served_rows
from tests.images.pictures import library_image

pytestmark = pytest.mark.django_db


def rebuild():
    call_command("rebuild_related", stdout=StringIO(), stderr=StringIO())


def values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
    }


@pytest.fixture
def actors(entity_factory):
    # Named out of A–Z order, one in lower case: the order is the name key's.
    names = ["Hezbollah", "al-Qassam Brigades", "Iran", "Hamas", "Égypte"]
    return [entity_factory(name=name) for name in names]


@pytest.fixture
def piece(article_factory, author_factory, actors):
    now = timezone.now()
    piece = article_factory(
        slug="talks-resume",
        publish_at=now - timedelta(hours=1),
        entities=actors,
        authors=[author_factory(name="Dana Levin")],
        image=library_image(caption="Delegates", credit="Agency"),
    )
    Correction.objects.create(article=piece, at=now, text="A name was misspelt.")
    for number, hours in enumerate([2, 3, 5, 8, 13, 21, 34]):
        article_factory(
            slug=f"neighbour-{number}",
            publish_at=now - timedelta(hours=hours),
            entities=actors[: 1 + number % len(actors)],
        )
    rebuild()
    return piece


def orm_read(slug: str) -> Article:
    """The piece as the ORM's own queries read it."""
    return Article.objects.with_entities().with_part_stamps().published().get(slug=slug)


def test_the_one_statement_reads_what_the_orm_queries_do(piece):
    expected = orm_read(piece.slug)
    with CaptureQueriesContext(connection) as queries:
        read = page_read(slug=piece.slug, public=True, related=5)
    assert len(queries) == 1
    article = read.article
    assert values(article) == values(expected)
    assert values(article.image) == values(expected.image)
    assert values(article.section) == values(expected.section)
    assert (article.author_stamp, article.correction_stamp) == (
        expected.author_stamp,
        expected.correction_stamp,
    )
    with CaptureQueriesContext(connection) as queries:
        links = list(article.entity_links.all())
        assert [values(a) for a in article.actors] == [
            values(a) for a in expected.actors
        ]
        assert all(link.content_object is article for link in links)
    assert not queries, "the actors are read with the piece"
    assert [values(link) for link in links] == [
        values(link) for link in expected.entity_links.all()
    ]
    stored = served_rows(piece.pk, limit=5)
    assert len(stored) == 5
    assert [(s, shared, values(card)) for s, shared, card in read.served] == [
        (s, shared, values(card)) for s, shared, card in stored
    ]


def test_the_compiled_statement_reads_each_moment_anew(article_factory, piece, actors):
    """Compiled once, it still shows a scheduled piece when its time comes, in
    its own page and in its neighbours' related lists."""
    now = timezone.now()
    scheduled = article_factory(
        slug="scheduled", publish_at=now + timedelta(minutes=30), entities=actors
    )
    rebuild()
    assert page_read(slug="scheduled", public=True, related=5) is None
    served = page_read(slug=piece.slug, public=True, related=10).served
    assert "scheduled" not in [card.slug for _, _, card in served]
    with time_machine.travel(now + timedelta(hours=1), tick=False):
        assert page_read(slug="scheduled", public=True, related=5).article == scheduled
        served = page_read(slug=piece.slug, public=True, related=10).served
        assert "scheduled" in [card.slug for _, _, card in served]
        assert [card.slug for _, _, card in served] == [
            card.slug for _, _, card in served_rows(piece.pk, limit=10)
        ]


def test_only_a_preview_reads_a_piece_that_is_not_public(article_factory):
    draft = article_factory(slug="draft", status=Status.DRAFT)
    assert page_read(slug="draft", public=True, related=5) is None
    assert page_read(slug="draft", public=False, related=5).article == draft
    assert page_read(slug="no-such-piece", public=False, related=5) is None


def test_a_piece_without_actors_or_a_stored_list_reads_empty(article_factory):
    article_factory(slug="alone", entities=[])
    read = page_read(slug="alone", public=True, related=5)
    assert read.article.actors == []
    assert read.served == []


def test_a_stored_page_with_a_stored_related_list_is_one_query(client, piece):
    client.get(piece.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(piece.get_absolute_url())
    assert response.status_code == 200
    assert "/articles/neighbour-" in response.content.decode()
    # The page cache's content generation may be asked once a period.
    statements = [
        q["sql"] for q in queries if "newsroom_contentgeneration" not in q["sql"]
    ]
    assert len(statements) == 1
