"""The photo desk in the admin: upload, list, focal point, use on pieces, delete."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Status
from images.models import Image
from tests.admin_forms import change_form_data

from .pictures import HTML, SVG, jpeg_bytes, library_image, png_header

pytestmark = pytest.mark.django_db

ADD = "/admin/images/image/add/"


def stored_files() -> set[str]:
    found = set()
    for folder in ("originals", "renditions"):
        if not default_storage.exists(folder):
            continue
        directories, files = default_storage.listdir(folder)
        found |= {f"{folder}/{name}" for name in files}
        for directory in directories:
            found |= {
                f"{folder}/{directory}/{name}"
                for name in default_storage.listdir(f"{folder}/{directory}")[1]
            }
    return found


def upload(client, data: bytes, name: str = "photo.jpg", **fields):
    return client.post(
        ADD,
        {
            "upload": SimpleUploadedFile(name, data),
            "alt": "A harbour at dawn.",
            "caption": "Dawn over the harbour",
            "credit": "Jane Doe / Agency",
            "focal_x": "0.25",
            "focal_y": "0.75",
            **fields,
        },
    )


def test_an_upload_is_stored_with_its_renditions_and_focal_point(staff_client):
    response = upload(staff_client, jpeg_bytes())
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height, image.format) == (1600, 1000, "jpeg")
    assert (image.focal_x, image.focal_y) == (0.25, 0.75)
    assert image.uploaded_by.username == "editor"
    assert stored_files() == {image.file.name, *(e["name"] for e in image.renditions)}
    assert all("-f02500750." in e["name"] for e in image.renditions if e["ratio"])


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (SVG, "logo.svg", "SVG is not accepted"),
        (HTML, "photo.jpg", "not a JPEG, PNG, WebP or AVIF image"),
        (png_header(20_000, 20_000), "huge.png", "limit is 50 megapixels"),
        (jpeg_bytes() + b"\0" * 40_000, "big.jpg", "the limit is 40 KB"),
    ],
    ids=["svg", "html-named-jpg", "20000-square-png", "over-size-limit"],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    staff_client, settings, data, name, reason
):
    settings.IMAGE_MAX_BYTES = 40 * 1024
    response = upload(staff_client, data, name)
    assert response.status_code == 200
    assert reason in str(response.context["adminform"].form.errors["upload"])
    assert not Image.objects.exists() and stored_files() == set()


def test_the_add_form_offers_a_preview_to_click_and_two_numbers(staff_client):
    html = staff_client.get(ADD).content.decode()
    assert 'id="focal-point-preview"' in html and "js/focal_point.js" in html
    assert 'type="number" name="focal_x"' in html and 'name="focal_y"' in html


def test_the_list_shows_thumbnails_searches_and_filters_by_use(
    staff_client, article_factory
):
    used = library_image(caption="Parliament in session", credit="Reuters")
    unused = library_image(caption="A quiet street", credit="AFP")
    article_factory(image=used)
    page = staff_client.get("/admin/images/image/").content.decode()
    assert page.count('class="image-thumbnail"') == 2
    found = staff_client.get("/admin/images/image/", {"q": "reuters"})
    assert list(found.context["cl"].result_list) == [used]
    found = staff_client.get("/admin/images/image/", {"q": "quiet"})
    assert list(found.context["cl"].result_list) == [unused]
    for use, expected in [("used", used), ("unused", unused)]:
        listed = staff_client.get("/admin/images/image/", {"use": use})
        assert list(listed.context["cl"].result_list) == [expected]


def test_setting_the_focal_point_in_the_admin_makes_new_crops(
    staff_client, django_capture_on_commit_callbacks
):
    image = library_image()
    url = f"/admin/images/image/{image.pk}/change/"
    page = staff_client.get(url)
    assert "/media/renditions/" in page.content.decode()  # the preview to click
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, change_form_data(page, focal_x="0.9", focal_y="0.1"))
    image.refresh_from_db()
    crops = [e["name"] for e in image.renditions if e["ratio"]]
    assert crops and all("-f09000100." in name for name in crops)
    assert stored_files() == {image.file.name, *(e["name"] for e in image.renditions)}


def test_an_image_readers_see_cannot_lose_its_alt_text(staff_client, article_factory):
    image = library_image()
    article_factory(image=image)
    url = f"/admin/images/image/{image.pk}/change/"
    response = staff_client.post(url, change_form_data(staff_client.get(url), alt=""))
    assert "it needs alt text" in str(response.context["adminform"].form.errors)
    image.refresh_from_db()
    assert image.alt == "A blue rectangle."


def test_deleting_an_image_a_public_piece_uses_is_refused_with_the_pieces(
    staff_client, article_factory
):
    image = library_image()
    article_factory(headline="The piece that shows it", image=image)
    url = f"/admin/images/image/{image.pk}/delete/"
    page = staff_client.get(url).content.decode()
    assert "cannot be deleted" in page and "The piece that shows it" in page
    staff_client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


def test_deleting_an_unused_image_deletes_its_files(
    staff_client, django_capture_on_commit_callbacks
):
    image = library_image()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    assert not Image.objects.exists() and stored_files() == set()


def test_a_piece_chooses_its_image_by_autocomplete(staff_client):
    image = library_image(caption="Harbour at dawn")
    library_image(caption="Something else")
    page = staff_client.get("/admin/articles/article/add/").content.decode()
    assert 'name="image"' in page and "admin-autocomplete" in page
    assert "/admin/images/image/add/?_to_field=id&amp;_popup=1" in page
    found = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "harbour",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "image",
        },
    ).json()
    assert [r["id"] for r in found["results"]] == [str(image.pk)]


def test_an_image_is_uploaded_from_the_article_form_s_popup(staff_client):
    response = upload(staff_client, jpeg_bytes(), _popup="1", _to_field="id")
    image = Image.objects.get()
    assert "popup_response" in response.content.decode()
    assert str(image.pk) in response.content.decode()


def publish_form(client, article, **changes):
    url = f"/admin/articles/article/{article.pk}/change/"
    return client.post(url, change_form_data(client.get(url), **changes))


def test_publishing_a_piece_whose_image_has_no_alt_is_a_field_error(
    staff_client, article_factory
):
    piece = article_factory(status=Status.DRAFT, publish_at=None)
    image = library_image(alt="")
    response = publish_form(
        staff_client, piece, status="published", image=str(image.pk)
    )
    errors = response.context["adminform"].form.errors
    assert "no alt text" in str(errors["image"])
    assert Article.objects.get(pk=piece.pk).status == Status.DRAFT


def test_a_decorative_image_may_be_published_without_alt(staff_client, article_factory):
    piece = article_factory(status=Status.DRAFT, publish_at=None)
    image = library_image(alt="", decorative=True)
    response = publish_form(
        staff_client, piece, status="published", image=str(image.pk)
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=piece.pk).image == image


def test_the_publish_action_refuses_a_piece_whose_image_has_no_alt(
    staff_client, article_factory
):
    piece = article_factory(
        status=Status.REVIEW, publish_at=None, image=library_image(alt="")
    )
    response = staff_client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [piece.pk]},
        follow=True,
    )
    assert "no alt text" in response.content.decode()
    assert Article.objects.get(pk=piece.pk).status == Status.REVIEW


def test_an_actor_takes_an_image_only_with_alt_text(staff_client, entity_factory):
    actor = entity_factory(name="Hamas")
    url = f"/admin/entities/entity/{actor.pk}/change/"
    without = library_image(alt="")
    response = staff_client.post(
        url, change_form_data(staff_client.get(url), image=str(without.pk))
    )
    assert "no alt text" in str(response.context["adminform"].form.errors["image"])
    portrait = library_image(alt="The Hamas emblem.")
    staff_client.post(
        url, change_form_data(staff_client.get(url), image=str(portrait.pk))
    )
    actor.refresh_from_db()
    assert actor.image == portrait
