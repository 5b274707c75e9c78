import pytest
from django.db import connections
from playwright.sync_api import Page, expect, sync_playwright

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database reads between browser steps are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
        # Inside Playwright the test reads through connections of its own
        # context, which the test database's teardown would not see.
        connections.close_all()


@pytest.fixture
def log_in(browser, live_server):
    """A new browser session signed in to the admin through its login form."""

    def sign_in(username: str) -> Page:
        page = browser.new_context(base_url=live_server.url).new_page()
        page.set_default_timeout(15_000)
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page.locator("#user-tools")).to_contain_text("Welcome")
        return page

    return sign_in
