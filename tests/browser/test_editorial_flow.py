"""The editorial workflow driven through the real admin in headless Chromium.

Runs whenever /usr/bin/chromium exists (`make test` deselects the `needs_chromium`
mark otherwise; `.ci/run` installs Chromium so CI always runs it).
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from articles.models import Article, Status
from articles.roles import EDITORS, REPORTERS, roles_setup
from entities.models import Kind
from tests.factories import EntityFactory, UserFactory

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
HEADLINE = "Netanyahu meets Putin to discuss Hezbollah"


@pytest.fixture
def people():
    roles_setup()
    EntityFactory(name="Hezbollah", kind=Kind.ORGANISATION)
    EntityFactory(name="Vladimir Putin", kind=Kind.PERSON)
    return (
        UserFactory(username="rita", first_name="Rita", groups=[REPORTERS]),
        UserFactory(username="eddie", first_name="Eddie", groups=[EDITORS]),
    )


def pick_actor(page: Page, typed: str, name: str) -> None:
    """Choose an actor in the actors field's autocomplete (select2) box."""
    page.click("#id_actors + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", typed)
    page.click(f".select2-results__option:has-text('{name}')")
    expect(page.locator("#id_actors + .select2")).to_contain_text(name)


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def run_action(page: Page, headline: str, action: str) -> None:
    page.goto("/admin/articles/article/")
    row = page.locator("#result_list tr", has_text=headline)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_reporter_drafts_and_submits_editor_publishes_reader_reads(
    browser, live_server, log_in, people
):
    reporter, editor = people

    # A reporter writes a draft and tags its actors with the autocomplete.
    page = log_in(reporter.username)
    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_body", "The two leaders met in Moscow.")
    moves = page.locator("button[name=_move]").evaluate_all(
        "buttons => buttons.map(b => b.value)"
    )
    assert moves == ["review"]
    pick_actor(page, "hezb", "Hezbollah")
    pick_actor(page, "putin", "Vladimir Putin")
    shot(page, "1-reporter-draft")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get()
    assert article.status == Status.DRAFT
    assert sorted(article.entities.names()) == ["Hezbollah", "Vladimir Putin"]

    # …sends it for review…
    run_action(page, HEADLINE, "send_to_review")
    expect(page.locator(".messagelist")).to_contain_text("Sent 1 piece for review.")

    # …and cannot publish it: not offered, and refused when forced.
    options = page.locator("select[name=action] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert "publish_now" not in options
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.evaluate(
        """() => {
            const forged = document.querySelector('button[name=_move]');
            forged.value = 'publish';
            forged.click();
        }"""
    )
    expect(page.locator(".errorlist")).to_contain_text(
        "You may not do that to this piece."
    )
    shot(page, "2-reporter-refused")
    assert Article.objects.get().status == Status.REVIEW

    # An editor publishes it.
    page = log_in(editor.username)
    run_action(page, HEADLINE, "publish_now")
    expect(page.locator(".messagelist")).to_contain_text("Published 1 piece.")
    shot(page, "3-editor-published")

    # A reader sees it, with its actors.
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/")
    reader.click(f"text={HEADLINE}")
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator("main")).to_contain_text("Hezbollah")
    expect(reader.locator("main")).to_contain_text("Vladimir Putin")
    expect(reader.locator(".preview-banner")).to_have_count(0)
    shot(reader, "4-reader")
