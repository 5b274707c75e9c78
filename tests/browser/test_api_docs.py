"""/api/docs, the interactive API documentation, in headless Chromium: it shows
every operation of the schema, runs one, raises no Content-Security-Policy
violation and asks nothing of any host but the site's own."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from newsroom.api import api
from tests.browser.violations import ViolationWatch
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.needs_chromium, pytest.mark.django_db(transaction=True)]


def test_the_docs_show_every_operation_from_our_own_files(browser, live_server):
    ArticleFactory(slug="talks", headline="Talks resume")
    page = browser.new_context(base_url=live_server.url).new_page()
    page.set_default_timeout(15_000)
    site = urlsplit(live_server.url).netloc
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).netloc == site
            or request.url.startswith("data:")
            or elsewhere.append(request.url)
        ),
    )
    watch = ViolationWatch(page)
    watch.visit("/api/docs")

    operations = [
        (method.upper(), path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    ]
    blocks = page.locator(".opblock")
    expect(blocks).to_have_count(len(operations))
    shown = {
        (
            block.locator(".opblock-summary-method").inner_text(),
            block.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for block in blocks.all()
    }
    assert shown == set(operations)

    articles = page.locator(".opblock", has_text="/api/articles/").first
    articles.locator(".opblock-summary").click()
    articles.get_by_role("button", name="Try it out").click()
    articles.get_by_role("button", name="Execute").click()
    expect(articles.locator(".responses-table.live-responses-table")).to_contain_text(
        "talks"
    )
    watch.collect()
    assert watch.seen == []
    assert elsewhere == []
    assert urlsplit(live_server.url).hostname in {"127.0.0.1", "localhost"}
