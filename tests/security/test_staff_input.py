"""Malformed staff input answers 400, Django's invalid-lookup redirect or a
form error, never a server error: whatever a garbled link or a hand-made POST
holds, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article
from articles.revisions import article_versions
from entities.models import Entity
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:articles_article_changelist")
NOT_A_KEY = ["abc", "\x00", "99999999999999999999999"]


@pytest.mark.parametrize(
    "query",
    [
        {"section": "\x00"},
        {"q": "Hamas\x00"},
        {"status__exact": "a\x00b"},
        {"\x00": "1"},
    ],
)
def test_a_nul_in_a_list_parameter_is_a_bad_request(
    staff_client, published_article, query
):
    assert staff_client.get(ARTICLES, query).status_code == 400


def test_a_nul_in_an_autocomplete_term_is_a_bad_request(
    staff_client, published_article
):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "\x00",
            "app_label": "articles",
            "model_name": "articleentity",
            "field_name": "tag",
        },
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"publish_at__year": "99999999999"},
        {"publish_at__year": "9999"},
        {"publish_at__year": "9999", "publish_at__month": "12"},
        {
            "publish_at__year": "9999",
            "publish_at__month": "12",
            "publish_at__day": "31",
        },
    ],
)
def test_a_date_hierarchy_out_of_range_is_an_invalid_lookup(
    staff_client, published_article, query
):
    """As Django answers a month 13: the list, unfiltered, at `?e=1`."""
    response = staff_client.get(ARTICLES, query)
    assert response.status_code == 302
    assert response["Location"] == f"{ARTICLES}?e=1"
    assert staff_client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("opened", ["abc", "\x00", "", "-1"])
def test_restoring_without_a_readable_version_is_a_bad_request(
    staff_client, editor, published_article, opened
):
    workflow.article_save(article=published_article, by=editor)
    revision = article_versions(published_article).get().revision_id
    response = staff_client.post(
        reverse(
            "admin:articles_article_restore", args=[published_article.pk, revision]
        ),
        {"base_version": opened},
    )
    assert response.status_code == 400
    assert Article.objects.get().version == published_article.version


@pytest.mark.parametrize("target", NOT_A_KEY)
def test_merging_into_no_actor_is_a_form_error(staff_client, entity_factory, target):
    source = entity_factory(name="Hizbollah")
    response = staff_client.post(
        reverse("admin:entities_entity_merge", args=[source.pk]), {"target": target}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target"]
    assert Entity.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("tag", NOT_A_KEY)
def test_tagging_no_actor_in_the_change_form_is_a_form_error(
    staff_client, published_article, tag
):
    url = reverse("admin:articles_article_change", args=[published_article.pk])
    page = staff_client.get(url)
    data = change_form_data(page)
    response = staff_client.post(url, {**data, "actors": [*data["actors"], tag]})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["actors"]
    assert Article.objects.get().version == published_article.version


@pytest.mark.parametrize("ticked", NOT_A_KEY)
def test_an_action_on_no_row_is_a_bad_request(staff_client, published_article, ticked):
    response = staff_client.post(
        ARTICLES, {"action": "withdraw", "_selected_action": [ticked]}
    )
    assert response.status_code == 400
    assert Article.objects.get().status == published_article.status


@pytest.mark.parametrize("author", NOT_A_KEY)
def test_crediting_no_author_in_the_change_form_is_a_form_error(
    staff_client, published_article, author
):
    url = reverse("admin:articles_article_change", args=[published_article.pk])
    data = change_form_data(staff_client.get(url), **{"author_links-0-author": author})
    response = staff_client.post(url, data)
    assert response.status_code == 200
    credits, *_ = response.context["inline_admin_formsets"]
    assert credits.formset.errors[0]["author"]
    assert Article.objects.get().version == published_article.version


@pytest.mark.parametrize("user", NOT_A_KEY)
def test_linking_no_account_to_an_author_is_a_form_error(
    staff_client, author_factory, user
):
    author = author_factory()
    url = reverse("admin:authors_author_change", args=[author.pk])
    response = staff_client.post(
        url, change_form_data(staff_client.get(url), user=user)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"]
