from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from entities.models import Kind

pytestmark = pytest.mark.django_db

HIDDEN = [
    ("Zanzibar draft exclusive", Status.DRAFT, timedelta(hours=-2)),
    ("Quetzal piece awaiting review", Status.REVIEW, timedelta(hours=-2)),
    ("Wolverine story withdrawn", Status.WITHDRAWN, timedelta(hours=-2)),
    ("Xylophone scoop scheduled", Status.PUBLISHED, timedelta(minutes=5)),
]


@pytest.fixture
def newsroom(article_factory, entity_factory, author_factory):
    """Enough public pieces to paginate, and one hidden piece of each kind,
    corrected, by an author of public pieces and one who has none."""
    hamas = entity_factory(name="Hamas", kind=Kind.ORGANISATION)
    putin = entity_factory(name="Vladimir Putin", kind=Kind.PERSON)
    secret = entity_factory(name="Only Tagged On Hidden Pieces", kind=Kind.PLACE)
    dana = author_factory(name="Dana Levin", slug="dana-levin")
    unseen = author_factory(name="Only Writes Hidden Pieces")
    public = [
        article_factory(
            headline=f"Public piece {n}",
            publish_at=timezone.now() - timedelta(hours=n + 1),
            entities=[hamas, putin] if n % 2 else [hamas],
            byline="",
            authors=[dana],
        )
        for n in range(23)
    ]
    public[0].corrections.create(text="A public correction.")
    hidden = [
        article_factory(
            headline=headline,
            status=status,
            publish_at=timezone.now() + offset,
            entities=[hamas, putin, secret],
            byline="",
            authors=[dana, unseen],
        )
        for headline, status, offset in HIDDEN
    ]
    for piece in hidden:
        piece.corrections.create(text=f"Corrected {piece.slug}.")
    return public, hidden, secret


def test_crawling_the_reader_site_never_meets_a_non_public_piece(crawl, newsroom):
    public, hidden, secret = newsroom
    site = crawl(search_terms=["Zanzibar", "Quetzal", "Wolverine", "Xylophone"])
    # The crawl did reach every public piece and surface, paginated ones included.
    for article in public:
        assert article.get_absolute_url() in site.pages
        assert f"/api/articles/{article.slug}" in site.pages
    for url in [
        "/?page=2",
        "/entities/",
        "/entities/hamas/",
        "/api/entities/hamas",
        "/authors/",
        "/authors/dana-levin/",
        "/authors/dana-levin/?page=2",
        "/authors/dana-levin/feed/",
        "/authors/dana-levin/atom/",
        "/api/authors/dana-levin",
        "/corrections/",
        "/corrections/feed/",
        "/sitemap-authors.xml",
    ]:
        assert url in site.pages, url
    assert "/api/articles/?page=2" in site.pages
    assert site.leaks(public[0].headline), "the leak check finds what is there"
    needles = [a.headline for a in hidden] + [a.slug for a in hidden] + [secret.name]
    assert site.leaks(*needles, "Only Writes Hidden Pieces", "Corrected") == []


@pytest.mark.parametrize(("headline", "status", "offset"), HIDDEN)
def test_a_non_public_piece_answers_404_at_every_reader_url(
    client, user_factory, article_factory, headline, status, offset
):
    article = article_factory(
        headline=headline, status=status, publish_at=timezone.now() + offset
    )
    reader = user_factory(is_staff=False)
    urls = [
        article.get_absolute_url(),
        reverse("articles:preview", kwargs={"slug": article.slug}),
        f"/api/articles/{article.slug}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(reader)
    for url in urls:
        assert client.get(url).status_code == 404
