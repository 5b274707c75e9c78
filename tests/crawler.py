"""A reader's crawl of the whole public site, for tests that nothing leaks.

It starts at / and the API root (and the sitemap, robots.txt and site feed once
they exist) and follows every link a response offers: hrefs and srcs in pages
(an image is only checked to be there), <link>/<loc> in feeds and sitemaps,
URLs in plain text, site URLs in JSON, plus the API's own ways of pointing
(article, actor and author slugs, page numbers). Every GET form it meets (a
search box) is submitted with each of the given search terms. A new reader
surface is therefore crawled as soon as something links to it.
"""

import html
import json
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

ROOTS = ["/", "/api/articles/"]
# Crawled too when they exist: nothing need link to them.
WELL_KNOWN = ["/sitemap.xml", "/robots.txt", "/feeds/latest/"]
NOT_READER_PAGES = ("/admin/", "/static/")
_HTML_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")
_XML_LINK = re.compile(r"<(?:link|loc|id)>\s*([^<\s]+)\s*</")
_TEXT_LINK = re.compile(r"https?://\S+")
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = r"""\b{}\s*=\s*["']([^"']*)["']"""
_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)

    def leaks(self, *needles: str) -> list[tuple[str, str]]:
        """Every (url, needle) where a needle shows on a crawled page."""
        return [
            (url, needle)
            for url, text in self.pages.items()
            for needle in needles
            if needle in text
        ]


class SiteCrawler:
    def __init__(self, client, limit: int = 3000):
        self.client = client
        self.limit = limit

    def crawl(self, *roots: str, search_terms: tuple[str, ...] = ()) -> Crawl:
        """Crawl from the roots; `search_terms` are typed into every GET form."""
        self.search_terms = search_terms
        result = Crawl()
        well_known = [url for url in WELL_KNOWN if url not in roots]
        queue = deque([*ROOTS, *roots, *well_known])
        seen = set(queue)
        while queue:
            url = queue.popleft()
            response = self.client.get(url)
            if url in well_known and response.status_code == 404:
                continue
            if response.status_code in (301, 302):
                links = [response["Location"]]
            else:
                status = response.status_code
                assert status == 200, f"{url} is linked but answers {status}"
                if response.streaming:
                    # A file (an image): it is there, and points nowhere. Read
                    # to the end, which closes it as the test client means to.
                    b"".join(response.streaming_content)
                    continue
                text = response.content.decode()
                result.pages[url] = text
                links = self._links(url, response, text)
            for link in links:
                target = _site_path(url, link)
                if target and target not in seen:
                    seen.add(target)
                    queue.append(target)
            assert len(seen) <= self.limit, "the crawl does not end: a link loop?"
        return result

    def _links(self, url: str, response, text: str) -> list[str]:
        kind = response.get("Content-Type", "")
        if "json" in kind:
            return list(_json_links(json.loads(text), url))
        if "xml" in kind:
            return [html.unescape(link) for link in _XML_LINK.findall(text)]
        if "html" in kind:
            links = [html.unescape(link) for link in _HTML_LINK.findall(text)]
            return links + list(self._form_submissions(url, text))
        if "text/plain" in kind:
            return _TEXT_LINK.findall(text)
        return []

    def _form_submissions(self, url: str, text: str):
        for attributes, body in _FORM.findall(text):
            method = re.search(_ATTRIBUTE.format("method"), attributes)
            if method and method.group(1).lower() != "get":
                continue
            action = re.search(_ATTRIBUTE.format("action"), attributes)
            target = html.unescape(action.group(1)) if action else url
            for field_tag in _INPUT.findall(body):
                kind = re.search(_ATTRIBUTE.format("type"), field_tag)
                name = re.search(_ATTRIBUTE.format("name"), field_tag)
                if name and (not kind or kind.group(1) in ("search", "text")):
                    for term in self.search_terms:
                        query = urlencode({name.group(1): term})
                        yield f"{target.split('?')[0]}?{query}"


def _site_path(base: str, link: str) -> str | None:
    """The link as a path (and query) on this site, or None if it leaves it."""
    parts = urlsplit(urljoin(f"http://testserver{base}", link))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(NOT_READER_PAGES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _json_links(data, url: str):
    """Site URLs in a JSON answer, and the API pages its slugs and counts point at."""
    if isinstance(data, dict):
        if {"page", "pages", "results"} <= data.keys():
            parts = urlsplit(url)
            query = dict(parse_qsl(parts.query))
            for number in range(1, data["pages"] + 1):
                yield f"{parts.path}?{urlencode({**query, 'page': number})}"
        if "slug" in data and "headline" in data:
            yield f"/api/articles/{data['slug']}"
        if "slug" in data and "kind" in data:
            yield f"/api/entities/{data['slug']}"
            yield f"/api/articles/?{urlencode({'entity': data['slug']})}"
        if "slug" in data and "/authors/" in str(data.get("url", "")):
            yield f"/api/authors/{data['slug']}"
        for value in data.values():
            yield from _json_links(value, url)
    elif isinstance(data, list):
        for value in data:
            yield from _json_links(value, url)
    elif isinstance(data, str) and (
        data.startswith("/") or data.startswith("http://testserver/")
    ):
        yield data
