"""Which sections readers may see: those with a public piece, and no other."""

from django.http import Http404

from articles.models import sections_with_public_pieces
from newsroom.page_cache import fresh_cached
from sections.models import Section

_HEADER = "sections:header"
# The list moves on with the content generation, as every reader page does.
_HEADER_SECONDS = 3600


def find_section(slug: str) -> Section:
    """The section at `slug` if readers may see it; otherwise Http404, exactly
    as for a slug nobody has."""
    section = sections_with_public_pieces().filter(slug=slug).first()
    if section is None:
        raise Http404("No such section.")
    return section


def header_sections() -> list[tuple[str, str]]:
    """(name, address) of the sections for the site's navigation: one query
    per change of the site's content, read from the cache in between."""
    return fresh_cached(
        _HEADER,
        lambda: [
            (section.name, section.get_absolute_url())
            for section in sections_with_public_pieces().only("name", "slug")
        ],
        timeout=lambda: _HEADER_SECONDS,
    )
