"""The desk's, the writing form's and the topic form's pages as the Nu HTML
checker judges them."""

import json
import subprocess

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from tests.factories import ArticleFactory, EntityFactory
from topics.models import Topic
from topics.ranking import topic_changed
from topics.services import topic_pins_set, topic_rule_set

from .conftest import VNU_JAR

pytestmark = [pytest.mark.django_db, pytest.mark.needs_java]


def change_path(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def test_the_desk_and_the_article_forms_are_valid_html(client, tmp_path, editor):
    piece = ArticleFactory(headline="Hamas and Hezbollah restore ties")
    client.force_login(editor)
    for name, url in [
        ("desk", "/admin/"),
        ("list", "/admin/articles/article/"),
        ("sections", "/admin/sections/section/"),
        ("pins", "/admin/articles/pin/"),
        ("add", "/admin/articles/article/add/"),
        ("change", change_path(piece)),
        ("withdraw", f"/admin/articles/article/{piece.pk}/withdraw/"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{name}.html").write_bytes(response.content)
    assert nu_errors(tmp_path) == []


def nu_errors(folder) -> list[str]:
    """The Nu checker's errors in the HTML files of `folder`."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
        + sorted(str(path) for path in folder.glob("*.html")),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr)["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


def test_the_topic_form_its_preview_and_its_history_are_valid_html(
    client, tmp_path, editor
):
    hamas, iran = EntityFactory(name="Hamas"), EntityFactory(name="Iran")
    pieces = [
        ArticleFactory(headline=f"Hamas & Iran <{n}>", entities=[hamas, iran])
        for n in range(3)
    ]
    topic = Topic.objects.create(title="Hamas and Iran", intro="The *axis*.")
    topic_rule_set(topic=topic, all_of=[hamas], any_of=[iran], none_of=[])
    topic_pins_set(topic=topic, articles=pieces[:1])
    topic.excluded.set(pieces[1:2])
    topic_changed(topic=topic)
    client.force_login(editor)
    with reversion.create_revision():
        topic.save()
    revision_url = reverse(
        "admin:topics_topic_revision",
        args=[topic.pk, Version.objects.get_for_object(topic).get().pk],
    )
    for name, url in [
        ("topics", "/admin/topics/topic/"),
        ("topic-add", "/admin/topics/topic/add/"),
        ("topic-change", f"/admin/topics/topic/{topic.pk}/change/"),
        ("topic-history", f"/admin/topics/topic/{topic.pk}/history/"),
        ("topic-revision", revision_url),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{name}.html").write_bytes(response.content)
    preview = client.post(
        reverse("admin:topics_topic_preview"),
        {"all_of": [hamas.pk], "min_shared": "1", "pinned": [pieces[2].pk]},
    ).json()["html"]
    # The fragment the form's script puts in its page, in a page of its own.
    (tmp_path / "topic-preview.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Preview</title></head><body><main>{preview}</main></body></html>"
    )
    assert nu_errors(tmp_path) == []
