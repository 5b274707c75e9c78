"""The admin and the reader pages work under the Content-Security-Policy.

Chromium reports every refused script, style or handler as a
`securitypolicyviolation` event and a console error; a tour of the admin (an
editor's daily pages, the actors inline and its autocomplete included) and of
every reader page type must produce none.
"""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from entities.models import Kind
from tests.browser.violations import ViolationWatch
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityAliasFactory,
    EntityFactory,
    UserFactory,
)

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom():
    hezbollah = EntityFactory(name="Hezbollah", kind=Kind.ORGANISATION)
    EntityAliasFactory(entity=hezbollah, name="Hizbollah")
    hamas = EntityFactory(name="Hamas", kind=Kind.ORGANISATION)
    EntityFactory(name="Vladimir Putin", kind=Kind.PERSON)
    AuthorFactory(name="Karim Haddad")
    piece = ArticleFactory(
        headline="Hamas and Hezbollah restore ties",
        body="Talks in *Beirut*.\n\n> A quote.\n\n[Source](https://example.org/)",
        entities=[hamas, hezbollah],
        byline="",
        authors=[AuthorFactory(name="Dana Levin", slug="dana-levin", bio="*Bio*.")],
    )
    piece.corrections.create(text="The talks were on Monday.")
    ArticleFactory(headline="Hezbollah rearms", entities=[hamas, hezbollah])
    return piece


def test_the_admin_works_without_a_violation(log_in, newsroom):
    chief = UserFactory(username="chief", is_superuser=True)
    page = log_in("chief")
    watch = ViolationWatch(page)
    piece = Article.objects.get(pk=newsroom.pk)

    watch.visit("/admin/")
    watch.visit("/admin/articles/article/")
    watch.visit("/admin/articles/article/add/")
    watch.visit(f"/admin/articles/article/{piece.pk}/change/")
    # The date picker and clock of the publish time.
    page.click("#calendarlink0")
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.click("#calendarbox0 .calendarnav-next")
    page.keyboard.press("Escape")
    page.click("#clocklink0")
    page.click("#clockbox0 a:has-text('Noon')")
    # The actors field and its autocomplete, as an editor tags; the live
    # suggestions and the Markdown preview ask the site as the text changes.
    page.click("#id_actors + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "put")
    page.click(".select2-results__option:has-text('Vladimir Putin')")
    page.fill("#id_body", "Talks in **Beirut** with Hizbollah.")
    expect(page.locator(".markdown-preview strong")).to_have_text("Beirut")
    expect(page.locator(".actor-suggestions")).to_contain_text("None")
    # The authors inline: a second author, chosen the same way.
    page.click("#author_links-group .add-row a")
    page.click("#author_links-2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "kar")
    page.click(".select2-results__option:has-text('Karim Haddad')")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert [a.name for a in piece.authors] == ["Dana Levin", "Karim Haddad"]
    watch.collect()
    watch.visit(f"/admin/articles/article/{piece.pk}/history/")
    watch.visit(f"/admin/articles/article/{piece.pk}/delete/")
    watch.visit("/admin/entities/entity/")
    watch.visit("/admin/entities/entity/?q=hez")
    watch.visit(f"/admin/entities/entity/{piece.entities.get(name='Hamas').pk}/change/")
    watch.visit("/admin/entities/mergerecord/")
    watch.visit("/admin/authors/author/")
    watch.visit(f"/admin/authors/author/{piece.authors[0].pk}/change/")
    watch.visit("/admin/auth/user/")
    watch.visit(f"/admin/auth/user/{chief.pk}/change/")
    watch.visit("/admin/axes/accessattempt/")
    assert watch.seen == []


def test_reader_pages_show_without_a_violation(browser, live_server, newsroom):
    page = browser.new_context(base_url=live_server.url).new_page()
    watch = ViolationWatch(page)
    for url in [
        "/",
        newsroom.get_absolute_url(),
        f"{newsroom.get_absolute_url()}related/",
        "/entities/",
        "/entities/hezbollah/",
        "/entities/hamas+hezbollah/",
        "/authors/",
        "/authors/dana-levin/",
        "/corrections/",
        "/search/?q=hezbollah",
        "/no-such-page/",
    ]:
        watch.visit(url)
    assert watch.seen == []


def test_the_policy_refuses_and_reports_injected_code(browser, live_server, newsroom):
    """The watch above would see a violation: markup that slipped through is inert."""
    page = browser.new_context(base_url=live_server.url).new_page()
    watch = ViolationWatch(page)
    watch.visit(newsroom.get_absolute_url())
    page.evaluate(
        """() => document.body.insertAdjacentHTML(
            "beforeend", '<img src="/static/img/logo.png" onload="window.ran = 1">'
        )"""
    )
    page.wait_for_timeout(200)
    watch.collect()
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in watch.seen)
