"""The issue's acceptance lines, as a reader and an editor meet them."""

import json
import re

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article
from articles.revisions import Snapshot, article_versions
from tests.admin_forms import post_a_new_correction
from tests.articles.test_import_export import run, write_jsonl

pytestmark = pytest.mark.django_db

JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def imported(tmp_path):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "slug": "netanyahu-meets-putin",
                "headline": "Netanyahu meets Putin in Moscow",
                "status": "published",
                "publish_at": "2018-01-29T12:00:00+00:00",
                "authors": ["Elena Sokolova", "Karim Haddad"],
            },
            {
                "slug": "unpublished-scoop",
                "headline": "Unpublished scoop",
                "status": "draft",
                "authors": ["Elena Sokolova"],
            },
        ],
    )
    run("import_articles", str(path))
    return Article.objects.get(slug="netanyahu-meets-putin")


def test_a_piece_by_two_authors_credits_and_links_both_everywhere(client, imported):
    html = client.get(imported.get_absolute_url()).content.decode()
    assert (
        'By <a href="/authors/elena-sokolova/" rel="author">Elena Sokolova</a> and '
        '<a href="/authors/karim-haddad/" rel="author">Karim Haddad</a>'
    ) in html
    for slug in ["elena-sokolova", "karim-haddad"]:
        page = client.get(f"/authors/{slug}/").content.decode()
        assert "Netanyahu meets Putin in Moscow" in page
    (data,) = [json.loads(block) for block in JSON_LD_RE.findall(html)]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Elena Sokolova",
            "url": "http://testserver/authors/elena-sokolova/",
        },
        {
            "@type": "Person",
            "name": "Karim Haddad",
            "url": "http://testserver/authors/karim-haddad/",
        },
    ]


def test_a_draft_by_the_author_shows_nowhere_of_theirs(client, imported):
    for url in [
        "/authors/elena-sokolova/",
        "/authors/elena-sokolova/feed/",
        "/authors/elena-sokolova/atom/",
        "/authors/",
        "/api/authors/elena-sokolova",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert b"Unpublished scoop" not in response.content, url
        assert b"unpublished-scoop" not in response.content, url
    page = client.get("/authors/elena-sokolova/")
    assert page.context["paginator"].count == 1
    assert client.get("/api/authors/elena-sokolova").json()["article_count"] == 1
    assert [
        (a.name, a.article_count) for a in client.get("/authors/").context["authors"]
    ] == [("Elena Sokolova", 1), ("Karim Haddad", 1)]
    feed = feedparser.parse(client.get("/authors/elena-sokolova/feed/").content)
    assert [e.title for e in feed.entries] == ["Netanyahu meets Putin in Moscow"]


def test_a_correction_added_shows_on_the_piece_its_data_the_archive_and_history(
    client, client_for, editor, imported, article_factory
):
    article_factory(headline="Corrected long ago").corrections.create(
        at="2018-01-01T00:00:00+00:00", text="An older correction."
    )
    session = client_for(editor)
    response = post_a_new_correction(session, imported, "The talks were on Monday.")
    assert response.status_code == 302

    html = client.get(imported.get_absolute_url()).content.decode()
    assert (
        '<strong>Correction, <time datetime="2018-01-30T09:00:00+00:00">'
        "30 January 2018</time>:</strong> The talks were on Monday."
    ) in html
    (data,) = [json.loads(block) for block in JSON_LD_RE.findall(html)]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "name": "Correction",
            "text": "The talks were on Monday.",
            "datePublished": "2018-01-30T09:00:00+00:00",
        }
    ]
    archive = client.get("/corrections/")
    assert [a.headline for a in archive.context["articles"]] == [
        "Netanyahu meets Putin in Moscow",
        "Corrected long ago",
    ]
    latest = article_versions(imported).first().revision
    assert latest.user == editor
    assert Snapshot.from_revision(
        revision=latest, article_id=imported.pk
    ).corrections == ("Correction, 30 Jan 2018, 09:00 UTC: The talks were on Monday.",)
    history = session.get(reverse("admin:articles_article_history", args=[imported.pk]))
    assert "The talks were on Monday." in history.content.decode()
