"""The page frame (header, footer, the site's feeds and icons) is rendered once
per process for what it shows (newsroom.frame): every page still
gets its own current entry, the sections of the moment and its own addresses."""

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from articles.models import Article, Status
from newsroom.page_cache import pages_changed

pytestmark = pytest.mark.django_db


def navigation(client, path: str, **extra) -> str:
    html = client.get(path, **extra).content.decode()
    return html[html.index('<nav aria-label="Main">') : html.index("</nav>")]


def test_each_page_marks_its_own_entry(client, article_factory):
    piece = article_factory(section="Sport")
    assert '<a href="/entities/" aria-current="page">Actors</a>' in navigation(
        client, "/entities/"
    )
    assert '<a href="/" aria-current="page">Latest</a>' in navigation(client, "/")
    on_piece = navigation(client, piece.get_absolute_url())
    assert "aria-current" not in on_piece
    on_section = navigation(client, "/sections/sport/")
    assert '<a href="/sections/sport/" aria-current="page">Sport</a>' in on_section
    assert on_section.count("aria-current") == 1


def test_a_section_shows_in_the_frame_once_it_has_a_public_piece(
    client, article_factory, django_capture_on_commit_callbacks
):
    piece = article_factory(section="World")
    draft = article_factory(section="Science", status=Status.DRAFT)
    assert "/sections/science/" not in navigation(client, piece.get_absolute_url())
    Article.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
    # What every write readers see ends with (articles.changes).
    with django_capture_on_commit_callbacks(execute=True):
        pages_changed()
    assert 'href="/sections/science/">Science</a>' in navigation(
        client, piece.get_absolute_url()
    )


def test_the_frame_follows_the_address_the_site_is_mounted_at(client, article_factory):
    piece = article_factory(section="World")
    at_root = client.get(piece.get_absolute_url()).content.decode()
    # As the WSGI handler sets it for a site served under /news/.
    set_script_prefix("/news/")
    try:
        mounted = client.get(piece.get_absolute_url()).content.decode()
    finally:
        clear_script_prefix()
    assert '<a class="site-name" href="/news/">' in mounted
    assert 'href="/news/feeds/latest/"' in mounted
    assert '<a class="site-name" href="/">' in at_root
    assert "/news/" not in at_root


def test_a_new_site_name_shows_in_the_frame(client, settings, article_factory):
    piece = article_factory()
    settings.SITE_NAME = "The Daily Actor"
    html = client.get(piece.get_absolute_url()).content.decode()
    assert '<a class="site-name" href="/">The Daily Actor</a>' in html
    assert "The Daily Actor — coverage of the actors behind the news." in html
