"""Related coverage: which other public pieces to read next, and why.

Each piece keeps a precomputed list of its best neighbours (RelatedArticle),
scored as `scoring` says, filtered by the public rule at read time; when a list
is missing or too short for the request, readers get the live ranking, which
scores the pieces nearest in time of each of the piece's actors
(RELATED_LIVE_PER_ACTOR on each side). `related_refresh` keeps the lists up to
date as pieces change, `related_rebuild` recomputes them all exactly.
"""

from .ranking import related_exact
from .reading import Related, related_for, related_live, related_served
from .refresh import related_refresh
from .weights import actor_weights_refresh

__all__ = [
    "Related",
    "actor_weights_refresh",
    "related_exact",
    "related_for",
    "related_live",
    "related_served",
    "related_rebuild",
    "related_refresh",
]


def __getattr__(name: str):
    # The rebuild holds the corpus in numpy, which the web processes that only
    # read and refresh lists need never load.
    if name == "related_rebuild":
        from .rebuild import related_rebuild

        return related_rebuild
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
