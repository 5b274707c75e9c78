import pytest
from django.urls import reverse

from articles.models import Article
from entities.models import Entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def test_article_admin_pages_render_with_one_actors_field(
    editor_client, published_article
):
    changelist = editor_client.get(reverse("admin:articles_article_changelist"))
    assert changelist.status_code == 200
    assert "Hamas and Hezbollah restore ties" in changelist.content.decode()
    change = editor_client.get(
        reverse("admin:articles_article_change", args=[published_article.pk])
    )
    html = change.content.decode()
    assert change.status_code == 200
    assert "admin-autocomplete" in html
    assert "entity_links-TOTAL_FORMS" not in html
    chosen = change.context["adminform"].form["actors"]
    assert sorted(chosen.value()) == sorted(
        published_article.entity_links.values_list("tag_id", flat=True)
    )
    assert "Hamas — " in str(chosen)


def test_admin_search_finds_articles_by_actor(
    editor_client, published_article, article_factory
):
    article_factory(headline="Unrelated")
    response = editor_client.get(
        reverse("admin:articles_article_changelist"), {"q": "Hezbollah"}
    )
    assert list(response.context["cl"].result_list) == [published_article]


def test_article_is_created_with_its_actors(editor_client, entity_factory):
    hamas = entity_factory(name="Hamas")
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Hamas names a new leader",
            "slug": "",
            "standfirst": "",
            "body": "Text.",
            "byline": "",
            "section": "",
            "status": "draft",
            "publish_at_0": "",
            "publish_at_1": "",
            "author_links-TOTAL_FORMS": "0",
            "author_links-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "pins-TOTAL_FORMS": "0",
            "pins-INITIAL_FORMS": "0",
            "actors": [str(hamas.pk)],
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "hamas-names-a-new-leader"
    assert list(article.entities.all()) == [hamas]


def test_actor_autocomplete_finds_by_name_and_shows_the_kind(
    editor_client, entity_factory
):
    entity_factory(name="Hezbollah", kind="organisation")
    entity_factory(name="Hamas", kind="organisation")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "hez",
            "app_label": "articles",
            "model_name": "articleentity",
            "field_name": "tag",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == [
        "Hezbollah — organisation"
    ]


def test_entity_admin_refuses_a_case_duplicate_with_a_field_error(
    editor_client, entity_factory
):
    entity_factory(name="NATO", kind="organisation")
    response = editor_client.post(
        reverse("admin:entities_entity_add"),
        {
            "name": "Nato",
            "slug": "",
            "kind": "organisation",
            "description": "",
            "wikidata_id": "",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "“NATO” already exists as organisation."
    ]
    assert Entity.objects.count() == 1


def test_entity_admin_refuses_the_same_alias_twice(editor_client):
    response = editor_client.post(
        reverse("admin:entities_entity_add"),
        {
            "name": "Hezbollah",
            "slug": "",
            "kind": "organisation",
            "description": "",
            "wikidata_id": "",
            "aliases-TOTAL_FORMS": "2",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Hizbollah",
            "aliases-1-name": "HIZBOLLAH",
        },
    )
    assert response.status_code == 200
    assert "The same alias is given twice." in response.content.decode()
    assert not Entity.objects.exists()
