"""Finding the actors a URL names, following merges, in one canonical order."""

from django.http import Http404
from django.urls import reverse

from .models import Entity, EntityRedirect

MAX_COMBINED = 6

# URL names per surface: (one actor, a combination of actors).
_ROUTES = {
    "page": ("entities:detail", "entities:combination"),
    "feed": ("entities:feed", "entities:combination_feed"),
    "atom": ("entities:atom", "entities:combination_atom"),
}


class Moved(Exception):
    """The actors live at another address: merged away, or slugs out of order."""

    def __init__(self, slugs: list[str]):
        super().__init__(slugs)
        self.slugs = slugs


def entities_url(slugs: list[str], surface: str = "page") -> str:
    one, combined = _ROUTES[surface]
    if len(slugs) == 1:
        return reverse(one, kwargs={"slug": slugs[0]})
    return reverse(combined, kwargs={"slugs": sorted(slugs)})


def find_entities(slugs: list[str], queryset=None) -> list[Entity]:
    """The actors named by `slugs`, sorted by slug; two queries at most.

    Raises Moved with the canonical slugs when the address should redirect (a
    merged actor, slugs repeated or out of order) and Http404 when one is unknown.
    """
    canonical = sorted(set(slugs))
    if len(canonical) > MAX_COMBINED:
        raise Http404(f"At most {MAX_COMBINED} actors can be combined.")
    queryset = Entity.objects.all() if queryset is None else queryset
    found = {entity.slug: entity for entity in queryset.filter(slug__in=canonical)}
    missing = [slug for slug in canonical if slug not in found]
    if missing:
        moved = dict(
            EntityRedirect.objects.filter(old_slug__in=missing).values_list(
                "old_slug", "target__slug"
            )
        )
        if len(moved) < len(missing):
            raise Http404("No such actor.")
        raise Moved(sorted({moved.get(slug, slug) for slug in canonical}))
    if canonical != slugs:
        raise Moved(canonical)
    return [found[slug] for slug in canonical]
