"""The demo home page as readers see it in Chromium, on a desktop and on a
phone, light and dark: a lead story with its picture, section blocks, the
actors in the news, the width used on a desktop and one column on a phone;
and nothing on the page moves as its pictures arrive. Screenshots go to
test-artifacts/front/ for people to look at."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from tests.browser.test_editorial_flow import SCREENSHOTS

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ARTICLE = "/articles/netanyahu-putin-moscow-talks/"

# The sum of the page's layout shifts since it started loading (buffered:
# those before the observer was made too), as Core Web Vitals counts them.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def visit(browser, live_server, path: str, *, viewport, color_scheme) -> Page:
    """`path` read to its end, so that every lazy picture has come in."""
    page = browser.new_page(
        base_url=live_server.url, viewport=viewport, color_scheme=color_scheme
    )
    page.goto(path)
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, viewport["height"] // 2):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    return page


def shot(page: Page, name: str) -> None:
    folder = SCREENSHOTS.parent / "front"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_on_a_desktop_the_front_uses_the_width(
    browser, live_server, demo, color_scheme
):
    page = visit(browser, live_server, "/", viewport=DESKTOP, color_scheme=color_scheme)
    shot(page, f"home-1280-{color_scheme}")
    lead = page.locator(".card-lead")
    assert (
        lead.locator(".card-headline")
        .inner_text()
        .startswith("Netanyahu Presses Putin")
    )
    picture = lead.locator("img")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert picture.bounding_box()["width"] > 600
    assert page.locator(".section-block h2").all_text_contents() == [
        "Diplomacy",
        "Middle East",
        "Politics",
        "Security",
    ]
    assert page.locator(".in-the-news li a").count() >= 3
    grid = page.locator(".front-top").bounding_box()
    assert grid["width"] > 900
    # Cards side by side: the top stories sit in three columns.
    lefts = {round(box["x"]) for box in boxes(page, ".front-top .card")}
    assert len(lefts) == 3


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_on_a_phone_the_front_is_one_column_of_cards_with_few_chips(
    browser, live_server, demo, color_scheme
):
    page = visit(browser, live_server, "/", viewport=PHONE, color_scheme=color_scheme)
    shot(page, f"home-390-{color_scheme}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cards = boxes(page, "main .card")
    assert len(cards) > 10
    assert {round(box["x"]) for box in cards} == {round(cards[0]["x"])}
    chips = page.locator("main .card").evaluate_all(
        "cards => cards.map(c => c.querySelectorAll('.tags li:not(.more)').length)"
    )
    assert max(chips) == 3


@pytest.mark.parametrize(
    ("path", "viewport"),
    [("/", DESKTOP), ("/", PHONE), (ARTICLE, DESKTOP), (ARTICLE, PHONE)],
)
def test_nothing_moves_as_the_pictures_arrive(
    browser, live_server, demo, path, viewport
):
    page = visit(browser, live_server, path, viewport=viewport, color_scheme="light")
    assert page.locator("img").count() >= 1
    assert page.evaluate(LAYOUT_SHIFT) == 0


def boxes(page: Page, selector: str) -> list[dict]:
    return [
        box
        for card in page.locator(selector).all()
        if (box := card.bounding_box()) is not None
    ]


def test_a_printed_piece_is_its_text(browser, live_server, demo):
    page = browser.new_page(base_url=live_server.url)
    page.goto(ARTICLE)
    assert page.locator(".related-coverage").is_visible()
    page.emulate_media(media="print", color_scheme="dark")
    for selector in [".site-header nav", ".site-search", ".related-coverage", ".tags"]:
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator(".article .body").is_visible()
    # Paper is white, the text black, whatever the screen's colour scheme.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
        "rgb(255, 255, 255)"
    )
    page.set_content(
        '<link rel="stylesheet" href="/static/css/site.css">'
        '<article class="article"><div class="body">'
        '<a href="https://example.org/report">the report</a></div></article>'
    )
    page.wait_for_load_state("networkidle")
    link_after = page.evaluate(
        "getComputedStyle(document.querySelector('.body a'), '::after').content"
    )
    assert "https://example.org/report" in link_after
