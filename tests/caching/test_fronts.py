"""Pins show, and go, on the very next request, stored pages or not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.fronts import Pin

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def first_card(html: str) -> str:
    return html[html.index('class="card-headline"') :][:200]


def test_a_withdrawn_pinned_piece_is_gone_on_the_next_request(
    stored, client, committed, editor, article_factory
):
    pinned = article_factory(headline="Pinned story", slug="pinned")
    article_factory(headline="Newest story")
    Pin.objects.create(article=pinned)
    html = stored(HOME)
    assert "Pinned story" in first_card(html)
    assert html.count("Pinned story") == 1
    with committed():
        workflow.article_withdraw(article=pinned, by=editor)
    assert "Pinned story" not in client.get(HOME).content.decode()


def test_pinning_and_unpinning_in_the_admin_show_at_once(
    stored, client, client_for, committed, editor, article_factory
):
    article_factory(headline="Newest story")
    older = article_factory(
        headline="Older story", publish_at=timezone.now() - timedelta(days=2)
    )
    assert "Newest story" in first_card(stored(HOME))
    desk = client_for(editor)
    with committed():
        response = desk.post(
            reverse("admin:articles_pin_add"),
            {"article": older.pk, "section": "", "ordering": "0"},
        )
    assert response.status_code == 302
    assert "Older story" in first_card(client.get(HOME).content.decode())
    pin = Pin.objects.get()
    with committed():
        desk.post(reverse("admin:articles_pin_delete", args=[pin.pk]), {"post": "yes"})
    assert not Pin.objects.exists()
    assert "Newest story" in first_card(client.get(HOME).content.decode())
