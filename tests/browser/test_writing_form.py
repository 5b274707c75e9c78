"""The writing form in headless Chromium: its layout measured, its live aids
used as a reporter would, and its pages judged by axe.

Screenshots of each step go to test-artifacts/browser/writing/.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from articles import workflow
from articles.models import Article, Status
from articles.revisions import article_versions
from articles.roles import EDITORS, REPORTERS, roles_setup
from entities.models import Kind
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    EntityAliasFactory,
    EntityFactory,
    UserFactory,
)
from tests.quality.conftest import AXE_JS

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser" / "writing"
BLOCKING_IMPACTS = {"serious", "critical"}

# Headings taller than two lines of their own text (plus their padding and
# borders): the autotag panel's heading once stretched to 1,700 px behind the form.
TALL_HEADINGS = """() => [...document.querySelectorAll("h1, h2, h3, h4")]
    .filter(h => h.offsetParent !== null)
    .map(h => {
        const s = getComputedStyle(h);
        const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5;
        const frame = ["paddingTop", "paddingBottom", "borderTopWidth",
                       "borderBottomWidth"]
            .reduce((sum, p) => sum + parseFloat(s[p]), 0);
        return {text: h.textContent.trim().slice(0, 60),
                height: Math.round(h.getBoundingClientRect().height),
                limit: Math.round(2 * line + frame + 2)};
    })
    .filter(h => h.height > h.limit)"""

# Whether a link is seen: on top where it is drawn, and its text's contrast
# with the first opaque background behind it (WCAG's formula).
LINK_SEEN = """(link) => {
    link.scrollIntoView({block: "center"});
    const box = link.getBoundingClientRect();
    const top = document.elementFromPoint(
        box.left + box.width / 2, box.top + box.height / 2);
    const rgb = c => c.match(/[\\d.]+/g).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    let node = link, behind = [255, 255, 255];
    while (node) {
        const c = rgb(getComputedStyle(node).backgroundColor);
        if (c.length < 4 || c[3] > 0) { behind = c; break; }
        node = node.parentElement;
    }
    const a = lum(rgb(getComputedStyle(link).color)), b = lum(behind);
    return {onTop: link.contains(top), width: box.width, height: box.height,
            contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


@pytest.fixture
def desk():
    roles_setup()
    hezbollah = EntityFactory(name="Hezbollah", kind=Kind.ORGANISATION)
    EntityAliasFactory(entity=hezbollah, name="Hizbollah")
    netanyahu = EntityFactory(name="Benjamin Netanyahu", kind=Kind.PERSON)
    EntityAliasFactory(entity=netanyahu, name="Bibi")
    hamas = EntityFactory(name="Hamas", kind=Kind.ORGANISATION)
    piece = ArticleFactory(
        headline="Hamas and Hezbollah restore ties",
        body="Hamas said so. Hezbollah agreed, and Bibi said nothing.",
    )
    piece.entity_links.create(tag=hamas)
    return {
        "reporter": UserFactory(username="rita", first_name="Rita", groups=[REPORTERS]),
        "editor": UserFactory(username="eddie", first_name="Eddie", groups=[EDITORS]),
        "piece": piece,
    }


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def change_path(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def test_the_change_page_is_laid_out_and_a_conflict_s_links_are_seen(log_in, desk):
    piece = desk["piece"]
    page = log_in("eddie")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(change_path(piece))
    expect(page.locator(".actor-suggestions")).to_contain_text("Hezbollah")
    shot(page, "1-change-page")
    assert page.evaluate(TALL_HEADINGS) == []

    # Someone else saves while this editor types; this editor's save is refused.
    page.fill("#id_body", "What the editor typed meanwhile.")
    piece.headline = "Saved by someone else"
    workflow.article_save(article=piece, by=desk["editor"], comment="Meanwhile.")
    page.click("input[name=_continue]")
    expect(page.locator(".conflict-panel")).to_contain_text(
        "What you typed is still in the form below."
    )
    shot(page, "2-conflict")
    assert page.evaluate(TALL_HEADINGS) == []
    assert page.input_value("#id_body") == "What the editor typed meanwhile."
    for text in [
        "Open the latest version in a new tab",
        "reload this page with the latest version",
    ]:
        seen = page.locator(".conflict-panel a", has_text=text).evaluate(LINK_SEEN)
        assert seen["onTop"], text
        assert seen["width"] > 0 and seen["height"] > 0, text
        assert seen["contrast"] >= 4.5, (text, seen)


def test_adding_a_suggested_actor_keeps_what_was_typed(log_in, desk):
    piece = desk["piece"]
    page = log_in("eddie")
    page.goto(change_path(piece))
    page.evaluate("window.sameDocument = true")
    page.fill("#id_body", "Typed, not saved: Hezbollah agreed, and Bibi said nothing.")
    add = page.get_by_role("button", name="Add Benjamin Netanyahu")
    add.click()
    expect(page.locator("#id_actors + .select2")).to_contain_text(
        "Benjamin Netanyahu — person"
    )
    expect(add).to_have_count(0)  # no longer suggested: it is chosen
    assert page.evaluate("window.sameDocument") is True, "the page reloaded"
    assert page.input_value("#id_body").startswith("Typed, not saved")
    assert Article.objects.get().version == piece.version, "nothing saved"
    shot(page, "3-suggestion-added")

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    stored = Article.objects.get()
    assert stored.body.startswith("Typed, not saved")
    assert sorted(stored.entities.names()) == ["Benjamin Netanyahu", "Hamas"]
    comment = article_versions(stored).first().revision.comment
    assert comment == "Changed Body. Tagged Benjamin Netanyahu."


def test_the_newsroom_s_morning(browser, live_server, log_in, desk):
    """A reporter writes and sends a piece; an editor finds it on the desk,
    pins it to the home page and publishes it; readers see it first."""
    page = log_in("rita")
    page.goto("/admin/articles/article/add/")
    shot(page, "4-morning-empty-form")
    page.fill("#id_headline", "Bibi answers Hizbollah")
    page.fill(
        "#id_body",
        "Benjamin Netanyahu, known as Bibi, said **bold** words about Hizbollah.",
    )
    suggestions = page.locator(".actor-suggestions")
    # Within a second of typing, with nothing saved.
    expect(suggestions).to_contain_text("Hezbollah", timeout=1_000)
    expect(suggestions).to_contain_text("Benjamin Netanyahu", timeout=1_000)
    assert Article.objects.count() == 1, "only the piece already there"
    expect(page.locator(".markdown-preview strong")).to_have_text("bold")
    assert (
        page.locator(".markdown-preview strong").evaluate(
            "el => parseInt(getComputedStyle(el).fontWeight, 10)"
        )
        >= 600
    )
    expect(page.locator("#id_body-count")).to_contain_text("words")
    shot(page, "5-morning-suggested")

    page.get_by_role("button", name="Add Hezbollah").click()
    page.get_by_role("button", name="Add Benjamin Netanyahu").click()
    chosen = page.locator("#id_actors + .select2")
    expect(chosen).to_contain_text("Hezbollah — organisation")
    expect(chosen).to_contain_text("Benjamin Netanyahu — person")
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    shot(page, "6-morning-actors-added")

    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Sent for review")
    shot(page, "7-morning-sent-for-review")
    article = Article.objects.get(headline="Bibi answers Hizbollah")
    assert article.status == Status.REVIEW
    assert sorted(article.entities.names()) == ["Benjamin Netanyahu", "Hezbollah"]
    comment = article_versions(article).first().revision.comment
    assert comment == "Added. Tagged Benjamin Netanyahu, Hezbollah."

    editor = log_in("eddie")
    editor.goto("/admin/")
    waiting = editor.locator(".desk-panel", has_text="Waiting for review")
    expect(waiting).to_contain_text("sent by Rita")
    shot(editor, "8-morning-the-desk")
    waiting.get_by_role("link", name="Bibi answers Hizbollah").click()
    editor.locator("#pins-group .add-row a").click()
    expect(editor.locator("#id_pins-0-section option:checked")).to_have_text(
        "Home page"
    )
    editor.fill("#id_pins-0-ordering", "1")
    editor.get_by_role("button", name="Publish now").click()
    expect(editor.locator(".messagelist")).to_contain_text("Published")
    shot(editor, "9-morning-published")

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/")
    expect(reader.locator(".card-headline").first).to_have_text(
        "Bibi answers Hizbollah"
    )
    shot(reader, "10-morning-home-page")


def test_unsaved_text_is_offered_back_after_the_tab_closes(log_in, desk):
    page = log_in("rita")
    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", "A headline never saved")
    page.fill("#id_body", "A body never saved.")
    page.wait_for_function(
        "() => (localStorage.getItem('newsroom:article:new') || '').includes('never')"
    )
    page.goto("/admin/articles/article/add/")
    restore = page.get_by_role("button", name="Restore it")
    expect(restore).to_be_visible()
    shot(page, "11-restore-offered")
    restore.click()
    assert page.input_value("#id_body") == "A body never saved."
    assert page.input_value("#id_headline") == "A headline never saved"
    page.goto("/admin/articles/article/add/")
    page.get_by_role("button", name="Discard it").click()
    page.goto("/admin/articles/article/add/")
    expect(page.get_by_role("button", name="Restore it")).to_be_hidden()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_add_and_change_forms_pass_axe(browser, live_server, desk, color_scheme):
    context = browser.new_context(
        base_url=live_server.url, color_scheme=color_scheme, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    problems = []
    for url in ["/admin/articles/article/add/", change_path(desk["piece"])]:
        page.goto(url)
        expect(page.locator(".actor-suggestions table")).to_have_count(
            1 if "change" in url else 0
        )
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate("axe.run(document)")
        problems += [
            f"{url}: {v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
    assert problems == [], "\n".join(problems)


def test_the_list_gives_headlines_the_width_at_1280_px(log_in, desk):
    page = log_in("eddie")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/articles/article/")
    widths = page.evaluate(
        """() => ({
            headline: document.querySelector("#result_list td.field-headline, "
                + "#result_list th.field-headline").getBoundingClientRect().width,
            list: document.querySelector("#result_list").getBoundingClientRect().width,
            shown: document.querySelector(".results").scrollWidth
                <= document.querySelector(".results").clientWidth,
        })"""
    )
    shot(page, "9-list")
    assert widths["headline"] >= 0.4 * widths["list"], widths
    assert widths["shown"], "the list scrolls sideways"
