from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Status

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("articles:preview", kwargs={"slug": article.slug})


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN])
def test_staff_preview_a_hidden_piece_as_readers_will_see_it(
    client, reporter, article_factory, entity_factory, status
):
    article = article_factory(
        headline="Embargoed scoop",
        status=status,
        entities=[entity_factory(name="Hamas")],
    )
    client.force_login(reporter)
    response = client.get(preview_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Embargoed scoop</h1>" in html
    assert 'href="/entities/hamas/"' in html
    assert 'class="preview-banner"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_the_reader_page_has_no_preview_marks(client, published_article):
    html = client.get(published_article.get_absolute_url()).content.decode()
    assert "preview-banner" not in html
    assert "noindex" not in html


def test_preview_of_a_scheduled_piece_says_when_it_goes_public(
    client, editor, article_factory
):
    article = article_factory(publish_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)
    html = client.get(preview_url(article)).content.decode()
    assert "public from" in html


def test_a_staff_member_without_article_rights_gets_404(
    client, user_factory, article_factory
):
    client.force_login(user_factory(is_staff=True))
    assert (
        client.get(preview_url(article_factory(status=Status.DRAFT))).status_code == 404
    )


@pytest.mark.parametrize("actors", [1, 12])
def test_preview_query_count_is_constant(
    client,
    editor,
    article_factory,
    entity_factory,
    django_assert_max_num_queries,
    actors,
):
    article = article_factory(
        status=Status.DRAFT, entities=[entity_factory() for _ in range(actors)]
    )
    client.force_login(editor)
    # Session and user, then the piece and its actors and related coverage.
    with django_assert_max_num_queries(11):
        assert client.get(preview_url(article)).status_code == 200


def test_a_piece_scheduled_30_seconds_ahead_appears_on_time_with_nothing_run(
    client, editor, article_factory, entity_factory
):
    hamas = entity_factory(name="Hamas")
    article = article_factory(
        headline="Ceasefire announced", status=Status.DRAFT, entities=[hamas]
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        workflow.article_publish(
            article=article, by=editor, at=start + timedelta(seconds=30)
        )
        urls = [
            article.get_absolute_url(),
            f"/api/articles/{article.slug}",
        ]
        lists = ["/", hamas.get_absolute_url(), "/api/articles/"]
        assert [client.get(url).status_code for url in urls] == [404, 404]
        for url in lists:
            assert "Ceasefire announced" not in client.get(url).content.decode()
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        assert [client.get(url).status_code for url in urls] == [200, 200]
        for url in lists:
            assert "Ceasefire announced" in client.get(url).content.decode()


def test_a_withdrawn_piece_disappears_at_once(client, editor, published_article):
    assert client.get("/").content.decode().count(published_article.headline) == 1
    workflow.article_withdraw(article=published_article, by=editor)
    assert client.get(published_article.get_absolute_url()).status_code == 410
    assert published_article.headline not in client.get("/").content.decode()


def test_preview_of_an_undated_draft_shows_its_related_coverage(
    client, editor, article_factory, entity_factory
):
    hamas = entity_factory(name="Hamas")
    article_factory(headline="Earlier Hamas piece", entities=[hamas])
    draft = article_factory(status=Status.DRAFT, publish_at=None, entities=[hamas])
    client.force_login(editor)
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    assert "Earlier Hamas piece" in response.content.decode()
