"""Related coverage's settings: RELATED_* in the project's settings if set
there, else the defaults here (two read from the environment, as the README's
configuration table says).

Read on every use, as `conf.RELATED_KEEP`, so that `override_settings` and
pytest-django's `settings` fixture take effect at once.
"""

import os

from django.conf import settings

DEFAULTS = {
    # τ: how fast time apart lowers a match.
    "RELATED_TIME_SCALE_DAYS": float(os.environ.get("RELATED_TIME_SCALE_DAYS", "30")),
    # Multipliers of an actor's rarity weight by kind, e.g. {"country": 0.5}.
    "RELATED_KIND_WEIGHTS": {},
    # How many neighbours each piece keeps.
    "RELATED_KEEP": 20,
    # How many pieces per actor and side in time the live ranking and a refresh
    # look at.
    "RELATED_LIVE_PER_ACTOR": 30,
    "RELATED_REFRESH_PER_ACTOR": 100,
    # How many of its best matches a refreshed piece is offered to as a neighbour.
    "RELATED_OFFER_LIMIT": 300,
    # A refresh recounts an actor's pieces only below this count; one piece more
    # or less moves the weight of a more frequent actor by under 0.1 %.
    "RELATED_RECOUNT_BELOW": 1000,
    # More changed pieces than this at once (a big import, a merge of a large
    # actor) are not refreshed in the writer's transaction: background tasks
    # refresh them, this many per task, and they are ranked live meanwhile.
    "RELATED_REFRESH_MAX": int(os.environ.get("RELATED_REFRESH_MAX", "200")),
    # Changed pieces above this share of the public ones are caught up by
    # rebuilding every list: a rebuild costs ~2.5 ms a piece, a refresh
    # ~160 ms (PostgreSQL, 3,600 pieces, 2 busy cores), so refreshing more
    # than ~1.5 % of them costs more than rebuilding them all.
    "RELATED_REBUILD_SHARE": 0.015,
}


def __getattr__(name: str):
    if name not in DEFAULTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(settings, name, DEFAULTS[name])
