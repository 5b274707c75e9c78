"""Markdown written by editors (article bodies, author bios) as safe HTML.

Markdown passes raw HTML through, so the rendered output is sanitized last.
"""

import hashlib
from importlib.metadata import version

import markdown
import nh3
from django.conf import settings
from django.core.cache import cache

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}


def render_markdown(source: str) -> str:
    """Safe HTML for text written in Markdown."""
    html = markdown.markdown(
        source, extensions=["extra", "sane_lists"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# What else the output depends on: a deploy that changes the rules or the
# libraries gets fresh keys rather than text sanitized the old way.
_RENDERER = hashlib.blake2b(
    repr(
        (
            sorted(_ALLOWED_TAGS),
            sorted((tag, sorted(names)) for tag, names in _ALLOWED_ATTRIBUTES.items()),
            version("markdown"),
            version("nh3"),
        )
    ).encode(),
    digest_size=8,
).hexdigest()


def markdown_html(source: str) -> str:
    """`render_markdown(source)`, kept in the cache.

    Rendering is a pure function of the text, so the key is a digest of the
    text itself: an edited text gets a new key however it was written (admin,
    import, shell), and a kept one is never stale.
    """
    digest = hashlib.blake2b(source.encode(), digest_size=16).hexdigest()
    key = f"markdown:{_RENDERER}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_markdown(source)
        cache.set(key, html, settings.RENDER_CACHE_SECONDS)
    return html
