"""A section's page, feeds and sitemap: only that section's public pieces."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from sections.models import Section
from tests.factories import NON_PUBLIC

pytestmark = pytest.mark.django_db


@pytest.fixture
def middle_east(article_factory):
    """The section's public piece, its hidden ones, and another section's piece."""
    section = Section.objects.create(name="Middle East", description="From the region.")
    article_factory(slug="public", headline="Public piece", section=section)
    for n, (status, offset) in enumerate(NON_PUBLIC):
        article_factory(
            slug=f"hidden-{n}",
            headline=f"Hidden piece {n}",
            section=section,
            status=status,
            publish_at=timezone.now() + offset,
        )
    article_factory(slug="sport", headline="Sport piece", section="Sport")
    return section


def test_the_page_lists_only_the_sections_public_pieces(client, middle_east):
    html = client.get("/sections/middle-east/").content.decode()
    assert '<h1 class="page-title">Middle East</h1>' in html
    assert "From the region." in html
    assert "Public piece" in html
    assert "Hidden piece" not in html
    assert "Sport piece" not in html


@pytest.mark.parametrize("feed", ["feed", "atom"])
def test_the_feeds_list_only_the_sections_public_pieces(client, middle_east, feed):
    body = client.get(f"/sections/middle-east/{feed}/").content
    titles = [el.text for el in ET.fromstring(body).iter() if el.tag.endswith("title")]
    assert "Public piece" in titles
    assert not [t for t in titles if t and ("Hidden" in t or "Sport" in t)]


def test_a_section_without_a_public_piece_is_not_found(client, article_factory):
    article_factory(section="Drafts only", status=Status.DRAFT)
    assert client.get("/sections/drafts-only/").status_code == 404
    assert client.get("/sections/drafts-only/feed/").status_code == 404
    assert client.get("/sections/nowhere/").status_code == 404


def test_the_header_lists_public_sections_in_the_editors_order(client, article_factory):
    for name, order in [("Sport", 2), ("World", 1), ("Drafts", 0)]:
        Section.objects.create(name=name, order=order)
    article_factory(section="Sport")
    article_factory(section="World")
    article_factory(section="Drafts", status=Status.DRAFT)
    html = client.get("/").content.decode()
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    assert nav.index('href="/sections/world/"') < nav.index('href="/sections/sport/"')
    assert "/sections/drafts/" not in nav
    page = client.get("/sections/sport/").content.decode()
    assert '<a href="/sections/sport/" aria-current="page">Sport</a>' in page


def test_cards_link_the_section(client, middle_east):
    html = client.get("/").content.decode()
    assert '<a href="/sections/middle-east/">Middle East</a>' in html


def test_the_sitemap_lists_sections_with_public_pieces(client, middle_east):
    body = client.get("/sitemap-sections.xml").content.decode()
    assert "http://testserver/sections/middle-east/" in body
    assert "http://testserver/sections/sport/" in body
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-sections.xml" in index


def test_the_page_is_paginated(client, article_factory):
    section = Section.objects.create(name="World")
    start = timezone.now() - timedelta(days=1)
    for n in range(25):
        article_factory(section=section, publish_at=start + timedelta(minutes=n))
    first = client.get("/sections/world/")
    assert len(first.context["articles"]) == 20
    assert len(client.get("/sections/world/?page=2").context["articles"]) == 5
    assert client.get("/sections/world/?page=3").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_section_pages_run_a_constant_number_of_queries(
    client, tagged_pieces, django_assert_max_num_queries, count
):
    tagged_pieces(count, section="World")
    # The section, the pinned pieces (none), count, pieces, their actors and
    # authors, the cards' actors' weights, and the header's sections.
    with django_assert_max_num_queries(8):
        assert client.get("/sections/world/").status_code == 200
    for feed in ["/sections/world/feed/", "/sections/world/atom/"]:
        with django_assert_max_num_queries(4):
            assert client.get(feed).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/sitemap-sections.xml").status_code == 200


def test_cards_and_the_piece_link_a_section_at_its_new_address(
    client, client_for, editor, article_factory, django_capture_on_commit_callbacks
):
    piece = article_factory(section="Middle East")
    for url in ["/", piece.get_absolute_url()]:
        assert "/sections/middle-east/" in client.get(url).content.decode()
    section = Section.objects.get(name="Middle East")
    change = f"/admin/sections/section/{section.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(editor).post(
            change,
            {"name": "Middle East", "slug": "mideast", "description": "", "order": 0},
        )
    assert answer.status_code == 302
    for url in ["/", piece.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "/sections/mideast/" in html
        assert "/sections/middle-east/" not in html
