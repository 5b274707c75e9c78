"""What a newcomer meets first: the port `make run` serves on and the icon."""

import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("args", "port"), [([], "8000"), (["PORT=8001"], "8001")])
def test_make_run_serves_on_the_port_asked_for(args, port):
    plan = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"manage.py runserver 127.0.0.1:{port}" in plan


def test_the_favicon_is_linked_and_served_at_the_root(client):
    home = client.get("/").content.decode()
    assert (
        '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in home
    )
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert (
        b"".join(response.streaming_content)
        == (ROOT / "static/img/favicon.ico").read_bytes()
    )
