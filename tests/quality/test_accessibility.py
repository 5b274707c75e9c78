import os

import pytest
from playwright.sync_api import sync_playwright

from .conftest import AXE_JS, CHROMIUM

# Playwright's sync API runs an event loop in this thread; the ORM work of the
# fixtures is all done before the browser starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_chromium]

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_page_type_passes_axe(live_server, reader_site, color_scheme):
    """axe-core finds no serious or critical violation, in light and dark mode."""
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        # axe-core is injected as an inline script, which the site's
        # Content-Security-Policy rightly refuses.
        page = browser.new_page(color_scheme=color_scheme, bypass_csp=True)
        for name, url in reader_site.items():
            page.goto(live_server.url + url)
            page.add_script_tag(path=str(AXE_JS))
            results = page.evaluate("axe.run(document)")
            problems += [
                f"{name}: {violation['id']} ({violation['impact']}): "
                f"{violation['help']} at {[n['target'] for n in violation['nodes']]}"
                for violation in results["violations"]
                if violation["impact"] in BLOCKING_IMPACTS
            ]
        browser.close()
    assert problems == []
