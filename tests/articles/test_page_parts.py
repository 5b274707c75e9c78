"""A piece's page is assembled from stored parts (articles.page_parts), and
every change to what they show is on the next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Correction, Status
from newsroom.page_cache import pages_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(article_factory, author_factory, entity_factory):
    return article_factory(
        headline="Talks resume in Cairo",
        body="Delegations *met* again.",
        entities=[entity_factory(name="Hamas"), entity_factory(name="Egypt")],
        authors=[author_factory(name="Dana Levin")],
        byline="",
    )


def page(client, piece) -> str:
    return client.get(piece.get_absolute_url()).content.decode()


def test_a_stored_page_reads_neither_authors_nor_corrections(client, piece):
    page(client, piece)
    with CaptureQueriesContext(connection) as queries:
        html = page(client, piece)
    assert "Delegations <em>met</em> again." in html
    assert ">Dana Levin</a>" in html
    # Each table is only named inside the piece's query (its stamps).
    read = [q["sql"].split(".")[0] for q in queries.captured_queries]
    assert 'SELECT "articles_articleauthor"' not in read
    assert 'SELECT "articles_correction"' not in read
    # The piece with its actors and its stored related list (articles.page_read),
    # then its live related ranking: nothing is stored for it yet.
    assert len(read) == 2


def test_an_edited_headline_shows_everywhere_on_the_page(client, piece):
    page(client, piece)
    piece.headline = "Talks collapse in Cairo"
    piece.save()
    html = page(client, piece)
    assert "<title>Talks collapse in Cairo" in html
    assert "<h1>Talks collapse in Cairo</h1>" in html
    assert '"headline": "Talks collapse in Cairo"' in html.replace('":"', '": "')
    assert "Talks resume" not in html


def test_a_headline_written_without_a_save_shows(client, piece):
    page(client, piece)
    Article.objects.filter(pk=piece.pk).update(headline="Talks stall in Cairo")
    assert "<h1>Talks stall in Cairo</h1>" in page(client, piece)


def test_authors_renamed_added_and_removed_show(client, piece, author_factory):
    page(client, piece)
    dana = piece.authors[0]
    dana.name = "Dana Levine"
    dana.save()
    assert ">Dana Levine</a>" in page(client, piece)
    ArticleAuthor.objects.create(
        article=piece, author=author_factory(name="Omar Haddad"), order=1
    )
    assert ">Omar Haddad</a>" in page(client, piece)
    ArticleAuthor.objects.filter(article=piece, author=dana).delete()
    html = page(client, piece)
    assert "Dana Levine" not in html
    assert ">Omar Haddad</a>" in html


def test_actors_renamed_added_and_removed_show(client, piece, entity_factory):
    page(client, piece)
    hamas = piece.actors[1]
    hamas.name = "Harakat Hamas"
    hamas.save()
    assert ">Harakat Hamas</a>" in page(client, piece)
    piece.entities.add(entity_factory(name="Qatar"))
    assert ">Qatar</a>" in page(client, piece)
    piece.entities.remove(hamas)
    html = page(client, piece)
    assert "Harakat Hamas" not in html
    assert ">Qatar</a>" in html


def test_a_correction_shows(client, piece):
    page(client, piece)
    Correction.objects.create(
        article=piece, text="An earlier version misdated the talks."
    )
    assert "An earlier version misdated the talks." in page(client, piece)


def test_an_edited_body_shows(client, piece):
    page(client, piece)
    piece.body = "Delegations *left*."
    piece.save()
    html = page(client, piece)
    assert "Delegations <em>left</em>." in html
    assert "<em>met</em>" not in html


# The page kept whole by what it shows (newsroom.stored_pages).


def rendered_templates(response) -> set[str]:
    return {template.name for template in response.templates}


def test_an_unchanged_piece_is_served_whole_after_any_write(
    client, piece, django_capture_on_commit_callbacks
):
    first = client.get(piece.get_absolute_url())
    # The parts go (evicted); another piece is published, so every address
    # misses the page cache.
    cache.delete_many(first.context["parts"].keys.values())
    with django_capture_on_commit_callbacks(execute=True):
        pages_changed()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(piece.get_absolute_url())
    assert again.content == first.content
    # Neither the parts nor the page made again, yet the piece read afresh
    # (the database decides whether it is public).
    assert "articles/includes/article_main.html" not in rendered_templates(again)
    assert "articles/includes/related_cards.html" not in rendered_templates(again)
    assert [q for q in queries if "page_actors" in q["sql"]]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "'sha256-" in again["Content-Security-Policy"]


def test_a_withdrawn_piece_is_gone_though_its_page_was_stored(client, piece):
    assert client.get(piece.get_absolute_url()).status_code == 200
    Article.objects.filter(pk=piece.pk).update(
        status=Status.WITHDRAWN, first_published_at=timezone.now()
    )
    assert client.get(f"{piece.get_absolute_url()}?utm_source=x").status_code == 410


def test_a_stored_page_follows_its_address_and_the_navigation(
    client, settings, piece, article_factory, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["testserver", "newsroom.example"]
    plain = client.get(piece.get_absolute_url()).content.decode()
    assert 'href="/sections/science/"' not in plain
    on_other_host = client.get(
        piece.get_absolute_url(), headers={"host": "newsroom.example"}
    ).content.decode()
    assert '<link rel="canonical" href="http://newsroom.example/articles/' in (
        on_other_host
    )
    article_factory(section="Science")
    with django_capture_on_commit_callbacks(execute=True):
        pages_changed()
    html = client.get(piece.get_absolute_url()).content.decode()
    assert 'href="/sections/science/">Science</a>' in html
    assert '<link rel="canonical" href="http://testserver/articles/' in html


def test_a_preview_is_never_served_from_a_stored_page(staff_client, piece):
    staff_client.get(piece.get_absolute_url())
    preview = staff_client.get(f"/articles/{piece.slug}/preview/")
    assert preview.status_code == 200
    assert "preview-banner" in preview.content.decode()
