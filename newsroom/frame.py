"""The page frame's fixed parts (the site's feeds, icons and stylesheet, its
header and its footer), each rendered once per process for what it shows.

They are the same on every page but for the navigation's current entry, yet
rendering them (a dozen `{% url %}` and `{% static %}`, the sections' loop)
was about a quarter of an uncached article page's CPU. A part is rendered from its
template with only what `frame_part` hands it, so it is a function of those
values and is kept under them, with what its addresses are made from (the
URLconf and script prefix) and the language. A change of settings (a test's)
forgets them all; a deploy restarts the processes. With DEBUG on they are
rendered every time, so a template edit shows on the next reload.
"""

import functools
import hashlib
from collections.abc import Mapping
from typing import NamedTuple

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Engine
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# The parts base.html places, by the names it gives them.
FRAME_PARTS = {
    "head": "includes/site_head.html",
    "header": "includes/site_header.html",
    "footer": "includes/site_footer.html",
}


class Frame(NamedTuple):
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


def frame_of(context: Mapping) -> Frame:
    """The frame of the page whose template context (or context processors'
    values) is `context`."""
    request = context["request"]
    sections = tuple(tuple(section) for section in context["header_sections"])
    match = request.resolver_match
    on_section = any(url == request.path for _, url in sections)
    return Frame(
        site_name=context["site_name"],
        sections=sections,
        current_view=match.view_name if match else "",
        current_path=request.path if on_section else "",
        urlconf=get_urlconf() or settings.ROOT_URLCONF,
        script_prefix=get_script_prefix(),
        language=get_language(),
    )


def request_frame(request, **values) -> Frame:
    """The frame the site's templates give the answer to `request` when its
    view puts `values` in their context: the rest comes from the context
    processors, as in a template."""
    context = {}
    for processor in Engine.get_default().template_context_processors:
        context.update(processor(request))
    return frame_of(context | values)


def frame_part(name: str, frame: Frame) -> SafeString:
    """The frame's part `name` (of FRAME_PARTS) as `frame` renders it."""
    if settings.DEBUG:
        return _rendered.__wrapped__(FRAME_PARTS[name], frame)
    return _rendered(FRAME_PARTS[name], frame)


@functools.lru_cache(maxsize=64)
def frame_digest(frame: Frame) -> str:
    """What the whole frame shows, as a key: a digest of its rendered parts, so
    that it changes with their templates and the addresses of their files (a
    stylesheet of a new deploy) as well as with `frame`."""
    shown = "\x00".join(frame_part(name, frame) for name in FRAME_PARTS)
    return hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=256)
def _rendered(template_name: str, frame: Frame) -> SafeString:
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


@receiver(setting_changed)
def _forget_rendered(**kwargs) -> None:
    _rendered.cache_clear()
    frame_digest.cache_clear()
