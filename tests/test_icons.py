"""The icons a phone puts on its home screen: the project's own, linked from
every page, at the sizes the platforms ask for."""

import io
import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def picture(path: str) -> Image.Image:
    return Image.open(io.BytesIO(open(finders.find(path), "rb").read()))


def test_the_touch_icon_is_linked_and_180_pixels_square(client):
    home = client.get("/").content.decode()
    assert (
        '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">' in home
    )
    icon = picture("img/apple-touch-icon.png")
    assert (icon.format, icon.size) == ("PNG", (180, 180))
    # Apple rounds the corners itself: no transparency left to show.
    assert icon.mode == "RGB"


def test_the_web_manifest_names_the_site_and_its_192_and_512_icons(client, settings):
    settings.SITE_NAME = "Daily Actors"
    home = client.get("/").content.decode()
    assert '<link rel="manifest" href="/site.webmanifest">' in home
    response = client.get("/site.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Daily Actors"
    assert manifest["start_url"] == "/"
    for entry in manifest["icons"]:
        size = int(entry["sizes"].split("x")[0])
        icon = picture(entry["src"].removeprefix("/static/"))
        assert (icon.format, icon.size) == ("PNG", (size, size))
    assert sorted(e["sizes"] for e in manifest["icons"]) == ["192x192", "512x512"]
