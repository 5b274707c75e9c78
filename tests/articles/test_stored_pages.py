"""An article page whose read shows what a kept page showed is that page, served
before any template (newsroom.stored_pages); whatever changes what the page
shows is on the next request, the piece's neighbours' pictures, the navigation
and the site's own files included."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status
from images.models import Image
from newsroom.page_cache import pages_changed
from tests.images.pictures import library_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(article_factory, entity_factory):
    """A piece with a full stored related list, the third neighbour pictured."""
    actors = [entity_factory(name=name) for name in ["Hamas", "Egypt", "Qatar"]]
    now = timezone.now()
    piece = article_factory(
        slug="talks-resume", publish_at=now - timedelta(hours=1), entities=actors
    )
    for number in range(6):
        article_factory(
            slug=f"neighbour-{number}",
            publish_at=now - timedelta(hours=2 + number),
            entities=actors[: 1 + number % 3],
            image=library_image(alt="Delegates at the table.") if number == 2 else None,
        )
    call_command("rebuild_related", stdout=StringIO(), stderr=StringIO())
    return piece


def write_elsewhere(first, capture) -> None:
    """A write elsewhere, and the parts of the page `first` was evicted: only a
    page kept whole is not made again."""
    with capture(execute=True):
        pages_changed()
    cache.delete_many(first.context["parts"].keys.values())


def fresh_page(client, first, capture):
    """The page `first` was, after a write elsewhere."""
    write_elsewhere(first, capture)
    return client.get(first.wsgi_request.path)


def test_an_unchanged_page_is_served_before_any_template(
    client, piece, django_capture_on_commit_callbacks
):
    first = client.get(piece.get_absolute_url())
    assert first.templates
    write_elsewhere(first, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(piece.get_absolute_url())
    assert again.content == first.content
    assert again.templates == []
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["ETag"] == first["ETag"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    # The piece's read, the only one the page makes (the generation moved on
    # by the write is read once too).
    reads = [q for q in queries if "contentgeneration" not in q["sql"]]
    assert len(reads) == 1
    assert "page_actors" in reads[0]["sql"]


def test_a_neighbours_new_picture_shows_on_a_kept_page(
    client, piece, django_capture_on_commit_callbacks
):
    first = client.get(piece.get_absolute_url())
    assert 'alt="Delegates at the table."' in first.content.decode()
    pictured = Image.objects.get(alt="Delegates at the table.")
    pictured.alt = "Delegates leave the table."
    pictured.save()
    html = fresh_page(client, first, django_capture_on_commit_callbacks)
    assert 'alt="Delegates leave the table."' in html.content.decode()


def test_a_new_stylesheet_address_is_never_served_from_a_kept_page(
    client, piece, settings
):
    assert "/static/css/site" in client.get(piece.get_absolute_url()).content.decode()
    # As after a deploy to another address of the site's files: the frame renders
    # otherwise, so the page kept with the old one is not served.
    settings.STATIC_URL = "/assets/"
    html = client.get(piece.get_absolute_url()).content.decode()
    assert "/assets/css/site" in html
    assert "/static/css/site" not in html


def test_the_navigation_gains_a_section_when_its_first_piece_comes_due(
    client, piece, article_factory
):
    article_factory(
        section="Science",
        publish_at=timezone.now() + timedelta(minutes=10),
        entities=[],
    )
    assert (
        "/sections/science/"
        not in client.get(piece.get_absolute_url()).content.decode()
    )
    # No write marks the moment: the navigation is read with the piece.
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        html = client.get(piece.get_absolute_url()).content.decode()
    assert 'href="/sections/science/">Science</a>' in html


def test_a_withdrawn_neighbour_leaves_a_kept_page(
    client, piece, django_capture_on_commit_callbacks
):
    first = client.get(piece.get_absolute_url())
    assert "/articles/neighbour-0/" in first.content.decode()
    Article.objects.filter(slug="neighbour-0").update(
        status=Status.WITHDRAWN, first_published_at=timezone.now()
    )
    html = fresh_page(client, first, django_capture_on_commit_callbacks)
    assert "/articles/neighbour-0/" not in html.content.decode()
