from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Status

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_headline_and_stays_unique(article_factory):
    first = article_factory(headline="Hamas and Fatah meet in Cairo")
    second = article_factory(headline="Hamas and Fatah meet in Cairo")
    assert first.slug == "hamas-and-fatah-meet-in-cairo"
    assert second.slug == "hamas-and-fatah-meet-in-cairo-2"


@pytest.mark.parametrize(
    ("status", "offset", "public"),
    [
        (Status.PUBLISHED, timedelta(minutes=-1), True),
        (Status.PUBLISHED, timedelta(minutes=5), False),
        (Status.DRAFT, timedelta(minutes=-1), False),
        (Status.REVIEW, timedelta(minutes=-1), False),
        (Status.WITHDRAWN, timedelta(minutes=-1), False),
    ],
)
def test_public_exactly_when_published_and_its_time_has_come(
    article_factory, status, offset, public
):
    article = article_factory(status=status, publish_at=timezone.now() + offset)
    assert (article in Article.objects.published()) is public
    assert article.is_public is public


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("offset", [timedelta(minutes=-1), timedelta(minutes=5), None])
def test_the_python_twins_of_the_public_rule_agree_with_the_query(
    article_factory, status, offset
):
    article = article_factory(status=status)
    # Written past save(), which would stamp a published piece with a time.
    Article.objects.filter(pk=article.pk).update(
        publish_at=offset and timezone.now() + offset
    )
    article.refresh_from_db()
    pieces = Article.objects.filter(pk=article.pk)
    assert article.is_public is pieces.published().exists()
    assert article.is_scheduled is pieces.scheduled().exists()
    assert not (article.is_public and article.is_scheduled)


def test_overdue_pieces_are_unpublished_ones_whose_time_has_passed(article_factory):
    past, future = timezone.now() - timedelta(hours=1), timezone.now() + timedelta(1)
    overdue = article_factory(status=Status.REVIEW, publish_at=past)
    article_factory(status=Status.DRAFT, publish_at=future)
    article_factory(status=Status.PUBLISHED, publish_at=past)
    article_factory(status=Status.WITHDRAWN, publish_at=past)
    assert list(Article.objects.overdue()) == [overdue]


def test_scheduled_piece_becomes_public_when_its_time_comes(article_factory):
    article = article_factory(publish_at=timezone.now() + timedelta(seconds=30))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_time_publishes_now(article_factory):
    before = timezone.now()
    article = article_factory(status=Status.PUBLISHED, publish_at=None)
    assert before <= article.publish_at <= timezone.now()
    assert article.first_published_at == article.publish_at


def test_first_published_time_survives_a_later_publish_time(article_factory):
    article = article_factory(status=Status.PUBLISHED)
    first = article.first_published_at
    article.publish_at = timezone.now()
    article.save()
    article.refresh_from_db()
    assert article.first_published_at == first


def test_draft_has_no_publication_times(article_factory):
    article = article_factory(status=Status.DRAFT, publish_at=None)
    assert article.publish_at is None
    assert article.first_published_at is None


def test_body_markdown_is_rendered_and_sanitized(article_factory):
    article = article_factory(
        body="Para **one**.\n\n<script>alert(1)</script>\n\n"
        "[link](javascript:alert(1)) "
        '<img src=x onerror="alert(1)">\n\n[safe](https://example.org)'
    )
    html = article.body_html
    assert "<p>Para <strong>one</strong>.</p>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert (
        '<a href="https://example.org" rel="noopener noreferrer nofollow">safe</a>'
        in html
    )


def test_entities_are_linked_through_a_real_foreign_key(published_article):
    names = sorted(published_article.entities.names())
    assert names == ["Hamas", "Hezbollah"]
    link = published_article.entity_links.first()
    assert link.content_object == published_article
