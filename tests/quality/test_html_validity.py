import json
import subprocess

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from .conftest import NOT_FOUND_PAGES, VNU_JAR

pytestmark = [pytest.mark.django_db, pytest.mark.needs_java]


def test_every_page_type_is_valid_html(client, reader_site, tmp_path):
    """The Nu HTML checker finds no error on any page type, nor the 500 page."""
    for name, url in reader_site.items():
        response = client.get(url)
        assert response.status_code == (404 if name in NOT_FOUND_PAGES else 200), url
        (tmp_path / f"{name.replace(' ', '-')}.html").write_bytes(response.content)
    # The 500 page has no URL of its own.
    error_page = server_error(RequestFactory().get("/")).content
    (tmp_path / "server-error.html").write_bytes(error_page)

    # One run over every page: the JVM's start-up is most of the cost.
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
        + sorted(str(path) for path in tmp_path.glob("*.html")),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
