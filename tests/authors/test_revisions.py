import pytest

from articles import workflow
from articles.models import Article, ArticleAuthor
from articles.revisions import Snapshot, article_versions, snapshot_diff

pytestmark = pytest.mark.django_db


def recredit(article, *authors):
    article.author_links.all().delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=a, order=n) for n, a in enumerate(authors)
    )


def test_a_revision_keeps_the_authors_in_order_and_restoring_brings_them_back(
    editor, article_factory, author_factory
):
    elena, karim, dana = (
        author_factory(name=name) for name in ["Elena", "Karim", "Dana"]
    )
    piece = article_factory(byline="", authors=[elena, karim])
    workflow.article_save(article=piece, by=editor)
    first = article_versions(piece).get().revision
    recredit(piece, dana, elena)
    workflow.article_save(article=piece, by=editor)
    second = article_versions(piece).first().revision

    old = Snapshot.from_revision(revision=first, article_id=piece.pk)
    new = Snapshot.from_revision(revision=second, article_id=piece.pk)
    assert [name for _, name in old.authors] == ["Elena", "Karim"]
    assert [name for _, name in new.authors] == ["Dana", "Elena"]
    (change,) = snapshot_diff(old, new).changes
    assert change.label == "Authors"
    assert "<ins>Dana" in change.diff and "<del>" in change.diff

    karim.delete()
    workflow.article_restore(article=piece, revision=first, by=editor)
    assert Article.objects.get().authors == [elena]
    latest = article_versions(piece).first().revision
    restored = Snapshot.from_revision(revision=latest, article_id=piece.pk)
    assert [name for _, name in restored.authors] == ["Elena"]
    # The history still names the author deleted since.
    again = Snapshot.from_revision(revision=first, article_id=piece.pk)
    assert [name for _, name in again.authors] == ["Elena", "Karim (deleted)"]
