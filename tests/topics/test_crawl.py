from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status

pytestmark = pytest.mark.django_db


def test_crawling_topics_never_meets_a_draft_topic_or_a_hidden_piece(
    crawl, actors, article_factory, topic_factory
):
    a = actors
    public = [
        article_factory(
            headline=f"Axis piece {n}",
            publish_at=timezone.now() - timedelta(hours=n + 1),
            entities=[a["Hamas"], a["Iran"]] if n % 2 else [a["Hamas"], a["Hezbollah"]],
        )
        for n in range(23)
    ]
    hidden = [
        article_factory(
            headline="Zanzibar draft",
            status=Status.DRAFT,
            entities=[a["Hamas"], a["Iran"]],
        ),
        article_factory(
            headline="Xylophone scheduled",
            publish_at=timezone.now() + timedelta(minutes=5),
            entities=[a["Hamas"], a["Iran"]],
        ),
    ]
    topic_factory(
        slug="axis",
        all_of=[a["Hamas"]],
        any_of=[a["Hezbollah"], a["Iran"]],
        pinned=hidden,
    )
    topic_factory(
        slug="quetzal-topic",
        title="Quetzal draft topic",
        status=Status.DRAFT,
        all_of=[a["Hamas"]],
    )
    site = crawl("/api/topics/")
    for url in [
        "/topics/",
        "/topics/axis/",
        "/topics/axis/?page=2",
        "/topics/axis/?order=newest",
        "/topics/axis/?order=newest&page=2",
        "/topics/axis/feed/",
        "/topics/axis/atom/",
        "/api/topics/axis",
        "/sitemap-topics.xml",
    ]:
        assert url in site.pages, url
    for article in public:
        assert article.get_absolute_url() in site.pages
    assert site.leaks(public[0].headline)
    assert site.leaks("Zanzibar", "Xylophone", "Quetzal", "quetzal-topic") == []
