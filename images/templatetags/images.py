"""Reader markup of images: <picture> with srcset, and absolute rendition URLs."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from images.inspection import MEDIA_TYPES

register = template.Library()

# The width an <img> without srcset support shows: enough for most screens.
_PLAIN_SRC_WIDTH = 640


@register.simple_tag
def picture(image, *, sizes: str, purpose: str = "width", lazy: bool = True) -> str:
    """`image` in every format and width made for `purpose`, for the browser to
    choose from; width and height give its shape before it loads. Lazy unless
    it is at the top of the page (`lazy=False`: the article's lead image)."""
    sources = image.sources(purpose) if image else []
    if not sources:
        return ""
    *better, (_, fallback) = sources
    largest = fallback[-1]
    plain = next((r for r in fallback if r.width >= _PLAIN_SRC_WIDTH), largest)
    loading = (
        SafeString(' loading="lazy" decoding="async"')
        if lazy
        else SafeString(' fetchpriority="high"')
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}"{}></picture>',
        format_html_join(
            "",
            '<source type="{}" srcset="{}" sizes="{}">',
            ((MEDIA_TYPES[f], srcset(found), sizes) for f, found in better),
        ),
        plain.url,
        srcset(fallback),
        sizes,
        largest.width,
        largest.height,
        image.alt_text,
        loading,
    )


def srcset(renditions) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


@register.simple_tag(takes_context=True)
def absolute_url(context, rendition) -> str:
    return context["request"].build_absolute_uri(rendition.url)
