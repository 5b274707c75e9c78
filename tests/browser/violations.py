"""Watching a page for what the Content-Security-Policy refuses."""

from playwright.sync_api import Page

# Runs in every document before its own scripts, outside the page's policy.
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile}:${event.lineNumber})`
  );
});
"""


class ViolationWatch:
    def __init__(self, page: Page):
        self.page = page
        self.seen: list[str] = []
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.seen.append(f"{self.page.url}: {message.text}")

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.collect()

    def collect(self) -> None:
        for violation in self.page.evaluate("window.cspViolations.splice(0)"):
            self.seen.append(f"{self.page.url}: {violation}")
