"""Curated fronts: pinned pieces first, in the editors' order, and never twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.fronts import Pin
from articles.models import Status
from sections.models import Section

pytestmark = pytest.mark.django_db


def headlines(response) -> list[str]:
    return [
        a.headline for a in [*response.context["pinned"], *response.context["articles"]]
    ]


@pytest.fixture
def pieces(article_factory):
    """Four public pieces, "d" the newest."""
    start = timezone.now() - timedelta(days=1)
    return {
        slug: article_factory(
            slug=slug, headline=slug, publish_at=start + timedelta(hours=n)
        )
        for n, slug in enumerate("abcd")
    }


def test_pinned_pieces_head_the_home_page_in_their_order_and_appear_once(
    client, pieces
):
    Pin.objects.create(article=pieces["a"], ordering=2)
    Pin.objects.create(article=pieces["b"], ordering=1)
    response = client.get("/")
    assert headlines(response) == ["b", "a", "d", "c"]
    html = response.content.decode()
    assert html.count('href="/articles/a/"') == 1
    assert html.index('href="/articles/b/"') < html.index('href="/articles/d/"')


def test_a_pin_that_is_not_public_or_has_expired_drops_out(client, pieces):
    Pin.objects.create(article=pieces["a"])
    Pin.objects.create(article=pieces["b"], expires_at=timezone.now() - timedelta(1))
    Pin.objects.create(article=pieces["c"], expires_at=timezone.now() + timedelta(1))
    pieces["a"].status = Status.WITHDRAWN
    pieces["a"].save()
    assert headlines(client.get("/")) == ["c", "d", "b"]


def test_a_section_pin_heads_its_section_only(client, pieces):
    section = Section.objects.get(name="Middle East")
    Pin.objects.create(article=pieces["a"], section=section)
    assert headlines(client.get("/sections/middle-east/"))[0] == "a"
    assert headlines(client.get("/"))[0] == "d"


def test_pins_head_the_first_page_only(client, article_factory, pieces):
    article_factory.create_batch(20, publish_at=timezone.now() - timedelta(days=3))
    Pin.objects.create(article=pieces["a"])
    first, second = client.get("/"), client.get("/?page=2")
    assert headlines(first)[0] == "a"
    assert second.context["pinned"] == []
    assert "a" not in headlines(second)
    assert len(first.context["articles"]) + len(second.context["articles"]) == 23


def test_a_piece_is_pinned_once_per_front(pieces):
    from django.core.exceptions import ValidationError

    Pin.objects.create(article=pieces["a"])
    with pytest.raises(ValidationError, match="home page already"):
        Pin(article=pieces["a"]).full_clean()


@pytest.mark.parametrize("count", [3, 30])
def test_the_home_page_with_pins_runs_a_constant_number_of_queries(
    client, tagged_pieces, django_assert_max_num_queries, count
):
    for article in tagged_pieces(count)[: count // 3 + 1]:
        Pin.objects.create(article=article)
    # Pinned pieces, their actors and authors; count, the rest, their actors
    # and authors; the section blocks, their actors and authors; the actors
    # in the news and how long to keep them; the cards' actors' weights; the
    # header's sections.
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


def test_editors_renumber_pins_in_the_list(client, client_for, editor, pieces):
    a = Pin.objects.create(article=pieces["a"], ordering=1)
    b = Pin.objects.create(article=pieces["b"], ordering=2)
    session = client_for(editor)
    page = session.get("/admin/articles/pin/").content.decode()
    assert '<td class="field-front">Home page</td>' in page
    response = session.post(
        "/admin/articles/pin/",
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(a.pk),
            "form-0-ordering": "5",
            "form-1-id": str(b.pk),
            "form-1-ordering": "1",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert headlines(client.get("/"))[:2] == ["b", "a"]


def test_reporters_do_not_pin(client_for, reporter, pieces):
    from django.urls import reverse

    pieces["a"].status = Status.DRAFT
    pieces["a"].save()
    session = client_for(reporter)
    change = reverse("admin:articles_article_change", args=[pieces["a"].pk])
    assert "pins-TOTAL_FORMS" not in session.get(change).content.decode()
    assert session.get("/admin/articles/pin/").status_code == 403
