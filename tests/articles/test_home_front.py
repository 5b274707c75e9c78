"""The home page's front: a lead story, the top stories, a block per section,
the actors in the news; and the cards they are made of."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.fronts import (
    FRONT_SECTION_PIECES,
    FRONT_TOP_STORIES,
    Pin,
    in_the_news,
)
from articles.models import Status
from articles.related import actor_weights_refresh
from newsroom.page_cache import pages_changed
from sections.models import Section
from tests.images.pictures import library_image

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def hours_ago(hours: float):
    return NOW - timedelta(hours=hours)


def front(client):
    return client.get("/").context["front"]


def article_links(html: str) -> list[str]:
    """The pieces a page links to, in its order, each time it links to one."""
    return re.findall(r'href="(/articles/[^"#]+/)"', html)


def test_the_first_pinned_piece_leads_and_the_other_pins_follow(
    client, article_factory
):
    a, b, c = (
        article_factory(headline=h, publish_at=hours_ago(n))
        for n, h in enumerate("abc", start=1)
    )
    Pin.objects.create(article=c, ordering=1)
    Pin.objects.create(article=b, ordering=2)
    page = front(client)
    assert page.lead == c
    assert page.top[:2] == [b, a]


def test_without_pins_the_newest_piece_with_a_picture_leads(client, article_factory):
    newest = article_factory(headline="Newest, no picture", publish_at=hours_ago(1))
    pictured = article_factory(
        headline="Pictured", publish_at=hours_ago(2), image=library_image()
    )
    article_factory(
        headline="Older, pictured", publish_at=hours_ago(3), image=library_image()
    )
    page = front(client)
    assert page.lead == pictured
    assert page.top[0] == newest
    html = client.get("/").content.decode()
    lead = html[html.index('class="card card-lead"') :]
    # The lead's picture is the large one, loaded first.
    assert 'fetchpriority="high"' in lead[: lead.index("</article>")]
    assert "1600w" in lead[: lead.index("</article>")]


def test_a_piece_pictured_beyond_the_first_page_still_leads(client, article_factory):
    pictured = article_factory(publish_at=hours_ago(100), image=library_image())
    article_factory.create_batch(25, publish_at=hours_ago(1))
    assert front(client).lead == pictured


def test_with_no_picture_anywhere_the_newest_piece_leads(client, article_factory):
    article_factory(publish_at=hours_ago(2))
    newest = article_factory(publish_at=hours_ago(1))
    assert front(client).lead == newest


def test_sections_follow_the_editors_order_each_headed_by_its_linked_name(
    client, article_factory
):
    for order, name in enumerate(["Sport", "Culture", "Business"]):
        Section.objects.create(name=name, order=order)
    # Enough new pieces to fill the top stories, then older ones per section.
    article_factory.create_batch(
        FRONT_TOP_STORIES + 1, section="Middle East", publish_at=hours_ago(1)
    )
    for name in ["Business", "Culture", "Sport"]:
        article_factory.create_batch(6, section=name, publish_at=hours_ago(50))
    response = client.get("/")
    blocks = response.context["front"].sections
    assert [block.section.name for block in blocks] == ["Sport", "Culture", "Business"]
    assert all(len(b.articles) == FRONT_SECTION_PIECES for b in blocks)
    assert all(
        article.section == block.section
        for block in blocks
        for article in block.articles
    )
    html = response.content.decode()
    assert (
        '<h2 class="section-title" id="section-sport"><a href="/sections/sport/">'
        "Sport</a></h2>"
    ) in html
    assert html.index("section-sport") < html.index("section-business")


def test_no_piece_shows_twice_on_the_front(client, article_factory):
    pieces = [
        article_factory(publish_at=hours_ago(n), section=section)
        for n, section in enumerate(["Politics", "Security", "Diplomacy"] * 6)
    ]
    Pin.objects.create(article=pieces[10])
    Pin.objects.create(article=pieces[15])
    page = front(client)
    assert page.lead == pieces[10]
    shown = [article.pk for article in page.articles]
    assert len(shown) == len(set(shown)) == len(pieces)
    links = article_links(client.get("/").content.decode())
    assert len(links) == len(set(links)) == len(pieces)


def test_pages_after_the_first_are_the_plain_newest_first_list(client, article_factory):
    article_factory.create_batch(25, publish_at=hours_ago(2))
    article_factory(headline="The newest piece", publish_at=hours_ago(1))
    second = client.get("/?page=2")
    assert second.context["front"] is None
    assert "In the news" not in second.content.decode()
    assert len(second.context["articles"]) == 6
    older = client.get(f"/?before={second.context['articles'][0].pk}").context["front"]
    assert older is None


def test_in_the_news_counts_the_public_pieces_of_the_last_week(
    client, article_factory, entity_factory
):
    hamas, iran, egypt, secret, old = (
        entity_factory(name=name)
        for name in ["Hamas", "Iran", "Egypt", "Secret", "Old"]
    )
    article_factory(entities=[hamas, iran], publish_at=hours_ago(1))
    article_factory(entities=[hamas], publish_at=hours_ago(24 * 6))
    article_factory(entities=[egypt, hamas], publish_at=hours_ago(24 * 3))
    # Older than a week, not public, or not public yet: none of them counts.
    article_factory.create_batch(5, entities=[iran, old], publish_at=hours_ago(24 * 8))
    article_factory(entities=[iran, secret], status=Status.DRAFT)
    article_factory(entities=[iran, secret], status=Status.WITHDRAWN)
    article_factory(entities=[iran, secret], publish_at=NOW + timedelta(hours=2))
    strip = client.get("/").context["in_the_news"]
    assert [(actor["name"], actor["count"]) for actor in strip] == [
        ("Hamas", 3),
        ("Egypt", 1),
        ("Iran", 1),
    ]
    assert strip[0]["url"] == "/entities/hamas/"
    html = client.get("/").content.decode()
    assert '<a href="/entities/hamas/">Hamas</a> <span class="count">3</span>' in html


def test_in_the_news_is_one_query_kept_until_the_content_changes(
    article_factory, entity_factory, django_capture_on_commit_callbacks
):
    hamas = entity_factory(name="Hamas")
    article_factory(entities=[hamas])
    with CaptureQueriesContext(connection) as counted:
        assert [actor["count"] for actor in in_the_news()] == [1]
    # The strip's own count, and how long it may be kept (the next scheduled piece).
    assert len(counted) == 2
    article_factory(entities=[hamas])
    with CaptureQueriesContext(connection) as again:
        assert [actor["count"] for actor in in_the_news()] == [1]
    assert len(again) == 0
    with django_capture_on_commit_callbacks(execute=True):
        pages_changed()
    assert [actor["count"] for actor in in_the_news()] == [2]


def home_queries(client) -> int:
    # As a page made afresh: nothing of it cached.
    cache.clear()
    with CaptureQueriesContext(connection) as counted:
        assert client.get("/").status_code == 200
    return len(counted)


@pytest.mark.parametrize(("sections", "per_section", "pins"), [(2, 2, 1), (12, 9, 6)])
def test_the_home_page_costs_the_same_with_any_number_of_sections_and_pins(
    client,
    article_factory,
    entity_factory,
    django_assert_max_num_queries,
    sections,
    per_section,
    pins,
):
    actors = [entity_factory() for _ in range(5)]
    pieces = [
        article_factory(
            section=f"Section {s}",
            entities=actors[: 1 + n % 5],
            publish_at=hours_ago(s * per_section + n),
        )
        for s in range(sections)
        for n in range(per_section)
    ]
    for ordering, article in enumerate(pieces[:pins]):
        Pin.objects.create(article=article, ordering=ordering)
    actor_weights_refresh()
    # Pinned pieces, their actors and authors; the count, the newest, their
    # actors and authors; the section blocks, their actors and authors; the
    # actors in the news and how long to keep them; the cards' actors'
    # weights; the header's sections.
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


def test_the_home_page_query_count_does_not_grow_with_sections(client, article_factory):
    def fill(sections: int):
        for s in range(sections):
            article_factory.create_batch(5, section=f"Part {sections}-{s}")

    fill(2)
    few = home_queries(client)
    fill(15)
    assert home_queries(client) == few


def card_chips(html: str, headline: str) -> list[str]:
    card = html[html.index(headline) :]
    card = card[: card.index("</article>")]
    return re.findall(r"<li(?: class=\"more\")?><a [^>]*>([^<]+)", card)


def test_a_card_names_three_actors_rarest_first_then_how_many_more(
    client, article_factory, entity_factory
):
    common, usual, rare, zeta, alpha = (
        entity_factory(name=name)
        for name in ["Common", "Usual", "Rare", "Zeta", "Alpha"]
    )
    article_factory(
        headline="The tagged piece",
        entities=[common, usual, rare, zeta, alpha],
        publish_at=hours_ago(1),
    )
    article_factory.create_batch(4, entities=[common, usual], publish_at=hours_ago(3))
    article_factory.create_batch(
        2, entities=[common, zeta, alpha], publish_at=hours_ago(2)
    )
    actor_weights_refresh()
    html = client.get("/sections/middle-east/").content.decode()
    # Rare is on one piece; Alpha and Zeta on three, by name; Usual, Common on more.
    assert card_chips(html, "The tagged piece") == ["Rare", "Alpha", "Zeta", "+2 more"]
    assert 'href="/articles/' in html and "#actors" in html


def test_a_card_shows_its_new_chip_order_once_coverage_moves_on(
    client, article_factory, entity_factory
):
    iran, egypt = entity_factory(name="Iran"), entity_factory(name="Egypt")
    others = [entity_factory(name=f"Often {n}") for n in range(3)]
    article_factory(
        headline="The tagged piece",
        entities=[iran, egypt, *others],
        publish_at=hours_ago(1),
    )
    article_factory.create_batch(3, entities=[egypt, *others], publish_at=hours_ago(5))
    actor_weights_refresh()
    assert (
        card_chips(
            client.get("/sections/middle-east/").content.decode(), "The tagged piece"
        )[0]
        == "Iran"
    )
    article_factory.create_batch(6, entities=[iran, *others], publish_at=hours_ago(5))
    actor_weights_refresh()
    assert (
        card_chips(
            client.get("/sections/middle-east/").content.decode(), "The tagged piece"
        )[0]
        == "Egypt"
    )


def test_a_card_has_its_linked_section_above_its_headline(client, article_factory):
    article_factory(headline="The piece", section="Security")
    html = client.get("/").content.decode()
    card = html[html.index('<article class="card') :]
    assert card.index(
        '<p class="kicker"><a href="/sections/security/">Security</a>'
    ) < card.index("The piece")


@pytest.mark.parametrize("actors", [2, 40])
def test_a_page_of_cards_weighs_all_their_actors_in_one_query(
    client, article_factory, entity_factory, actors
):
    tags = [entity_factory() for _ in range(actors)]
    for n in range(10):
        article_factory(entities=tags[n % actors :: 3] or tags[:1])
    actor_weights_refresh()
    with CaptureQueriesContext(connection) as counted:
        client.get("/sections/middle-east/")
    weights = [q for q in counted if "articles_actorweight" in q["sql"]]
    assert len(weights) == 1
