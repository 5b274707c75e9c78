"""Every piece has a language: a BCP 47 tag, the site's by default."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article
from newsroom.languages import language_direction, language_normalize
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def test_a_piece_that_names_no_language_has_the_sites(settings, article_factory):
    settings.NEWSROOM_LANGUAGE = "de"
    assert article_factory().language == "de"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("EN", "en"), ("pt-br", "pt-BR"), ("zh_hant", "zh-Hant"), (" ar ", "ar")],
)
def test_tags_are_kept_in_their_conventional_case(typed, kept):
    assert language_normalize(typed) == kept


@pytest.mark.parametrize("tag", ["english", "e", "en--GB", "12", "fr-"])
def test_what_is_not_a_language_tag_is_refused(article_factory, tag):
    piece = article_factory()
    piece.language = tag
    with pytest.raises(ValidationError, match="not a language tag"):
        piece.full_clean()


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("he-IL", "rtl"), ("fa", "rtl"), ("en", "ltr"), ("ru", "ltr")],
)
def test_scripts_that_run_right_to_left_are_known(tag, direction):
    assert language_direction(tag) == direction


def test_an_editor_chooses_the_language_on_the_article_form(
    client_for, editor, article_factory
):
    piece = article_factory(headline="Entscheidung in Berlin")
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[piece.pk])
    page = session.get(change)
    response = session.post(change, change_form_data(page, language="de-at"))
    assert response.status_code == 302
    assert Article.objects.get(pk=piece.pk).language == "de-AT"


def test_the_form_says_what_is_wrong_with_a_language_tag(
    client_for, editor, article_factory
):
    piece = article_factory()
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[piece.pk])
    page = session.get(change)
    response = session.post(change, change_form_data(page, language="German"))
    assert response.status_code == 200
    assert "is not a language tag" in response.content.decode()
    assert Article.objects.get(pk=piece.pk).language == "en"


def test_a_language_left_empty_on_the_form_is_the_sites(
    client_for, editor, article_factory, settings
):
    settings.NEWSROOM_LANGUAGE = "fr"
    piece = article_factory(language="de")
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[piece.pk])
    page = session.get(change)
    assert session.post(change, change_form_data(page, language="")).status_code == 302
    assert Article.objects.get(pk=piece.pk).language == "fr"
