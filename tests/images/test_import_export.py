"""Images in the JSON Lines format: imported beside the file, refused whole,
exported byte for byte."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Status
from images.models import Image
from tests.articles.test_import_export import database_state, run, write_jsonl

from .pictures import HTML, SVG, jpeg_bytes, png_header, revealing_exif
from .test_admin import stored_files

pytestmark = pytest.mark.django_db

PHOTO = {
    "file": "media/harbour.jpg",
    "alt": "Fishing boats moored in a harbour at dawn.",
    "caption": "Gaza's harbour at dawn.",
    "credit": "Jane Doe / Agency",
    "focal_point": [0.3, 0.6],
}


def piece(slug="harbour", **fields):
    return {
        "slug": slug,
        "headline": f"A piece called {slug}",
        "status": "published",
        "publish_at": "2018-01-29T12:00:00+00:00",
        **fields,
    }


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "harbour.jpg").write_bytes(jpeg_bytes(exif=revealing_exif()))
    return tmp_path


def test_a_line_s_image_is_read_beside_the_file_and_shown(client, folder):
    run("import_articles", str(write_jsonl(folder / "in.jsonl", [piece(image=PHOTO)])))
    article = Article.objects.get()
    image = article.image
    assert (image.alt, image.caption, image.credit) == (
        PHOTO["alt"],
        PHOTO["caption"],
        PHOTO["credit"],
    )
    assert (image.focal_x, image.focal_y) == (0.3, 0.6)
    html = client.get(article.get_absolute_url()).content.decode()
    assert PHOTO["alt"] in html and "Gaza&#x27;s harbour at dawn." in html


def test_reimporting_the_same_file_adds_no_image(folder):
    path = write_jsonl(
        folder / "in.jsonl", [piece(image=PHOTO), piece("b", image=PHOTO)]
    )
    run("import_articles", str(path))
    files = stored_files()
    run("import_articles", str(path))
    assert Image.objects.count() == 1 and stored_files() == files


def test_a_new_caption_makes_a_new_image_and_leaves_the_old_one_alone(folder):
    run(
        "import_articles",
        str(write_jsonl(folder / "a.jsonl", [piece("a", image=PHOTO)])),
    )
    recaptioned = {**PHOTO, "caption": "Another caption."}
    run(
        "import_articles",
        str(write_jsonl(folder / "b.jsonl", [piece("b", image=recaptioned)])),
    )
    captions = dict(Article.objects.values_list("slug", "image__caption"))
    assert captions == {"a": PHOTO["caption"], "b": "Another caption."}


def test_image_null_removes_a_piece_s_image_and_no_key_keeps_it(folder):
    run("import_articles", str(write_jsonl(folder / "in.jsonl", [piece(image=PHOTO)])))
    run("import_articles", str(write_jsonl(folder / "keep.jsonl", [piece()])))
    assert Article.objects.get().image is not None
    run("import_articles", str(write_jsonl(folder / "drop.jsonl", [piece(image=None)])))
    assert Article.objects.get().image is None


def assert_refused_and_nothing_changed(folder, bad_image, reason, *, before=None):
    """Line 2 of a file is bad: the command says file:2: reason, exits
    non-zero, and neither the database nor the storage changes."""
    path = write_jsonl(
        folder / "in.jsonl", [piece("a", image=PHOTO), piece("b", image=bad_image)]
    )
    state, files = database_state(), stored_files()
    images = list(Image.objects.values())
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"{path}:2: ")
    assert reason in err.getvalue()
    assert database_state() == state and list(Image.objects.values()) == images
    assert stored_files() == files


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("logo.svg", SVG, "image media/logo.svg: SVG is not accepted"),
        ("fake.jpg", HTML, "image media/fake.jpg: not a JPEG, PNG, WebP or AVIF"),
        ("huge.png", png_header(20_000, 20_000), "limit is 50 megapixels"),
        ("big.png", png_header(8_000, 7_000), "too large (8000 × 7000)"),
    ],
    ids=["svg", "html-named-jpg", "20000-square-png", "60-megapixels"],
)
def test_a_refused_image_refuses_its_file_and_changes_nothing(
    folder, name, data, reason
):
    (folder / "media" / name).write_bytes(data)
    assert_refused_and_nothing_changed(
        folder, {"file": f"media/{name}", "alt": "x"}, reason
    )


def test_a_file_refused_after_its_images_were_stored_leaves_no_file(folder):
    """Line 1's image is stored before line 2's actor turns out ambiguous."""
    from entities.models import Entity, Kind

    Entity.objects.create(name="Georgia", kind=Kind.COUNTRY)
    Entity.objects.create(name="Georgia", kind=Kind.PERSON)
    path = write_jsonl(
        folder / "in.jsonl", [piece("a", image=PHOTO), piece("b", entities=["Georgia"])]
    )
    with pytest.raises(CommandError):
        run("import_articles", str(path))
    assert not Image.objects.exists() and stored_files() == set()


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        (
            {**PHOTO, "file": "media/missing.jpg"},
            "image media/missing.jpg: cannot be read",
        ),
        ({**PHOTO, "focal_point": [1.5, 0]}, "focal_point must be [x, y]"),
        ({**PHOTO, "alt": 3}, "image.alt must be a string"),
        ({**PHOTO, "colour": "red"}, "unknown image field 'colour'"),
        ("media/harbour.jpg", "image must be an object"),
        ({**PHOTO, "alt": ""}, "no alt text, which a published piece needs"),
    ],
    ids=["missing", "focal", "alt-type", "unknown", "string", "no-alt"],
)
def test_a_bad_image_object_is_a_bad_line(folder, image, reason):
    assert_refused_and_nothing_changed(folder, image, reason)


def test_a_draft_or_a_decorative_image_needs_no_alt(folder):
    lines = [
        piece("draft", status="draft", image={**PHOTO, "alt": ""}),
        piece("ornament", image={**PHOTO, "alt": "", "decorative": True}),
    ]
    run("import_articles", str(write_jsonl(folder / "in.jsonl", lines)))
    assert Article.objects.get(slug="ornament").image.alt_text == ""
    assert Article.objects.get(slug="draft").status == Status.DRAFT


def test_publish_refuses_a_piece_whose_image_has_no_alt(folder):
    line = piece(status="draft", image={**PHOTO, "alt": ""})
    path = write_jsonl(folder / "in.jsonl", [line])
    with pytest.raises(CommandError):
        run("import_articles", "--publish", str(path))
    assert not Article.objects.exists() and stored_files() == set()


def test_a_dry_run_stores_no_image(folder):
    out, _ = run(
        "import_articles",
        "--dry-run",
        str(write_jsonl(folder / "in.jsonl", [piece(image=PHOTO)])),
    )
    assert "would import 1" in out
    assert not Image.objects.exists() and stored_files() == set()


def test_export_import_export_is_identical_image_bytes_included(tmp_path, folder):
    lines = [
        piece("a", image=PHOTO),
        piece("b", image=PHOTO),
        piece("c", image={**PHOTO, "decorative": True, "alt": ""}),
        piece("d"),
    ]
    run("import_articles", str(write_jsonl(folder / "in.jsonl", lines)))
    first = tmp_path / "one" / "export.jsonl"
    first.parent.mkdir()
    run("export_articles", str(first))
    Article.objects.all().delete()
    Image.objects.all().delete()
    run("import_articles", str(first))
    second = tmp_path / "two" / "export.jsonl"
    second.parent.mkdir()
    run("export_articles", str(second))
    assert first.read_bytes() == second.read_bytes()
    copies = sorted(p.name for p in (first.parent / "media").iterdir())
    assert copies == sorted(p.name for p in (second.parent / "media").iterdir())
    assert len(copies) == 1  # one original, whichever pieces show it
    original = (folder / "media" / "harbour.jpg").read_bytes()
    for export in (first, second):
        assert (export.parent / "media" / copies[0]).read_bytes() == original
    records = [json.loads(line) for line in first.read_text().splitlines()]
    assert records[0]["image"] == {**PHOTO, "file": f"media/{copies[0]}"}
    assert records[2]["image"]["decorative"] is True
    assert records[3]["image"] is None


def test_export_to_stdout_says_the_images_were_not_copied(capsys, folder):
    run("import_articles", str(write_jsonl(folder / "in.jsonl", [piece(image=PHOTO)])))
    out, err = run("export_articles", "-")
    assert "1 image files not copied" in err


def test_the_demo_pieces_are_illustrated(client):
    run("load_demo")
    assert Article.objects.exclude(image=None).count() == 5
    for image in Image.objects.all():
        assert image.alt and image.caption and image.credit
    illustrated = Article.objects.published().exclude(image=None)
    assert illustrated.count() == 5
    for article in illustrated:
        html = client.get(article.get_absolute_url()).content.decode()
        assert article.image.alt in html
        assert html.count(" 320w,") >= 2
