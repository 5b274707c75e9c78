"""Where images appear to readers, and what it costs a page."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.storage import InMemoryStorage, default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from images.services import image_save
from tests.images.pictures import jpeg_bytes, library_image, picture

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag of a page: (name, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == name]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def fetch(client, url: str):
    """An address of the site, absolute or not, fetched as a reader would."""
    return client.get(urlsplit(url).path)


def test_the_lead_image_is_a_responsive_figure_with_alt_caption_and_credit(
    client, illustrated
):
    html = page(client, illustrated.get_absolute_url())
    figure = html[html.index('<figure class="lead-image">') : html.index("</figure>")]
    tags = Tags(figure)
    (img,) = tags.all("img")
    sources = tags.all("source")
    widths = [re.findall(r" (\d+)w", s["srcset"]) for s in [*sources, img]]
    assert all(len(found) >= 3 for found in widths)
    assert {s["type"] for s in sources} == {"image/avif"}
    assert img["sizes"] and all(s["sizes"] == img["sizes"] for s in sources)
    assert (img["width"], img["height"]) == ("1600", "1000")
    assert img["alt"] == "A blue rectangle."
    assert "loading" not in img and img["fetchpriority"] == "high"
    assert "<figcaption>Leaders meet" in figure
    assert "Credit: Jane Doe / Agency" in figure
    for url in [img["src"], *(u.split()[0] for u in img["srcset"].split(", "))]:
        assert fetch(client, url).status_code == 200


def test_a_piece_without_an_image_has_no_figure_nor_sharing_image(
    client, published_article
):
    html = page(client, published_article.get_absolute_url())
    assert "<figure" not in html and "og:image" not in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '"image"' not in html


def test_sharing_tags_name_the_16_9_crop_with_its_size_and_alt(client, illustrated):
    tags = Tags(page(client, illustrated.get_absolute_url())).all("meta")
    meta = {
        t.get("property") or t.get("name"): t["content"] for t in tags if "content" in t
    }
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"].startswith("http://testserver/media/renditions/")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "A blue rectangle."
    assert fetch(client, meta["og:image"])["Content-Type"] == "image/jpeg"


def test_json_ld_lists_the_three_ratios_each_over_50000_pixels_all_fetchable(
    client, illustrated
):
    html = page(client, illustrated.get_absolute_url())
    data = json.loads(html.split('application/ld+json">')[1].split("</script>")[0])
    images = data["image"]
    assert [round(i["width"] / i["height"], 2) for i in images] == [1.78, 1.33, 1.0]
    for image in images:
        assert image["width"] * image["height"] >= 50_000
        assert image["creditText"] == "Jane Doe / Agency"
        response = fetch(client, image["url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "immutable" in response["Cache-Control"]


def test_a_decorative_image_is_shown_with_an_empty_alt(client, article_factory):
    piece = article_factory(image=library_image(alt="", decorative=True))
    html = page(client, piece.get_absolute_url())
    assert 'alt=""' in html and "og:image:alt" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/sections/middle-east/",
        "/entities/hamas/",
        "/entities/hamas+hezbollah/",
        "/search/?q=restore",
        "/articles/other-piece/related/",
        "/articles/other-piece/",
    ],
)
def test_cards_show_a_small_lazy_rendition_and_stay_clean_without_one(
    client, illustrated, article_factory, url
):
    other = article_factory(
        slug="other-piece", headline="Hamas restore a plain card", entities=[]
    )
    other.entities.add(*illustrated.entities.all())
    html = page(client, url)
    cards = re.findall(r'<article class="card.*?</article>', html, re.S)
    illustrated_cards = [c for c in cards if "ties-restored" in c]
    plain_cards = [c for c in cards if "other-piece/" in c and "ties-restored" not in c]
    assert illustrated_cards, url
    for card in illustrated_cards:
        (img,) = Tags(card).all("img")
        assert img["loading"] == "lazy" and "/card-4x3-" in img["src"]
        assert int(img["width"]) <= 320
    assert all("card-image" not in card for card in plain_cards)


@pytest.mark.parametrize("url", ["/", "/entities/hamas/", "/search/?q=headline"])
def test_card_lists_cost_the_same_queries_with_more_illustrated_cards(
    client, entity_factory, article_factory, url
):
    hamas = entity_factory(name="Hamas")

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            page(client, url)
        return len(captured)

    for _ in range(2):
        article_factory(entities=[hamas], image=library_image())
    # The search reads the actors' vocabulary once after it changed.
    queries()
    few = queries()
    for _ in range(6):
        article_factory(entities=[hamas], image=library_image())
    assert queries() == few


def test_the_actor_page_shows_its_portrait(client, illustrated, entity_factory):
    actor = illustrated.entities.get(name="Hamas")
    actor.image = library_image(alt="The Hamas emblem.", credit="Hamas press office")
    actor.save()
    html = page(client, actor.get_absolute_url())
    portrait = html[html.index('<figure class="portrait">') :]
    (img,) = Tags(portrait[: portrait.index("</figure>")]).all("img")
    assert img["alt"] == "The Hamas emblem."
    assert "Credit: Hamas press office" in portrait


def test_feeds_carry_the_image_in_media_rss_an_enclosure_and_an_atom_link(
    client, illustrated
):
    xml = client.get("/feeds/latest/").content
    rss = feedparser.parse(xml)
    assert not rss.bozo
    assert b"<media:credit>Jane Doe / Agency</media:credit>" in xml
    (item,) = rss.entries
    (content,) = item.media_content
    assert content["url"].startswith("http://testserver/media/renditions/")
    assert (content["width"], content["height"], content["medium"]) == (
        "1200",
        "675",
        "image",
    )
    (enclosure,) = item.enclosures
    assert enclosure["href"] == content["url"] and enclosure["type"] == "image/jpeg"
    assert fetch(client, content["url"]).status_code == 200
    atom = feedparser.parse(client.get("/entities/hamas/atom/").content)
    assert not atom.bozo
    (link,) = [x for x in atom.entries[0].links if x["rel"] == "enclosure"]
    assert link["href"] == content["url"]


def test_the_news_sitemap_names_each_piece_s_image(client, illustrated):
    xml = client.get("/sitemap-news.xml").content.decode()
    (location,) = re.findall(r"<image:loc>(.*?)</image:loc>", xml)
    assert "/share-16x9-" in location and fetch(client, location).status_code == 200


def test_the_api_gives_the_image_with_absolute_urls(client, illustrated):
    image = client.get(f"/api/articles/{illustrated.slug}").json()["image"]
    assert image["alt"] == "A blue rectangle."
    assert (image["caption"], image["credit"]) == ("Leaders meet", "Jane Doe / Agency")
    assert (image["width"], image["height"]) == (1600, 1000)
    assert image["url"].startswith("http://testserver/media/renditions/")
    formats = {r["format"] for r in image["renditions"]}
    assert {"avif", "webp", "jpeg"} <= formats
    for rendition in image["renditions"]:
        assert rendition["url"].startswith("http://testserver/")
        assert fetch(client, rendition["url"]).status_code == 200


def test_the_api_says_null_for_a_piece_without_an_image(client, published_article):
    answer = client.get(f"/api/articles/{published_article.slug}").json()
    assert answer["image"] is None


def test_a_new_focal_point_shows_new_crops_on_every_page(client, illustrated):
    image = illustrated.image
    before = page(client, "/") + page(client, illustrated.get_absolute_url())
    old_crops = set(re.findall(r"/media/(renditions/\S+?-f05000500\.\w+)", before))
    assert old_crops
    image.focal_x = 0.1
    image_save(image=image)
    after = page(client, "/") + page(client, illustrated.get_absolute_url())
    assert "-f05000500." not in after and "-f01000500." in after


def test_originals_and_unknown_files_are_not_served(client, illustrated):
    original = illustrated.image.file.name
    assert default_storage.exists(original)
    assert client.get(f"/media/{original}").status_code == 404
    assert client.get("/media/renditions/../" + original).status_code == 404
    assert client.get("/media/renditions/nothing.webp").status_code == 404


def test_no_reader_request_makes_a_rendition(client, illustrated, monkeypatch):
    saved = []
    monkeypatch.setattr(InMemoryStorage, "save", lambda *a, **k: saved.append(a))
    for url in ["/", illustrated.get_absolute_url(), "/feeds/latest/"]:
        page(client, url)
    assert saved == []


def test_a_portrait_image_keeps_its_shape(client, article_factory):
    piece = article_factory(image=library_image(jpeg_bytes(picture((900, 1600)))))
    (img,) = Tags(page(client, piece.get_absolute_url())).all("img")
    assert (img["width"], img["height"]) == ("900", "1600")
    assert [r.width for r in piece.image.renditions_for("width", "webp")] == [
        320,
        640,
        900,
    ]
