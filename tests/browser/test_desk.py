"""The editor's morning on the desk, driven through the real admin in Chromium:
a piece waiting for review, pinned to the home page, published, first there."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles import workflow
from articles.models import Status
from articles.roles import EDITORS, REPORTERS, roles_setup
from tests.factories import ArticleFactory, UserFactory
from tests.quality.conftest import AXE_JS

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "desk"
HEADLINE = "Hamas and Fatah agree to meet in Cairo"


@pytest.fixture
def morning():
    roles_setup()
    reporter = UserFactory(username="rita", first_name="Rita", groups=[REPORTERS])
    editor = UserFactory(username="eddie", first_name="Eddie", groups=[EDITORS])
    ArticleFactory(
        headline="Yesterday's news", publish_at=timezone.now() - timedelta(days=1)
    )
    piece = ArticleFactory(headline=HEADLINE, status=Status.DRAFT, publish_at=None)
    workflow.article_submit_for_review(article=piece, by=reporter)
    return editor


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_an_editor_pins_and_publishes_a_piece_from_the_desk(
    browser, live_server, log_in, morning
):
    page = log_in(morning.username)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_have_text(settings.SITE_NAME)
    waiting = page.locator(".desk-panel", has_text="Waiting for review")
    expect(waiting).to_contain_text(HEADLINE)
    expect(waiting).to_contain_text("sent by Rita")
    shot(page, "1-desk")

    waiting.get_by_role("link", name=HEADLINE).click()
    page.locator("#pins-group .add-row a").click()
    front = page.locator("#id_pins-0-section")
    expect(front.locator("option:checked")).to_have_text("Home page")
    page.fill("#id_pins-0-ordering", "1")
    shot(page, "2-pinned-and-publishing")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Published: “{HEADLINE}”")
    shot(page, "3-saved")

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/")
    expect(reader.locator(".card-headline").first).to_have_text(HEADLINE)
    expect(reader.locator(".card-headline", has_text=HEADLINE)).to_have_count(1)
    shot(reader, "4-home-page")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_desk_passes_axe(browser, live_server, morning, color_scheme):
    from tests.factories import PASSWORD

    # axe-core is injected as an inline script, which the admin's
    # Content-Security-Policy rightly refuses.
    context = browser.new_context(
        base_url=live_server.url, color_scheme=color_scheme, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", morning.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator(".desk")).to_be_visible()
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("axe.run(document)")
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert problems == []
