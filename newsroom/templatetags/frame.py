"""The page frame's fixed parts (the site's feeds, icons and stylesheet, its
header and its footer), each rendered once per process for what it shows;
and whole pages kept in the cache by what they show.

They are the same on every page but for the navigation's current entry, yet
rendering them (a dozen `{% url %}` and `{% static %}`, the sections' loop)
was about a quarter of an uncached article page's CPU. A part is rendered from its
template with only what `site_part` hands it, so it is a function of those
values and is kept under them, with what its addresses are made from (the
URLconf and script prefix) and the language. A change of settings (a test's)
forgets them all; a deploy restarts the processes. With DEBUG on they are
rendered every time, so a template edit shows on the next reload.

A page whose view says what it shows (`page_shows` in its context: a digest of
everything it renders besides the frame, as articles.page_parts makes for an
article) is kept whole under that and the frame's values: after a write moves
the content generation, so that every address misses the page cache, a page
whose piece did not change is read from the database (which still decides
whether it is public) and served without rendering anything. The inline
scripts it admitted are kept with it and admitted again (newsroom.csp).
"""

import functools
import hashlib
from typing import NamedTuple

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from newsroom.addresses import canonical_address
from newsroom.csp import admit_script_hashes, admitted_script_hashes

register = template.Library()


class _Frame(NamedTuple):
    site_name: str
    # (name, address) of the navigation's sections.
    sections: tuple[tuple[str, str], ...]
    # The page's view when it is one the navigation names, else "".
    current_view: str
    # The page's address when it is a section's in the navigation, else "".
    current_path: str
    urlconf: str
    script_prefix: str
    language: str | None


def _frame(context) -> _Frame:
    request = context["request"]
    sections = tuple(tuple(section) for section in context["header_sections"])
    match = request.resolver_match
    on_section = any(url == request.path for _, url in sections)
    return _Frame(
        site_name=context["site_name"],
        sections=sections,
        current_view=match.view_name if match else "",
        current_path=request.path if on_section else "",
        urlconf=get_urlconf() or settings.ROOT_URLCONF,
        script_prefix=get_script_prefix(),
        language=get_language(),
    )


@register.simple_tag(takes_context=True)
def site_part(context, template_name: str) -> SafeString:
    """The frame's part `template_name` for the page being rendered."""
    frame = _frame(context)
    if settings.DEBUG:
        return _rendered.__wrapped__(template_name, frame)
    return _rendered(template_name, frame)


@functools.lru_cache(maxsize=256)
def _rendered(template_name: str, frame: _Frame) -> SafeString:
    return mark_safe(
        render_to_string(
            template_name,
            {
                "site_name": frame.site_name,
                "header_sections": frame.sections,
                "current_view": frame.current_view,
                "current_path": frame.current_path,
            },
        )
    )


@register.tag
def stored_page(parser, token):
    """{% stored_page %}…{% endstored_page %}: the page, kept whole by what it
    shows when its view says so (`page_shows`), else rendered."""
    nodelist = parser.parse(("endstored_page",))
    parser.delete_first_token()
    return _StoredPageNode(nodelist)


class _StoredPageNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        shows = context.get("page_shows")
        if not shows or settings.DEBUG:
            return self.nodelist.render(context)
        request = context["request"]
        # Its canonical address holds the scheme, host and parameters shown.
        shown = (shows, canonical_address(request), _frame(context))
        key = (
            "page-shown:"
            + hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
        )
        stored = cache.get(key)
        if stored is not None:
            html, hashes = stored
            admit_script_hashes(request, hashes)
            return mark_safe(html)
        admitted = len(admitted_script_hashes(request))
        html = self.nodelist.render(context)
        hashes = admitted_script_hashes(request)[admitted:]
        cache.set(key, (str(html), hashes), settings.RENDER_CACHE_SECONDS)
        return html


@receiver(setting_changed)
def _forget_rendered(**kwargs) -> None:
    _rendered.cache_clear()
