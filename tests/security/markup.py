"""What a browser or a feed reader would run in an answer, found by parsing it.

Each checker returns the problems it finds as readable strings; an empty list
means nothing in the answer can execute: no script but the site's own (files of
its own, or JSON-LD whose hash the response's policy admits), no event handler,
no `javascript:`/`data:`/`vbscript:` URL, no inline style, no frame or plugin.
"""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "action",
    "background",
    "data",
    "formaction",
    "href",
    "poster",
    "src",
    "xlink:href",
}
FORBIDDEN_ELEMENTS = {"base", "embed", "frame", "iframe", "object", "style"}
# Browsers trim a URL of controls and spaces and drop tabs and newlines from
# it before reading its scheme: " java\tscript:" is a script URL.
_TRIMMED = "".join(chr(code) for code in range(0x21))
_DROPPED = re.compile(r"[\t\n\r]")


class _Page(HTMLParser):
    def __init__(self, admitted: set[str]):
        super().__init__(convert_charrefs=True)
        self.admitted = admitted
        self.problems: list[str] = []
        self.json_ld: list[dict] = []
        self.text: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            elif name in URL_ATTRIBUTES and is_dangerous_url(value or ""):
                self.problems.append(f"<{tag} {name}={value!r}>")
        attributes = dict(attrs)
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._script = attributes
            self._script_text = []

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._check_script(self._script, "".join(self._script_text))
            self._script = None

    def _check_script(self, attributes: dict, content: str) -> None:
        if attributes.get("src", "").startswith("/") and not content.strip():
            return
        structured = attributes.get("type") == "application/ld+json"
        if structured and _hash(content) in self.admitted:
            self.json_ld.append(json.loads(content))
            return
        self.problems.append(f"<script {attributes}>{content[:80]}")


def is_dangerous_url(value: str) -> bool:
    url = _DROPPED.sub("", value.strip(_TRIMMED)).lower()
    return url.startswith(DANGEROUS_SCHEMES)


def parse_page(html: str, admitted: set[str] = frozenset()) -> _Page:
    """`html` parsed; `admitted` are the inline script hashes its policy allows."""
    page = _Page(admitted)
    page.feed(html)
    page.close()
    return page


def admitted_hashes(response) -> set[str]:
    """The inline script hashes the response's Content-Security-Policy admits."""
    return set(re.findall(r"'(sha256-[^']+)'", response["Content-Security-Policy"]))


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def feed_problems(xml: str) -> list[str]:
    """Problems in a feed or sitemap. The parts a reader renders as HTML (an RSS
    description, Atom's type="html") are judged as pages are; titles and the
    like are text by both specifications, and so is Media RSS's
    <media:description type="plain">."""
    problems = []
    for parent in ElementTree.fromstring(xml.encode()).iter():
        for element in parent:
            name = _local(element.tag)
            if name == "script":
                problems.append("<script> element")
            is_html = element.get("type") == "html" or (
                name == "description" and element.get("type") != "plain"
            )
            if is_html and element.text:
                problems += parse_page(element.text).problems
            if is_dangerous_url(element.get("href", "")):
                problems.append(f"<{name} href={element.get('href')!r}>")
    return problems


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
