"""The reader addresses of one actor or of a combination of actors.

Here, beside `Entity.get_absolute_url`, rather than with the actor pages: the
search (articles) links the combination of the actors a query names too.
"""

from django.urls import reverse

# URL names per surface: (one actor, a combination of actors).
_ROUTES = {
    "page": ("entities:detail", "entities:combination"),
    "feed": ("entities:feed", "entities:combination_feed"),
    "atom": ("entities:atom", "entities:combination_atom"),
}


def entities_url(slugs: list[str], surface: str = "page") -> str:
    one, combined = _ROUTES[surface]
    if len(slugs) == 1:
        return reverse(one, kwargs={"slug": slugs[0]})
    return reverse(combined, kwargs={"slugs": sorted(slugs)})
