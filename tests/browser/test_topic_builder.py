"""An editor builds "Hamas, Hezbollah and Iran" in headless Chromium: the
rule's actors by autocomplete, the live preview following each change with
nothing saved, a pin and an exclusion from the preview, then save and publish.

Screenshots of each step go to test-artifacts/browser/topics/.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import Status
from articles.roles import EDITORS, REPORTERS, roles_setup
from entities.models import Kind
from tests.factories import PASSWORD, ArticleFactory, EntityFactory, UserFactory
from tests.quality.conftest import AXE_JS
from topics.models import Topic
from topics.ranking import topic_articles

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser" / "topics"
BLOCKING_IMPACTS = {"serious", "critical"}

ALL_THREE = "Hamas, Hezbollah and Iran meet in Beirut"
HAMAS_IRAN = "Hamas and Iran talk money"
HAMAS_HEZBOLLAH = "Hamas and Hezbollah on the border"
HAMAS_ONLY = "Hamas alone in Gaza"
CAIRO = "Cairo hosts Hamas and Iran"
DRAFT = "Not yet: Hamas, Hezbollah and Iran"


@pytest.fixture
def newsroom():
    roles_setup()
    actor = {
        name: EntityFactory(name=name, kind=kind)
        for name, kind in [
            ("Hamas", Kind.ORGANISATION),
            ("Hezbollah", Kind.ORGANISATION),
            ("Iran", Kind.COUNTRY),
            ("Egypt", Kind.COUNTRY),
            ("Israel", Kind.COUNTRY),
        ]
    }
    now = timezone.now()
    pieces = {}
    for hours, headline, names, status in [
        (5, ALL_THREE, ["Hamas", "Hezbollah", "Iran"], Status.PUBLISHED),
        (1, HAMAS_IRAN, ["Hamas", "Iran"], Status.PUBLISHED),
        (2, HAMAS_HEZBOLLAH, ["Hamas", "Hezbollah"], Status.PUBLISHED),
        (3, HAMAS_ONLY, ["Hamas", "Israel"], Status.PUBLISHED),
        (4, CAIRO, ["Hamas", "Iran", "Egypt"], Status.PUBLISHED),
        (0, DRAFT, ["Hamas", "Hezbollah", "Iran"], Status.DRAFT),
    ]:
        pieces[headline] = ArticleFactory(
            headline=headline,
            status=status,
            publish_at=now - timedelta(hours=hours) if hours else None,
            entities=[actor[name] for name in names],
        )
    UserFactory(username="eddie", first_name="Eddie", groups=[EDITORS])
    UserFactory(username="rita", first_name="Rita", groups=[REPORTERS])
    return pieces


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def choose_actor(page: Page, part: str, typed: str, label: str) -> None:
    """Types into a rule part's autocomplete and picks what it offers."""
    page.locator(f"#id_{part} + .select2 .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=label).click()
    expect(page.locator(f"#id_{part} + .select2")).to_contain_text(label)


def test_an_editor_builds_a_topic_with_the_live_preview(
    browser, live_server, log_in, newsroom
):
    page = log_in("eddie")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/topics/topic/add/")
    page.evaluate("window.sameDocument = true")
    count = page.locator(".topic-preview-count")
    rows = page.locator(".topic-preview-list tbody tr")
    page.fill("#id_title", "Hamas, Hezbollah and Iran")
    shot(page, "1-empty-form")

    choose_actor(page, "all_of", "Ham", "Hamas — organisation")
    expect(count).to_contain_text("5 public pieces match the rule")
    expect(rows).to_have_count(5)
    expect(page.locator(".topic-preview")).not_to_contain_text(DRAFT)
    shot(page, "2-every-one-of-hamas")

    choose_actor(page, "any_of", "Hezb", "Hezbollah — organisation")
    choose_actor(page, "any_of", "Ira", "Iran — country")
    expect(count).to_contain_text("4 public pieces match the rule")
    choose_actor(page, "none_of", "Egy", "Egypt — country")
    expect(count).to_contain_text("3 public pieces match the rule")
    # Most relevant first: sharing all three, then the rarer Hezbollah.
    expect(rows.nth(0)).to_contain_text(ALL_THREE)
    expect(rows.nth(0)).to_contain_text("Hezbollah, Iran, Hamas")  # rarest first
    expect(page.locator(".topic-preview")).not_to_contain_text(CAIRO)
    shot(page, "3-the-whole-rule")

    page.fill("#id_min_shared", "2")
    expect(count).to_contain_text("1 public piece matches the rule")
    expect(rows).to_have_count(1)
    page.fill("#id_min_shared", "3")
    expect(page.locator(".topic-preview .errorlist")).to_contain_text(
        "A piece cannot share 3 of 2 actors."
    )
    shot(page, "4-a-rule-with-a-problem")
    page.fill("#id_min_shared", "1")
    expect(count).to_contain_text("3 public pieces match the rule")

    page.get_by_role("button", name=f"Pin “{HAMAS_IRAN}”").click()
    expect(page.locator("#pins-group .select2").first).to_contain_text(HAMAS_IRAN)
    expect(rows.nth(0)).to_contain_text(f"Pinned: {HAMAS_IRAN}")
    expect(count).to_contain_text("the page lists 1 pinned piece first")
    page.get_by_role("button", name=f"Exclude “{HAMAS_HEZBOLLAH}”").click()
    expect(page.locator("#id_excluded + .select2")).to_contain_text(HAMAS_HEZBOLLAH)
    expect(count).to_contain_text("2 public pieces match the rule")
    expect(page.locator(".topic-preview")).not_to_contain_text(HAMAS_HEZBOLLAH)
    expect(rows).to_have_count(2)
    assert page.evaluate("window.sameDocument") is True, "the page reloaded"
    assert not Topic.objects.exists(), "nothing saved by the preview"
    shot(page, "5-pinned-and-excluded")

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    topic = Topic.objects.get()
    assert topic.status == Status.DRAFT
    page.select_option("#id_status", Status.PUBLISHED)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    # The saved form previews what it saved.
    expect(rows.nth(0)).to_contain_text(f"Pinned: {HAMAS_IRAN}")
    shot(page, "6-published")

    topic.refresh_from_db()
    assert topic.is_public
    assert [e.name for e in topic.all_of] == ["Hamas"]
    assert [e.name for e in topic.any_of] == ["Hezbollah", "Iran"]
    assert [e.name for e in topic.none_of] == ["Egypt"]
    assert [p.headline for p in topic.excluded.all()] == [HAMAS_HEZBOLLAH]
    on_page = [piece.headline for piece in topic_articles(topic=topic)]
    assert on_page == [HAMAS_IRAN, ALL_THREE]

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/topics/hamas-hezbollah-and-iran/")
    cards = reader.locator(".topic-item")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Editors' choice")
    expect(cards.nth(0)).to_contain_text(HAMAS_IRAN)
    expect(cards.nth(1)).to_contain_text(ALL_THREE)
    expect(reader.locator("main")).not_to_contain_text(HAMAS_HEZBOLLAH)
    expect(reader.locator("main")).not_to_contain_text(DRAFT)
    shot(reader, "7-the-reader-page")


def test_a_reporter_s_draft_cannot_be_published_by_them(log_in, newsroom):
    page = log_in("rita")
    page.goto("/admin/topics/topic/add/")
    page.fill("#id_title", "Hamas alone")
    choose_actor(page, "all_of", "Ham", "Hamas — organisation")
    expect(page.locator(".topic-preview-count")).to_contain_text("5 public pieces")
    page.select_option("#id_status", Status.PUBLISHED)
    page.click("input[name=_save]")
    expect(page.locator(".field-status .errorlist")).to_contain_text(
        "Only editors publish a topic"
    )
    # The refused form still previews what it holds.
    expect(page.locator(".topic-preview-count")).to_contain_text("5 public pieces")
    shot(page, "8-reporter-may-not-publish")
    assert not Topic.objects.exists()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_topic_forms_pass_axe(browser, live_server, newsroom, color_scheme):
    context = browser.new_context(
        base_url=live_server.url, color_scheme=color_scheme, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("Welcome")
    page.goto("/admin/topics/topic/add/")
    page.fill("#id_title", "Hamas, Hezbollah and Iran")
    choose_actor(page, "all_of", "Ham", "Hamas — organisation")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    problems = []
    for url in ["/admin/topics/topic/add/", page.url]:
        page.goto(url)
        if "change" in url:
            expect(page.locator(".topic-preview-list")).to_have_count(1)
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate("axe.run(document)")
        problems += [
            f"{url}: {v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
    assert problems == [], "\n".join(problems)
