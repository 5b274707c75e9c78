import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction, CorrectionKind, Status
from articles.revisions import Snapshot, article_versions, snapshot_diff
from tests.admin_forms import change_form_data, post_a_new_correction

pytestmark = pytest.mark.django_db

JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CORRECTED_AT = datetime(2018, 1, 30, 9, 0, tzinfo=UTC)


def text(html: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def correct(article, at, text="Wrong day.", kind=CorrectionKind.CORRECTION):
    return Correction.objects.create(article=article, at=at, kind=kind, text=text)


@pytest.fixture
def corrected(article_factory):
    piece = article_factory(
        headline="Netanyahu meets Putin",
        publish_at=datetime(2018, 1, 29, 12, 0, tzinfo=UTC),
    )
    correct(piece, CORRECTED_AT, "The talks were on Monday, not Tuesday.")
    correct(
        piece,
        CORRECTED_AT + timedelta(days=1),
        "Adds the Kremlin's statement.",
        kind=CorrectionKind.UPDATE,
    )
    return piece


def test_readers_see_corrections_first_and_updates_last_with_their_dates(
    client, corrected
):
    html = client.get(corrected.get_absolute_url()).content.decode()
    html = html[html.index("<main") :]
    body = html.index('<div class="body">')
    correction = html.index("The talks were on Monday")
    update = html.index("Adds the Kremlin")
    assert correction < body < update
    page = text(html)
    assert (
        "Correction, 30 January 2018 : The talks were on Monday, not Tuesday." in page
    )
    assert "Update, 31 January 2018 : Adds the Kremlin's statement." in page
    assert "Updated 31 January 2018, 09:00 UTC" in page


def test_a_piece_without_corrections_says_nothing_of_them(client, article_factory):
    html = client.get(article_factory().get_absolute_url()).content.decode()
    assert "Updated" not in html
    assert 'class="correction"' not in html


def test_structured_data_carries_each_correction_as_a_correction_comment(
    client, corrected
):
    html = client.get(corrected.get_absolute_url()).content.decode()
    (data,) = [json.loads(block) for block in JSON_LD_RE.findall(html)]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "name": "Correction",
            "text": "The talks were on Monday, not Tuesday.",
            "datePublished": "2018-01-30T09:00:00+00:00",
        },
        {
            "@type": "CorrectionComment",
            "name": "Update",
            "text": "Adds the Kremlin's statement.",
            "datePublished": "2018-01-31T09:00:00+00:00",
        },
    ]


def test_the_corrections_page_lists_public_pieces_newest_correction_first(
    client, article_factory, corrected
):
    later = article_factory(headline="Hamas and Fatah sign")
    correct(later, CORRECTED_AT + timedelta(days=10), "Names the signatories.")
    draft = article_factory(headline="Secret draft", status=Status.DRAFT)
    correct(draft, CORRECTED_AT + timedelta(days=20), "Never seen.")
    article_factory(headline="Never corrected")
    page = client.get("/corrections/")
    assert [a.headline for a in page.context["articles"]] == [
        "Hamas and Fatah sign",
        "Netanyahu meets Putin",
    ]
    html = page.content.decode()
    assert "Secret draft" not in html and "Never seen" not in html
    assert "Never corrected" not in html
    # A piece's own corrections, newest first, each linked to its place.
    assert html.index("Adds the Kremlin") < html.index("The talks were on Monday")
    update = corrected.corrections.get(kind=CorrectionKind.UPDATE)
    assert f'href="{corrected.get_absolute_url()}#correction-{update.pk}"' in html
    assert (
        f'id="correction-{update.pk}"'
        in client.get(corrected.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("url", ["/corrections/feed/", "/corrections/atom/"])
def test_the_corrections_feeds_carry_public_corrections_newest_first(
    client, article_factory, corrected, url
):
    draft = article_factory(headline="Secret draft", status=Status.DRAFT)
    correct(draft, CORRECTED_AT + timedelta(days=20), "Never seen.")
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == [
        "Update: Netanyahu meets Putin",
        "Correction: Netanyahu meets Putin",
    ]
    first = corrected.corrections.order_by("-at").first()
    assert feed.entries[0].id == f"tag:newsroom.example,2026:correction:{first.pk}"
    assert feed.entries[0].summary == "Adds the Kremlin's statement."
    assert b"Never seen" not in response.content


def test_an_editor_corrects_a_published_piece_from_its_admin_page(
    client, client_for, editor, published_article
):
    before = Article.objects.get().modified_at
    session = client_for(editor)
    response = post_a_new_correction(
        session, published_article, "The talks were on Monday."
    )
    assert response.status_code == 302
    (correction,) = Correction.objects.all()
    assert (correction.text, correction.at) == (
        "The talks were on Monday.",
        CORRECTED_AT,
    )
    # The piece changed for readers: its modification time and feed entry say so.
    assert Article.objects.get().modified_at > before
    html = client.get(published_article.get_absolute_url()).content.decode()
    (data,) = [json.loads(block) for block in JSON_LD_RE.findall(html)]
    assert data["dateModified"] == Article.objects.get().modified_at.isoformat()
    assert data["correction"][0]["text"] == "The talks were on Monday."
    atom = feedparser.parse(client.get("/feeds/latest/atom/").content)
    assert (
        atom.entries[0].updated_parsed[:6]
        == (Article.objects.get().modified_at.utctimetuple()[:6])
    )
    # ... and its history keeps the revision that added it.
    latest = article_versions(published_article).first().revision
    assert "The talks were on Monday." in latest.comment
    snapshot = Snapshot.from_revision(revision=latest, article_id=published_article.pk)
    assert snapshot.corrections == (
        "Correction, 30 Jan 2018, 09:00 UTC: The talks were on Monday.",
    )
    history = session.get(
        reverse("admin:articles_article_history", args=[published_article.pk])
    )
    assert "The talks were on Monday." in history.content.decode()


def test_editing_or_deleting_a_correction_is_kept_in_the_history(
    client_for, editor, published_article
):
    session = client_for(editor)
    post_a_new_correction(session, published_article, "First wording.")
    change = reverse("admin:articles_article_change", args=[published_article.pk])
    page = session.get(change)
    assert (
        session.post(
            change, change_form_data(page, **{"corrections-0-text": "Second wording."})
        ).status_code
        == 302
    )
    page = session.get(change)
    assert (
        session.post(
            change, change_form_data(page, **{"corrections-0-DELETE": "on"})
        ).status_code
        == 302
    )
    assert not Correction.objects.exists()
    deleted, edited, added = [
        Snapshot.from_revision(revision=v.revision, article_id=published_article.pk)
        for v in list(article_versions(published_article))[:3]
    ]
    assert [len(s.corrections) for s in (added, edited, deleted)] == [1, 1, 0]
    assert added.corrections[0].endswith("First wording.")
    assert edited.corrections[0].endswith("Second wording.")
    diff = snapshot_diff(added, deleted)
    assert [change.label for change in diff.changes] == ["Corrections"]
    assert "<del>" in diff.changes[0].diff and "First" in diff.changes[0].diff


def test_a_reporter_cannot_add_edit_or_remove_a_correction(
    client_for, reporter, article_factory
):
    draft = article_factory(status=Status.DRAFT, publish_at=None)
    kept = correct(draft, CORRECTED_AT, "Kept as it is.")
    session = client_for(reporter)
    change = reverse("admin:articles_article_change", args=[draft.pk])
    page = session.get(change)
    html = page.content.decode()
    assert "Kept as it is." in html, "reporters see the corrections"
    assert 'name="corrections-0-text"' not in html, "but cannot edit them"
    data = change_form_data(
        page,
        headline="Edited by the reporter",
        **{
            "corrections-TOTAL_FORMS": "2",
            "corrections-INITIAL_FORMS": "1",
            "pins-TOTAL_FORMS": "0",
            "pins-INITIAL_FORMS": "0",
            "corrections-0-id": str(kept.pk),
            "corrections-0-article": str(draft.pk),
            "corrections-0-text": "Quietly rewritten.",
            "corrections-0-DELETE": "on",
            "corrections-1-at_0": "2018-01-30",
            "corrections-1-at_1": "09:00:00",
            "corrections-1-kind": "correction",
            "corrections-1-text": "Added by a reporter.",
        },
    )
    # The piece is saved; the correction rows posted with it are not.
    assert session.post(change, data).status_code == 302
    assert Article.objects.get().headline == "Edited by the reporter"
    assert list(Correction.objects.values_list("text", flat=True)) == ["Kept as it is."]


def test_restoring_a_revision_never_takes_a_correction_back(editor, article_factory):
    piece = article_factory(headline="First headline")
    workflow.article_save(article=piece, by=editor)
    first = article_versions(piece).get().revision
    correct(piece, timezone.now(), "Corrected after the first save.")
    piece.headline = "Second headline"
    workflow.article_save(article=piece, by=editor)
    workflow.article_restore(article=piece, revision=first, by=editor)
    assert Article.objects.get().headline == "First headline"
    assert list(Correction.objects.values_list("text", flat=True)) == [
        "Corrected after the first save."
    ]
