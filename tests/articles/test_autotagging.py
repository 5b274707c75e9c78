import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.autotagging import articles_autotag
from articles.models import Article, ArticleEntity
from entities.models import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabulary(entity_factory, alias_factory):
    actors = {
        "hamas": entity_factory(name="Hamas"),
        "hezbollah": entity_factory(name="Hezbollah"),
        "iran": entity_factory(name="Iran", kind=Kind.COUNTRY),
        "georgia": entity_factory(name="Georgia", kind=Kind.COUNTRY),
        "georgia-2": entity_factory(name="Georgia", kind=Kind.PERSON),
        "netanyahu": entity_factory(name="Benjamin Netanyahu", kind=Kind.PERSON),
    }
    alias_factory(entity=actors["hezbollah"], name="Hizbollah")
    alias_factory(entity=actors["netanyahu"], name="Bibi")
    return actors


def run(*args):
    out = StringIO()
    call_command("autotag", *args, stdout=out)
    return out.getvalue()


def test_autotag_lists_missing_tags_with_matched_text_and_count(
    vocabulary, article_factory
):
    article = article_factory(
        slug="talks",
        headline="Bibi meets Hizbollah envoy",
        standfirst="Iran's role in Tirana talks",
        body="Hezbollah and Hamas; Hamasaki. Talks in Georgia.",
        entities=[vocabulary["hamas"]],
    )
    output = run()
    assert "talks:" in output
    assert "+ Hezbollah (hezbollah) — “Hizbollah” ×1, “Hezbollah” ×1" in output
    assert "+ Benjamin Netanyahu (benjamin-netanyahu) — “Bibi” ×1" in output
    assert "+ Iran (iran) — “Iran” ×1" in output
    assert (
        "? choose: Georgia (country, georgia) or Georgia (person, georgia-2)" in output
    )
    assert "Hamas (" not in output
    assert list(article.entities.all()) == [vocabulary["hamas"]]


def test_apply_adds_unambiguous_tags_only(vocabulary, article_factory):
    article = article_factory(
        slug="talks", headline="Hamas and Iran", body="Then Georgia, and Hamas again."
    )
    other = article_factory(slug="other", headline="Hezbollah", body="")
    output = run("--apply", "--article", "talks")
    assert "+ added Hamas" in output
    assert sorted(e.slug for e in article.entities.all()) == ["hamas", "iran"]
    assert not other.entities.exists()
    assert "1 articles with suggestions, 2 tags added." in output


def test_ambiguous_name_is_not_suggested_once_one_of_its_actors_is_tagged(
    vocabulary, article_factory
):
    article_factory(headline="Georgia votes", entities=[vocabulary["georgia"]])
    assert articles_autotag(articles=Article.objects.all()) == []


def test_unknown_article_slug_is_an_error(vocabulary):
    with pytest.raises(CommandError, match="No article with slug nope"):
        run("--article", "nope")


@pytest.mark.parametrize("size", [3, 30])
def test_apply_runs_a_bounded_number_of_queries(
    vocabulary, article_factory, django_assert_max_num_queries, size, settings
):
    # Related coverage is refreshed piece by piece, so it is left to
    # rebuild_related here (the pieces' lists are only dropped, in two
    # statements) to count the tagging alone.
    settings.RELATED_REFRESH_MAX = 0
    for n in range(size):
        article_factory(headline=f"Hamas, Iran and Hezbollah {n}", body="Bibi spoke.")
    articles = list(Article.objects.all())
    with django_assert_max_num_queries(11):
        articles_autotag(articles=articles, apply=True)
    assert ArticleEntity.objects.count() == size * 4


def test_import_with_autotag_tags_in_the_same_transaction(tmp_path, vocabulary):
    path = tmp_path / "pieces.jsonl"
    lines = [
        {"slug": "one", "headline": "Hamas and Georgia", "entities": ["Iran"]},
        {"slug": "two", "headline": "Hizbollah statement"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = StringIO()
    call_command("import_articles", str(path), "--autotag", stdout=out)
    assert "2 tags added by autotag, 1 ambiguous names left to choose" in out.getvalue()
    one = Article.objects.get(slug="one")
    assert sorted(e.slug for e in one.entities.all()) == ["hamas", "iran"]
    assert [e.slug for e in Article.objects.get(slug="two").entities.all()] == [
        "hezbollah"
    ]


def test_import_with_autotag_writes_nothing_of_a_bad_file(tmp_path, vocabulary):
    path = tmp_path / "pieces.jsonl"
    path.write_text('{"slug": "one", "headline": "Hamas"}\n{"headline": 3}\n')
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), "--autotag", stdout=StringIO())
    assert not Article.objects.exists()
    assert not ArticleEntity.objects.exists()


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def test_change_page_offers_suggestions_added_in_one_click(
    editor_client, vocabulary, article_factory
):
    article = article_factory(headline="Hamas and Georgia", body="Hamas again.")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    html = editor_client.get(change_url).content.decode()
    assert "Actors named in this piece but not tagged" in html
    assert "“Hamas” ×2" in html
    assert "Add Georgia (country)" in html
    assert "Add Georgia (person)" in html

    add_url = reverse("admin:articles_article_autotag", args=[article.pk])
    response = editor_client.post(add_url, {"entity": vocabulary["georgia-2"].pk})
    assert response.headers["Location"] == change_url
    assert list(article.entities.all()) == [vocabulary["georgia-2"]]
    html = editor_client.get(change_url).content.decode()
    assert "Add Georgia (country)" not in html
    assert "Tagged with Georgia." in html


def test_adding_a_suggestion_needs_post_csrf_and_permission(
    client, django_user_model, vocabulary, article_factory
):
    from django.contrib.auth.models import Permission
    from django.test import Client

    article = article_factory(headline="Hamas")
    add_url = reverse("admin:articles_article_autotag", args=[article.pk])
    viewer = django_user_model.objects.create_user("v", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.post(add_url, {"entity": vocabulary["hamas"].pk}).status_code == 403

    editor = django_user_model.objects.create_superuser("e", "e@example.org", "pw")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(add_url, {"entity": vocabulary["hamas"].pk}).status_code == 403
    client.force_login(editor)
    assert client.get(add_url).status_code == 405
    response = client.post(add_url, {"entity": "999999"}, follow=True)
    assert "Choose an existing actor." in response.content.decode()
    assert not article.entities.exists()


def test_a_shared_name_is_settled_by_an_unambiguous_mention(
    vocabulary, alias_factory, article_factory
):
    alias_factory(entity=vocabulary["georgia"], name="Republic of Georgia")
    article_factory(headline="Republic of Georgia votes", body="Georgia decides.")
    [result] = articles_autotag(articles=Article.objects.all())
    assert [s.entity.slug for s in result.suggestions] == ["georgia"]
    assert result.choices == []
