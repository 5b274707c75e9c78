import json
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.autotagging import articles_autotag
from articles.models import Article, ArticleEntity
from articles.revisions import Snapshot, article_versions
from entities.models import Kind
from tests.admin_forms import change_form_data

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
    # Related coverage is refreshed piece by piece, so it is left to the
    # background tasks here (the pieces' lists are only dropped and the tasks
    # asked for: three statements, and the lists' lock on PostgreSQL) to count
    # the tagging alone; the topics naming the actors are looked up once.
    settings.RELATED_REFRESH_MAX = 0
    for n in range(size):
        article_factory(headline=f"Hamas, Iran and Hezbollah {n}", body="Bibi spoke.")
    articles = list(Article.objects.all())
    with django_assert_max_num_queries(14):
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


SUGGEST = reverse("admin:articles_article_suggest")
PREVIEW = reverse("admin:articles_article_preview")


def test_typed_text_is_offered_its_actors_before_anything_is_saved(
    editor_client, vocabulary, django_assert_max_num_queries
):
    typed = {"headline": "Hamas and Georgia", "standfirst": "", "body": "Hamas again."}
    with django_assert_max_num_queries(8):
        html = editor_client.post(SUGGEST, typed).content.decode()
    assert "“Hamas” ×2" in html
    assert "Add Georgia (country)" in html
    assert "Add Georgia (person)" in html
    assert 'data-label="Hamas — organisation"' in html
    chosen = editor_client.post(
        SUGGEST, {**typed, "actors": [vocabulary["hamas"].pk, "abc", "\x00"]}
    ).content.decode()
    assert "Hamas" not in chosen.replace("Add Georgia", "")
    assert not Article.objects.exists()


def test_the_preview_is_the_site_s_own_rendering(editor_client):
    html = editor_client.post(
        PREVIEW, {"body": "**bold** <script>alert(1)</script>[x](javascript:alert(1))"}
    ).content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize("url", [SUGGEST, PREVIEW])
def test_the_writing_aids_need_post_csrf_and_a_writer(client, django_user_model, url):
    from django.contrib.auth.models import Permission
    from django.test import Client

    viewer = django_user_model.objects.create_user("v", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.post(url, {"body": "Hamas"}).status_code == 403
    editor = django_user_model.objects.create_superuser("e", "e@example.org", "pw")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(url, {"body": "Hamas"}).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"body": "Hamas"}).status_code == 302  # to the login


def test_tagging_in_the_form_is_a_save_with_a_readable_revision(
    client, client_for, editor, entity_factory, article_factory
):
    """A revision names who was tagged and untagged, the version and the edit
    time move on, so a reader revalidating the page gets the tagged piece."""
    tehran = entity_factory(name="Tehran", kind=Kind.PLACE)
    iran = entity_factory(name="Iran", kind=Kind.COUNTRY)
    hamas = entity_factory(name="Hamas")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        article = article_factory(
            headline="Protests in Tehran",
            publish_at=start - timedelta(hours=1),
            entities=[hamas],
        )
        seen = client.get(article.get_absolute_url())["Last-Modified"]
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[article.pk])
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        page = session.get(change)
        data = change_form_data(page, actors=[tehran.pk, iran.pk])
        assert session.post(change, data).status_code == 302
    stored = Article.objects.get()
    assert stored.version == article.version + 1
    assert stored.updated_at == start + timedelta(minutes=5)
    revision = article_versions(stored).first().revision
    assert revision.comment == "Tagged Iran, Tehran. Untagged Hamas."
    assert revision.user == editor
    recorded = Snapshot.from_revision(revision=revision, article_id=article.pk)
    assert sorted(recorded.actor_names.values()) == ["Iran", "Tehran"]
    page = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=seen)
    assert page.status_code == 200
    assert "Tehran" in page.content.decode()


def test_tagging_from_a_stale_form_is_refused_keeping_the_choice(
    client_for, editor, vocabulary, article_factory
):
    article = article_factory(headline="Hamas and Hezbollah")
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(session.get(change), actors=[vocabulary["hamas"].pk])
    workflow.article_save(article=article, by=editor, comment="Meanwhile.")
    response = session.post(change, data)
    html = response.content.decode()
    assert "Eddie Editor saved this piece" in html
    assert response.context["adminform"].form["actors"].value() == [
        str(vocabulary["hamas"].pk)
    ]
    assert not article.entities.exists()


def test_a_shared_name_is_settled_by_an_unambiguous_mention(
    vocabulary, alias_factory, article_factory
):
    alias_factory(entity=vocabulary["georgia"], name="Republic of Georgia")
    article_factory(headline="Republic of Georgia votes", body="Georgia decides.")
    [result] = articles_autotag(articles=Article.objects.all())
    assert [s.entity.slug for s in result.suggestions] == ["georgia"]
    assert result.choices == []
