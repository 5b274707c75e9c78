"""The photo desk in headless Chromium: an editor uploads a picture, sets its
focal point by clicking the preview, and publishes a piece with it; a reader
sees it. Nothing on the way breaks the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Status
from articles.roles import EDITORS, roles_setup
from images.models import Image
from tests.browser.test_content_security_policy import ViolationWatch
from tests.browser.test_editorial_flow import shot
from tests.factories import UserFactory
from tests.images.pictures import dotted, jpeg_bytes

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]

HEADLINE = "Fishing fleet returns to the harbour"
ALT = "A red buoy floating on grey water."


def test_editor_uploads_sets_the_focal_point_and_publishes_a_piece_with_it(
    browser, live_server, log_in
):
    roles_setup()
    UserFactory(username="eddie", first_name="Eddie", groups=[EDITORS])
    page = log_in("eddie")
    watch = ViolationWatch(page)

    watch.visit("/admin/images/image/add/")
    page.set_input_files(
        "#id_upload",
        {
            "name": "harbour.jpg",
            "mimeType": "image/jpeg",
            "buffer": jpeg_bytes(dotted((1600, 1000), dot=(0.8, 0.2))),
        },
    )
    preview = page.locator("#focal-point-preview")
    expect(preview).to_be_visible()
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.2})
    assert abs(float(page.input_value("#id_focal_x")) - 0.8) < 0.02
    assert abs(float(page.input_value("#id_focal_y")) - 0.2) < 0.02
    page.fill("#id_alt", ALT)
    page.fill("#id_caption", "The buoy marks the harbour mouth.")
    page.fill("#id_credit", "Jane Doe / Agency")
    shot(page, "5-image-upload")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    image = Image.objects.get()
    assert abs(image.focal_x - 0.8) < 0.02 and abs(image.focal_y - 0.2) < 0.02

    # The change page draws the stored picture to click on again.
    watch.visit(f"/admin/images/image/{image.pk}/change/")
    expect(page.locator("#focal-point-preview")).to_be_visible()

    watch.visit("/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_body", "The boats came back before the storm.")
    page.click(".field-image .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "buoy")
    page.click(".select2-results__option:has-text('The buoy marks')")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published: ")
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED and article.image == image

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader_watch = ViolationWatch(reader)
    reader_watch.visit("/")
    # The only piece leads the front: its picture loads first, not lazily.
    card = reader.locator(".card-lead .card-image img")
    expect(card).to_have_attribute("alt", ALT)
    expect(card).to_have_attribute("fetchpriority", "high")
    reader.click(f"text={HEADLINE}")
    lead = reader.locator(".lead-image img")
    expect(lead).to_have_attribute("alt", ALT)
    expect(reader.locator(".lead-image figcaption")).to_contain_text("Jane Doe")
    reader.wait_for_function(
        "() => document.querySelector('.lead-image img').naturalWidth > 0"
    )
    assert "/media/renditions/" in lead.evaluate("img => img.currentSrc")
    shot(reader, "6-reader-lead-image")
    reader_watch.collect()
    watch.collect()
    assert watch.seen + reader_watch.seen == []
