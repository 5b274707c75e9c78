"""Addresses pages build: a page's canonical address, and reverse() for those
a page builds dozens of times (one per slug)."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The query parameters that choose what a page shows; anything else (tracking
# tags, typos) is not part of its canonical address.
CANONICAL_PARAMS = (
    "q",
    "entity",
    "section",
    "kind",
    "letter",
    "page",
    "before",
    "after",
    "order",
)


def canonical_address(request) -> str:
    """The absolute address of the page `request` asks for; a paginated
    page's includes its number."""
    params = request.GET.copy()
    for name in list(params):
        if name not in CANONICAL_PARAMS or not params[name]:
            del params[name]
    if params.get("page") == "1":
        del params["page"]
    query = params.urlencode()
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def slug_url(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`, remembered.

    An article page links each of its actors and those of its related
    coverage, and reverse() is a good part of its time. The address depends on
    nothing but these arguments, the URLconf and the script prefix the site is
    served under, so all four are in the key.
    """
    return _reversed(
        viewname, slug, get_urlconf(settings.ROOT_URLCONF), get_script_prefix()
    )


# Enough for every actor and the pieces read lately; a few MB per process.
@lru_cache(maxsize=20_000)
def _reversed(viewname: str, slug: str, urlconf: str, prefix: str) -> str:
    return reverse(viewname, kwargs={"slug": slug}, urlconf=urlconf)
