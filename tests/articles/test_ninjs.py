"""IPTC ninjs: wire copy in (1.x, 2.x and 3.x shapes) and the pieces out (3.1)."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Correction, CorrectionKind, Status
from authors.models import Author
from entities.models import Entity, Kind
from images.models import Image
from tests.images.pictures import jpeg_bytes, library_image
from tests.ninjs_schema import ninjs_errors

pytestmark = pytest.mark.django_db

PUTIN = "http://www.wikidata.org/entity/Q7747"

WIRE_HTML = (
    "<p>MOSCOW (Wire) — Talks began on <strong>Monday</strong>.</p>"
    '<p onclick="steal()">Officials met <a href="https://example.org/x" '
    'style="color:red">in the Kremlin</a>.<script>alert(1)</script></p>'
    "<p>Both sides said a line &amp; a plan were agreed.</p>"
)
PARAGRAPHS = [
    "MOSCOW (Wire) — Talks began on <strong>Monday</strong>.",
    'Officials met <a href="https://example.org/x" rel="noopener noreferrer '
    'nofollow">in the Kremlin</a>.',
    "Both sides said a line &amp; a plan were agreed.",
]


def item(**fields) -> dict:
    """A ninjs 3.x text item; `fields` replace or (as None) remove its own."""
    document = {
        "uri": "urn:wire:moscow-talks",
        "type": "text",
        "version": "1",
        "versionCreated": "2018-01-29T12:30:00Z",
        "firstCreated": "2018-01-29T12:00:00Z",
        "pubStatus": "usable",
        "language": "en",
        "headlines": [
            {"role": "short", "value": "Moscow talks"},
            {"role": "main", "value": "Netanyahu and Putin Meet in Moscow"},
        ],
        "descriptions": [{"role": "summary", "value": "Two leaders, one line."}],
        "bodies": [
            {"role": "main", "contentType": "text/plain", "value": "Plain copy."},
            {"role": "main", "contentType": "text/html", "value": WIRE_HTML},
        ],
        "by": "Wire staff",
        "people": [{"name": "Vladimir Putin", "uri": PUTIN}],
        "organisations": [{"name": "Hezbollah"}],
        "places": [{"name": "Moscow"}],
    }
    document.update(fields)
    return {key: value for key, value in document.items() if value is not None}


def write(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def database_state():
    return (
        list(Article.objects.order_by("pk").values()),
        list(Entity.objects.order_by("pk").values()),
        list(Correction.objects.order_by("pk").values()),
        list(Image.objects.order_by("pk").values("pk", "sha256")),
    )


def paragraphs(html: str) -> list[str]:
    return [p.strip() for p in re.findall(r"<p>(.*?)</p>", html, re.DOTALL)]


def test_wire_item_creates_the_piece_with_its_tagged_actors(tmp_path, client):
    out, _ = run(
        "import_articles", str(write(tmp_path / "w.json", item())), "--publish"
    )
    article = Article.objects.get()
    assert article.uri == "urn:wire:moscow-talks"
    assert article.headline == "Netanyahu and Putin Meet in Moscow"
    assert article.standfirst == "Two leaders, one line."
    assert article.byline == "Wire staff"
    assert article.status == Status.PUBLISHED
    assert article.publish_at.isoformat() == "2018-01-29T12:00:00+00:00"
    actors = {(e.name, e.kind, e.wikidata_id) for e in article.entities.all()}
    assert actors == {
        ("Vladimir Putin", Kind.PERSON, "Q7747"),
        ("Hezbollah", Kind.ORGANISATION, ""),
        ("Moscow", Kind.PLACE, ""),
    }
    assert "1 created" in out and "3 new actors" in out
    page = client.get(article.get_absolute_url()).content.decode()
    body = page[page.index('<div class="body">') :]
    assert paragraphs(body)[: len(PARAGRAPHS)] == PARAGRAPHS
    assert "script" not in article.body and "onclick" not in article.body
    assert "alert(1)" not in page and "steal()" not in page and "color:red" not in page


def test_html_body_is_markdown_an_editor_can_edit(tmp_path):
    run("import_articles", str(write(tmp_path / "w.json", item())))
    assert Article.objects.get().body == (
        "MOSCOW (Wire) — Talks began on **Monday**.\n\n"
        "Officials met [in the Kremlin](https://example.org/x).\n\n"
        "Both sides said a line & a plan were agreed."
    )


def test_existing_actors_are_found_by_name_alias_and_a_country_as_a_place(
    tmp_path, entity_factory, alias_factory
):
    putin = entity_factory(name="Vladimir Putin", kind=Kind.PERSON)
    hezbollah = entity_factory(name="Hezbollah", kind=Kind.ORGANISATION)
    alias_factory(entity=hezbollah, name="Hizbollah")
    russia = entity_factory(name="Russia", kind=Kind.COUNTRY, wikidata_id="Q159")
    document = item(
        organisations=[{"name": "Hizbollah"}],
        places=[{"name": "Russia", "uri": "http://www.wikidata.org/entity/Q159"}],
    )
    run("import_articles", str(write(tmp_path / "w.json", document)))
    assert set(Article.objects.get().entities.all()) == {putin, hezbollah, russia}
    putin.refresh_from_db()
    assert putin.wikidata_id == "Q7747"
    assert Entity.objects.count() == 3


def test_superdesk_1x_item_is_read(tmp_path):
    document = {
        "uri": "urn:newsml:superdesk:2018:abc",
        "type": "text",
        "version": "2",
        "versioncreated": "2018-02-01T10:00:00+0000",
        "firstcreated": "2018-02-01T09:00:00+0000",
        "pubstatus": "usable",
        "language": "de",
        "headline": "Gespräche in Moskau",
        "byline": "Agentur",
        "description_text": "Zwei Staatschefs.",
        "body_html": "<p>Erster Absatz.</p><p>Zweiter Absatz.</p>",
        "person": [{"name": "Vladimir Putin", "scheme": "wikidata", "code": "Q7747"}],
        "place": [{"name": "Moskau", "qcode": "moskau"}],
        "located": "Moskau",
        "priority": 5,
    }
    out, _ = run("import_articles", str(write(tmp_path / "sd.json", document)))
    article = Article.objects.get()
    assert (article.headline, article.language) == ("Gespräche in Moskau", "de")
    assert (article.byline, article.standfirst) == ("Agentur", "Zwei Staatschefs.")
    assert article.body == "Erster Absatz.\n\nZweiter Absatz."
    assert article.wire_version == "2"
    assert article.publish_at.isoformat() == "2018-02-01T09:00:00+00:00"
    assert Entity.objects.get(kind=Kind.PERSON).wikidata_id == "Q7747"
    assert Entity.objects.filter(name="Moskau", kind=Kind.PLACE).exists()
    assert "no home here for located, priority" in out


def test_ninjs_2x_item_with_arrays_and_lower_case_dates_is_read(tmp_path):
    document = {
        "uri": "urn:wire:2x",
        "versioncreated": "2018-03-01T10:00:00Z",
        "embargoed": "2018-03-01T12:00:00Z",
        "pubstatus": "usable",
        "headlines": [{"value": "A 2.x headline"}],
        "bodies": [{"contentType": "text/plain", "value": "One.\n\nTwo *stars*."}],
        "people": [{"name": "Vladimir Putin", "uri": PUTIN}],
    }
    run("import_articles", str(write(tmp_path / "two.json", document)))
    article = Article.objects.get()
    assert article.headline == "A 2.x headline"
    assert article.publish_at.isoformat() == "2018-03-01T12:00:00+00:00"
    assert paragraphs(article.body_html) == ["One.", "Two *stars*."]


def test_an_array_of_items_is_one_file(tmp_path):
    documents = [item(), item(uri="urn:wire:2", headlines=[{"value": "Second"}])]
    out, _ = run("import_articles", str(write(tmp_path / "w.json", documents)))
    assert "imported 2 articles (2 created" in out
    assert Article.objects.count() == 2


BAD_DOCUMENTS = [
    ("not JSON", "{", "1: invalid JSON: Expecting property name"),
    ("a string", json.dumps("text"), "1: a ninjs file holds one document"),
    ("an item not an object", json.dumps([item(), 3]), "2: each ninjs document must"),
    ("no uri", json.dumps([item(), item(uri=None)]), "2: uri is required"),
    (
        "no headline",
        json.dumps([item(), item(uri="u:2", headlines=[{"value": " "}])]),
        "2: a headline is required",
    ),
    (
        "bad language",
        json.dumps([item(), item(uri="u:2", language="english!")]),
        "2: language must be a BCP 47 tag",
    ),
    (
        "bad date",
        json.dumps([item(), item(uri="u:2", firstCreated="2018-02-30T10:00:00Z")]),
        "2: firstCreated must be an ISO 8601 date and time",
    ),
    (
        "bad embargo",
        json.dumps([item(), item(uri="u:2", embargoedUntil="soon")]),
        "2: embargoedUntil must be an ISO 8601 date and time",
    ),
    (
        "unknown pubStatus",
        json.dumps([item(), item(uri="u:2", pubStatus="killed")]),
        "2: pubStatus must be one of usable, withheld, canceled, not 'killed'",
    ),
    (
        "duplicate uri",
        json.dumps([item(), item()]),
        "2: uri 'urn:wire:moscow-talks' is already used by document 1",
    ),
    (
        "a picture item",
        json.dumps([item(), item(uri="u:2", type="picture")]),
        "2: type must be text",
    ),
    (
        "an actor without a name",
        json.dumps([item(), item(uri="u:2", people=[{"uri": PUTIN}])]),
        "2: each of people must be an object with a name",
    ),
    (
        "a headline array that is not one",
        json.dumps([item(), item(uri="u:2", headlines="Title")]),
        "2: headlines must be an array",
    ),
    (
        "a local picture that is not an image",
        json.dumps(
            [
                item(),
                item(
                    uri="u:2",
                    associations=[
                        {
                            "name": "featureimage",
                            "uri": "u:p",
                            "type": "picture",
                            "renditions": [{"name": "original", "href": "x.jpg"}],
                        }
                    ],
                ),
            ]
        ),
        "2: image x.jpg:",
    ),
]


@pytest.mark.parametrize(
    ("text", "reason"),
    [case[1:] for case in BAD_DOCUMENTS],
    ids=[case[0] for case in BAD_DOCUMENTS],
)
def test_bad_document_refuses_the_whole_file(tmp_path, text, reason):
    (tmp_path / "x.jpg").write_text("<html>not a picture</html>")
    path = tmp_path / "wire.json"
    path.write_text(text, encoding="utf-8")
    before = database_state()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"{path}:{reason}")
    assert database_state() == before


def test_newer_version_updates_the_piece_and_older_changes_nothing(tmp_path):
    path = tmp_path / "w.json"
    run("import_articles", str(write(path, item())), "--publish")
    slug = Article.objects.get().slug
    newer = item(
        version="2",
        versionCreated="2018-01-29T14:00:00Z",
        headlines=[{"value": "Netanyahu and Putin Agree on Syria"}],
    )
    out, _ = run("import_articles", str(write(path, newer)))
    article = Article.objects.get()
    assert "1 updated" in out
    assert (article.headline, article.slug) == (
        "Netanyahu and Putin Agree on Syria",
        slug,
    )
    assert (article.wire_version, article.status) == ("2", Status.PUBLISHED)
    before = database_state()
    out, _ = run("import_articles", str(write(path, item())), "--publish")
    assert f"{path}:1: skipped: older than stored version 2" in out
    assert "0 created, 0 updated" in out
    assert database_state() == before
    out, _ = run("import_articles", str(write(path, newer)))
    assert f"{path}:1: skipped: version 2 is stored already" in out
    assert database_state() == before


def test_without_version_numbers_the_later_version_created_wins(tmp_path):
    path = tmp_path / "w.json"
    run("import_articles", str(write(path, item(version=None))))
    earlier = item(
        version=None,
        versionCreated="2018-01-29T11:00:00Z",
        headlines=[{"value": "Earlier"}],
    )
    out, _ = run("import_articles", str(write(path, earlier)))
    assert "skipped: older than stored version 2018-01-29T12:30:00+00:00" in out
    later = item(
        version=None,
        versionCreated="2018-01-29T13:00:00Z",
        headlines=[{"value": "Later"}],
    )
    run("import_articles", str(write(path, later)))
    assert Article.objects.get().headline == "Later"


def test_a_new_item_never_takes_another_pieces_slug(tmp_path, article_factory):
    article_factory(headline="Netanyahu and Putin Meet in Moscow")
    documents = [item(), item(uri="urn:wire:again")]
    run("import_articles", str(write(tmp_path / "w.json", documents)))
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert slugs == {
        "netanyahu-and-putin-meet-in-moscow",
        "netanyahu-and-putin-meet-in-moscow-2",
        "netanyahu-and-putin-meet-in-moscow-3",
    }


def test_headlines_slugs_cannot_spell_get_an_address_of_their_own(tmp_path):
    documents = [
        item(
            uri="urn:wire:ar", language="ar", headlines=[{"value": "محادثات في موسكو"}]
        ),
        item(uri="urn:wire:he", language="he", headlines=[{"value": "שיחות במוסקבה"}]),
    ]
    run("import_articles", str(write(tmp_path / "w.json", documents)))
    assert sorted(Article.objects.values_list("slug", "language")) == [
        ("wire-item", "ar"),
        ("wire-item-2", "he"),
    ]


def test_embargo_keeps_the_piece_from_readers_until_its_time(tmp_path, client):
    now = timezone.now().replace(microsecond=0)
    embargo = now + timedelta(hours=2)
    document = item(embargoedUntil=embargo.isoformat())
    run("import_articles", str(write(tmp_path / "w.json", document)), "--publish")
    article = Article.objects.get()
    assert article.publish_at == embargo
    assert article.is_scheduled
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not Article.objects.published().exists()
    with time_machine.travel(embargo + timedelta(minutes=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_canceled_withdraws_a_public_piece(tmp_path, client):
    path = tmp_path / "w.json"
    run("import_articles", str(write(path, item())), "--publish")
    article = Article.objects.get()
    assert client.get(article.get_absolute_url()).status_code == 200
    canceled = item(version="2", pubStatus="canceled")
    run("import_articles", str(write(path, canceled)), "--publish")
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert not Article.objects.published().exists()
    # It was public: readers are told it is gone, not that it never was.
    assert client.get(article.get_absolute_url()).status_code == 410


def test_withheld_is_a_draft_even_with_publish(tmp_path):
    document = item(pubStatus="withheld")
    run("import_articles", str(write(tmp_path / "w.json", document)), "--publish")
    assert Article.objects.get().status == Status.DRAFT


def test_usable_lands_as_a_draft_without_publish(tmp_path):
    run("import_articles", str(write(tmp_path / "w.json", item())))
    assert Article.objects.get().status == Status.DRAFT


def test_what_has_no_home_is_reported_once_per_field(tmp_path):
    documents = [
        item(subjects=[{"name": "politics"}], urgency=3),
        item(uri="urn:wire:2", subjects=[{"name": "war"}], copyrightHolder="Wire"),
    ]
    out, _ = run("import_articles", str(write(tmp_path / "w.json", documents)))
    assert out.count("no home here for") == 1
    assert "no home here for copyrightHolder, subjects, urgency (not imported)" in out


def test_local_picture_association_becomes_the_lead_image(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(jpeg_bytes())
    picture = {
        "name": "featureimage",
        "uri": "urn:wire:photo",
        "type": "picture",
        "by": "Photographer / Wire",
        "descriptions": [
            {"role": "caption", "value": "Leaders meet."},
            {"role": "alt", "value": "Two men shake hands."},
        ],
        "renditions": [
            {"name": "web", "href": "https://wire.example/photo-640.jpg"},
            {
                "name": "original",
                "href": "photo.jpg",
                "width": 1600,
                "height": 1000,
                "poi": {"x": 400, "y": 250},
            },
        ],
    }
    run(
        "import_articles",
        str(write(tmp_path / "w.json", item(associations=[picture]))),
        "--publish",
    )
    image = Article.objects.get().image
    assert (image.caption, image.alt, image.credit) == (
        "Leaders meet.",
        "Two men shake hands.",
        "Photographer / Wire",
    )
    assert (image.focal_x, image.focal_y) == (0.25, 0.25)


def test_superdesk_featureimage_keyed_by_name_becomes_the_lead_image(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(jpeg_bytes())
    document = {
        "uri": "urn:newsml:superdesk:photo-story",
        "headline": "With a picture",
        "body_text": "Text.",
        "associations": {
            "featureimage": {
                "type": "picture",
                "byline": "Agency",
                "description_text": "A caption.",
                "renditions": {
                    "original": {"href": "photo.jpg", "width": 1600, "height": 1000}
                },
            }
        },
    }
    run("import_articles", str(write(tmp_path / "sd.json", document)))
    image = Article.objects.get().image
    assert (image.caption, image.credit, image.alt) == ("A caption.", "Agency", "")


def test_picture_only_on_the_web_is_reported_not_fetched(tmp_path):
    picture = {
        "name": "featureimage",
        "uri": "urn:wire:photo",
        "type": "picture",
        "renditions": [{"name": "web", "href": "https://wire.example/p.jpg"}],
    }
    document = item(associations=[picture])
    out, _ = run("import_articles", str(write(tmp_path / "w.json", document)))
    assert Article.objects.get().image is None
    assert "associations (pictures on the web)" in out


def test_demo_content_exports_as_valid_ninjs(tmp_path):
    """The acceptance line: every document of the demo's export is valid 3.1."""
    run("load_demo")
    path = tmp_path / "out.json"
    run("export_articles", "--format", "ninjs", str(path))
    documents = json.loads(path.read_text(encoding="utf-8"))
    assert len(documents) == Article.objects.count() >= 19
    assert {d["uri"]: ninjs_errors(d) for d in documents if ninjs_errors(d)} == {}
    wire = next(d for d in documents if d["uri"].startswith("urn:newsroom-demo:"))
    assert wire["pubStatus"] == "usable"
    illustrated = [d for d in documents if "associations" in d]
    assert illustrated
    assert {d["associations"][0]["name"] for d in illustrated} == {"featureimage"}
    assert len(list((tmp_path / "media").iterdir())) == len(
        {d["associations"][0]["uri"] for d in illustrated}
    )


def test_export_carries_the_pieces_fields(tmp_path, article_factory, entity_factory):
    hamas = entity_factory(name="Hamas", kind=Kind.ORGANISATION, wikidata_id="Q38799")
    gaza = entity_factory(name="Gaza Strip", kind=Kind.PLACE)
    israel = entity_factory(name="Israel", kind=Kind.COUNTRY, wikidata_id="Q801")
    sinwar = entity_factory(name="Yahya Sinwar", kind=Kind.PERSON)
    article = article_factory(
        headline="Talks",
        standfirst="Short.",
        byline="",
        body="One *two*.\n\nThree.",
        language="ar",
        entities=[hamas, gaza, israel, sinwar],
        image=library_image(caption="A rectangle", credit="Test"),
    )
    article.author_links.create(author=Author.objects.create(name="Dana Levin"))
    article.author_links.create(author=Author.objects.create(name="Omar Said"), order=1)
    Correction.objects.create(
        article=article, kind=CorrectionKind.CLARIFICATION, text="C."
    )
    path = tmp_path / "out.json"
    run(
        "export_articles",
        "--format",
        "ninjs",
        "--base-url",
        "https://news.example",
        str(path),
    )
    [document] = json.loads(path.read_text())
    assert ninjs_errors(document) == []
    assert document["uri"] == f"tag:newsroom.example,2026:article:{article.pk}"
    assert (document["type"], document["language"], document["slugline"]) == (
        "text",
        "ar",
        article.slug,
    )
    assert document["descriptions"] == [
        {"role": "summary", "value": "Short."},
        {"role": "clarification", "value": "C."},
    ]
    assert document["bodies"][0] == {
        "role": "main",
        "contentType": "text/html",
        "value": "<p>One <em>two</em>.</p>\n<p>Three.</p>",
    }
    assert document["bodies"][1]["value"] == "One two.\n\nThree."
    assert document["by"] == "Dana Levin and Omar Said"
    assert document["people"] == [{"name": "Yahya Sinwar"}]
    assert document["organisations"] == [
        {"name": "Hamas", "uri": "http://www.wikidata.org/entity/Q38799"}
    ]
    assert document["places"] == [
        {"name": "Gaza Strip"},
        {"name": "Israel", "uri": "http://www.wikidata.org/entity/Q801"},
    ]
    [picture] = document["associations"]
    assert picture["type"] == "picture" and picture["by"] == "Test"
    hrefs = [r["href"] for r in picture["renditions"]]
    assert hrefs[0] == f"media/{article.image.sha256[:32]}.jpg"
    assert all(h.startswith("https://news.example/media/") for h in hrefs[1:])
    assert {r["aspectRatio"] for r in picture["renditions"] if "aspectRatio" in r} == {
        "16:9",
        "4:3",
        "1:1",
    }


# What the standard lets two copies of a piece differ in: when each copy wrote
# its version (versionCreated), and where each keeps its renditions' files.
LET_DIFFER = {"versionCreated"}


def _comparable(documents: list[dict]) -> list[dict]:
    for document in documents:
        for key in LET_DIFFER:
            document.pop(key)
        for picture in document.get("associations", []):
            for rendition in picture["renditions"][1:]:
                rendition.pop("href")
    return documents


def test_export_import_export_round_trip(tmp_path):
    run("load_demo")
    first = tmp_path / "first" / "out.json"
    first.parent.mkdir()
    run("export_articles", "--format", "ninjs", str(first))
    Article.objects.all().delete()
    Entity.objects.all().delete()
    Author.objects.all().delete()
    Image.objects.all().delete()
    run("import_articles", "--publish", str(first))
    second = tmp_path / "second" / "out.json"
    second.parent.mkdir()
    run("export_articles", "--format", "ninjs", str(second))
    before, after = (json.loads(p.read_text()) for p in (first, second))
    assert _comparable(after) == _comparable(before)
    for name in (first.parent / "media").iterdir():
        assert (second.parent / "media" / name.name).read_bytes() == name.read_bytes()


def test_api_serves_a_public_piece_as_ninjs(
    client, article_factory, entity_factory, django_assert_max_num_queries
):
    article = article_factory(
        headline="Talks",
        body="Text.",
        entities=[entity_factory(name="Hamas", kind=Kind.ORGANISATION)],
        image=library_image(),
    )
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/articles/{article.slug}/ninjs")
    assert response.status_code == 200
    document = response.json()
    assert ninjs_errors(document) == []
    assert document["headlines"] == [{"role": "main", "value": "Talks"}]
    hrefs = [r["href"] for r in document["associations"][0]["renditions"]]
    assert hrefs and all(h.startswith("http://testserver/media/") for h in hrefs)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN])
def test_api_ninjs_of_a_piece_not_public_is_a_json_404(client, article_factory, status):
    article = article_factory(status=status)
    response = client.get(f"/api/articles/{article.slug}/ninjs")
    assert response.status_code == 404
    assert response.json() == {
        "detail": f"No public article with slug {article.slug!r}."
    }


def test_api_ninjs_is_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/articles/{slug}/ninjs" in schema["paths"]


def test_validation_never_reaches_the_network():
    """The GeoJSON reference resolves locally; any other remote one fails."""
    document = {
        "uri": "urn:x",
        "places": [
            {"name": "Gaza", "geoJSON": {"type": "Point", "coordinates": [1, 2]}}
        ],
    }
    assert ninjs_errors(document) == []
    assert ninjs_errors({**document, "places": [{"geoJSON": {"type": "Blob"}}]})
