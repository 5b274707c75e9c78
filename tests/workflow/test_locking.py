import pytest
from django.core.management import call_command

from articles import workflow
from articles.models import Article, EditConflict
from articles.roles import EDITORS

pytestmark = pytest.mark.django_db


def test_second_save_from_the_same_version_is_refused_and_the_first_kept(
    published_article, editor, user_factory
):
    other = user_factory(
        username="olga", first_name="Olga", last_name="Ortiz", groups=[EDITORS]
    )
    mine = Article.objects.get(pk=published_article.pk)
    theirs = Article.objects.get(pk=published_article.pk)
    theirs.headline = "Their headline"
    workflow.article_save(article=theirs, by=other)
    mine.body = "My body"
    with pytest.raises(EditConflict) as refused:
        workflow.article_save(article=mine, by=editor)
    stored = Article.objects.get()
    assert (stored.headline, stored.body, stored.version) == (
        "Their headline",
        "First paragraph.\n\nSecond paragraph.",
        2,
    )
    assert refused.value.saved_by == "Olga Ortiz"
    assert "Olga Ortiz saved this piece" in str(refused.value)
    assert "you started from version 1, it is now version 2" in str(refused.value)


def test_plain_model_saves_are_version_checked_too(published_article):
    stale = Article.objects.get(pk=published_article.pk)
    published_article.save()
    published_article.save()
    assert published_article.version == 3
    with pytest.raises(EditConflict, match="someone else saved"):
        stale.save()


def test_a_save_from_the_latest_version_goes_through(published_article, editor):
    for headline in ["One", "Two"]:
        published_article.headline = headline
        workflow.article_save(article=published_article, by=editor)
    assert Article.objects.get().headline == "Two"
    assert published_article.version == 3


def test_an_import_moves_the_version_on_so_an_open_copy_is_refused(
    published_article, tmp_path
):
    opened = Article.objects.get(pk=published_article.pk)
    source = tmp_path / "update.jsonl"
    source.write_text(
        f'{{"slug": "{published_article.slug}", "headline": "Imported"}}\n'
    )
    call_command("import_articles", str(source), stdout=None)
    opened.headline = "Edited in an old form"
    with pytest.raises(EditConflict):
        opened.save()
    assert Article.objects.get().headline == "Imported"
