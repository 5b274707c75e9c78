"""Finding the actors a set of slugs names, following merges, in one canonical order."""

from django.http import Http404

from .models import Entity, EntityRedirect

MAX_COMBINED = 6


class Moved(Exception):
    """The actors live at other slugs: merged away, or slugs out of order."""

    def __init__(self, slugs: list[str]):
        super().__init__(slugs)
        self.slugs = slugs


def find_entities(slugs: list[str], queryset=None) -> list[Entity]:
    """The actors named by `slugs`, sorted by slug; two queries at most.

    Raises Moved with the canonical slugs when the address should redirect (a
    merged actor, slugs repeated or out of order) and Http404 when one is unknown.
    Every surface that takes an actor's slug (pages, feeds, the API) asks here,
    so a merged actor's old slug answers the same everywhere. `queryset` holds
    the actors the caller may show; an old slug whose actor is not among them
    is unknown too, so a redirect tells no more than the actor's own page would.
    """
    canonical = sorted(set(slugs))
    if len(canonical) > MAX_COMBINED:
        raise Http404(f"At most {MAX_COMBINED} actors can be combined.")
    queryset = Entity.objects.all() if queryset is None else queryset
    found = {entity.slug: entity for entity in queryset.filter(slug__in=canonical)}
    missing = [slug for slug in canonical if slug not in found]
    if missing:
        moved = dict(
            EntityRedirect.objects.filter(
                old_slug__in=missing, target__in=queryset
            ).values_list("old_slug", "target__slug")
        )
        if len(moved) < len(missing):
            raise Http404("No such actor.")
        raise Moved(sorted({moved.get(slug, slug) for slug in canonical}))
    if canonical != slugs:
        raise Moved(canonical)
    return [found[slug] for slug in canonical]


def find_entity(slug: str, queryset=None) -> Entity:
    """The one actor `slug` names; raises Moved or Http404 as `find_entities`."""
    [entity] = find_entities([slug], queryset)
    return entity
