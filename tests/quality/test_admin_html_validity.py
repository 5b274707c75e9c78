"""The desk's and the writing form's pages as the Nu HTML checker judges them."""

import json
import subprocess

import pytest

from tests.factories import ArticleFactory

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
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
        + sorted(str(path) for path in tmp_path.glob("*.html")),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr)["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
